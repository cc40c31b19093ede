package cli

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/servicestage-go/servicestage"
	"github.com/spf13/pflag"
)

// defaultWaitTimeout bounds a wait unless --timeout sets another, so that
// a script's wait ends even when the build never does.
const defaultWaitTimeout = time.Hour

// errWaitTimeout is the cause of a wait context that --timeout ended.
var errWaitTimeout = errors.New("wait timed out")

// waitFlags holds the flags of the commands that wait for a build.
type waitFlags struct {
	timeout         time.Duration
	pollInterval    time.Duration
	maxPollInterval time.Duration
}

// add adds the wait flags to fs.
func (wf *waitFlags) add(fs *pflag.FlagSet) {
	fs.DurationVar(&wf.timeout, "timeout", defaultWaitTimeout,
		"how long to wait for the build to end, as a duration such as 90s or 30m; "+
			"0 waits without limit")
	fs.DurationVar(&wf.pollInterval, "poll-interval", servicestage.DefaultPollInterval,
		"first wait between two reads of the build, as a duration; it doubles while "+
			"nothing changes")
	fs.DurationVar(&wf.maxPollInterval, "max-poll-interval", servicestage.DefaultMaxPollInterval,
		"longest wait between two reads of the build, as a duration")
}

// check rejects values the wait cannot use.
func (wf *waitFlags) check() error {
	switch {
	case wf.timeout < 0:
		return usageErrorf("--timeout is %v; pass a positive duration, or 0 for no limit",
			wf.timeout)
	case wf.pollInterval <= 0:
		return usageErrorf("--poll-interval is %v; pass a positive duration such as 2s",
			wf.pollInterval)
	case wf.maxPollInterval < wf.pollInterval:
		return usageErrorf("--max-poll-interval %v is shorter than --poll-interval %v; "+
			"pass a longer one", wf.maxPollInterval, wf.pollInterval)
	}

	return nil
}

// context returns ctx limited by --timeout.
func (wf *waitFlags) context(ctx context.Context) (context.Context, context.CancelFunc) {
	if wf.timeout == 0 {
		return context.WithCancel(ctx)
	}

	return context.WithTimeoutCause(ctx, wf.timeout, errWaitTimeout)
}

// options returns the polling options, reporting state changes to p.
func (wf *waitFlags) options(p *progress) []servicestage.WaitOption {
	return []servicestage.WaitOption{
		servicestage.PollInterval(wf.pollInterval),
		servicestage.MaxPollInterval(wf.maxPollInterval),
		servicestage.OnStateChange(p.onState),
	}
}

// timeoutError returns a *waitTimeoutError when --timeout ended waitCtx,
// with state as the build's last known state, and err otherwise.
func (wf *waitFlags) timeoutError(waitCtx context.Context, err error, buildID string,
	state servicestage.BuildState) error {
	if timedOut(waitCtx) {
		return &waitTimeoutError{buildID: buildID, state: state, timeout: wf.timeout}
	}

	return err
}

// timedOut reports whether --timeout ended waitCtx.
func timedOut(waitCtx context.Context) bool {
	return errors.Is(context.Cause(waitCtx), errWaitTimeout)
}

// stateReadLimit bounds the read of a build's state after --timeout ended
// a log follow.
const stateReadLimit = 10 * time.Second

// stateAfterFollow returns the build's state after following its log
// ended. A follow reads the state only while the log is quiet, so after
// --timeout it reads the state once more, within stateReadLimit. When that
// read fails, or following ended otherwise, it returns the last state that
// p saw, or "".
func stateAfterFollow(cmdCtx, waitCtx context.Context, client *servicestage.Client,
	buildID string, p *progress) servicestage.BuildState {
	if !timedOut(waitCtx) || cmdCtx.Err() != nil {
		return p.lastState()
	}

	ctx, cancel := context.WithTimeout(cmdCtx, stateReadLimit)
	defer cancel()

	build, err := client.GetBuild(ctx, buildID)
	if err != nil {
		return p.lastState()
	}

	return build.State
}

// waitAndPrint waits for the build to end, reporting its states on
// stderr, then prints it: as the JSON document on stdout, or as text to
// textTo. A build that ends other than Successful returns a
// *buildEndedError after it is printed.
func (a *app) waitAndPrint(ctx context.Context, client *servicestage.Client, buildID string,
	wf *waitFlags, p *progress, textTo io.Writer) error {
	build, err := client.WaitForBuild(ctx, buildID, wf.options(p)...)
	p.close()

	var stateErr *servicestage.BuildStateError
	switch {
	case errors.As(err, &stateErr) && build != nil:
		if err := a.printBuildTo(textTo, build); err != nil {
			return err
		}

		return &buildEndedError{build: build}
	case err != nil:
		return wf.timeoutError(ctx, err, buildID, p.lastState())
	}

	return a.printBuildTo(textTo, build)
}
