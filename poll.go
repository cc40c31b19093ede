package servicestage

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Polling intervals of WaitForBuild and FollowBuildLog unless PollInterval
// and MaxPollInterval set others. The wait after each poll that finds no
// change doubles, from DefaultPollInterval up to DefaultMaxPollInterval.
const (
	DefaultPollInterval    = 2 * time.Second
	DefaultMaxPollInterval = 30 * time.Second
)

// WaitOption configures WaitForBuild and FollowBuildLog.
type WaitOption func(*pollConfig) error

// pollConfig collects what the wait options set.
type pollConfig struct {
	interval      time.Duration
	maxInterval   time.Duration
	maxSet        bool
	onStateChange func(*Build)
}

// PollInterval sets the first wait between two polls, which doubles after
// each poll that finds no change. It must be positive. The default is
// DefaultPollInterval.
func PollInterval(d time.Duration) WaitOption {
	return func(cfg *pollConfig) error {
		if d <= 0 {
			return fmt.Errorf("PollInterval: interval %v is not positive; pass a duration "+
				"such as 2*time.Second", d)
		}

		cfg.interval = d
		return nil
	}
}

// MaxPollInterval caps the wait between two polls. It must be positive and
// at least the PollInterval. The default is DefaultMaxPollInterval, or the
// PollInterval when that is longer.
func MaxPollInterval(d time.Duration) WaitOption {
	return func(cfg *pollConfig) error {
		if d <= 0 {
			return fmt.Errorf("MaxPollInterval: interval %v is not positive; pass a duration "+
				"such as 30*time.Second", d)
		}

		cfg.maxInterval = d
		cfg.maxSet = true
		return nil
	}
}

// OnStateChange calls fn with the build each time a poll finds it in a
// state other than the one the previous poll found, starting with the
// first poll. fn runs on the polling goroutine, so the wait pauses until
// it returns.
func OnStateChange(fn func(*Build)) WaitOption {
	return func(cfg *pollConfig) error {
		if fn == nil {
			return errors.New("OnStateChange: function is nil")
		}

		cfg.onStateChange = fn
		return nil
	}
}

// newPollConfig applies opts to the defaults and checks the result.
func newPollConfig(operation string, opts []WaitOption) (*pollConfig, error) {
	cfg := &pollConfig{interval: DefaultPollInterval, maxInterval: DefaultMaxPollInterval}
	for i, opt := range opts {
		if opt == nil {
			return nil, invalidArgument(operation, "option %d is nil", i)
		}

		if err := opt(cfg); err != nil {
			return nil, invalidArgument(operation, "%v", err)
		}
	}

	if !cfg.maxSet {
		cfg.maxInterval = max(cfg.maxInterval, cfg.interval)
	}

	if cfg.maxInterval < cfg.interval {
		return nil, invalidArgument(operation, "MaxPollInterval %v is shorter than "+
			"PollInterval %v; pass a cap at least as long", cfg.maxInterval, cfg.interval)
	}

	return cfg, nil
}

// next returns the wait that follows a wait of interval: twice as long, at
// most the cap.
func (cfg *pollConfig) next(interval time.Duration) time.Duration {
	if interval >= cfg.maxInterval/2 {
		return cfg.maxInterval
	}

	return 2 * interval
}

// stateWatcher calls the OnStateChange function when a polled build's
// state differs from the last one seen.
type stateWatcher struct {
	onChange func(*Build)
	seen     bool
	state    BuildState
}

// observe records b's state and reports whether it changed, calling the
// callback when it did.
func (w *stateWatcher) observe(b *Build) bool {
	if w.seen && b.State == w.state {
		return false
	}

	w.seen = true
	w.state = b.State
	if w.onChange != nil {
		w.onChange(b)
	}

	return true
}

// sleepContext waits for d, or returns the context's error as soon as it
// is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()

	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// isTransient reports whether a failed poll is worth repeating: a 429 or
// 5xx response, or an HTTP attempt that timed out while the context is
// still live. Every other error, such as a 4xx response or an invalid
// body, would fail again.
func isTransient(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}

	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode == http.StatusTooManyRequests ||
			(apiErr.StatusCode >= 500 && apiErr.StatusCode <= 599)
	}

	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

// stoppedError returns the error of a wait that ended because its context
// did, naming the last state seen and the last poll error, if any.
func stoppedError(operation, buildID string, ctxErr error, last *Build, pollErr error) error {
	state := "no state read yet"
	if last != nil {
		state = "last state " + string(last.State)
	}

	if pollErr != nil {
		return fmt.Errorf("servicestage: %s %q: %w (%s; last poll error: %w)",
			operation, buildID, ctxErr, state, pollErr)
	}

	return fmt.Errorf("servicestage: %s %q: %w (%s)", operation, buildID, ctxErr, state)
}
