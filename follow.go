package servicestage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
)

// FollowBuildLog writes the log of the build with the given id to w as it
// grows, from offset 0, until the build has reached a final state and the
// whole log is written. It returns nil then, whatever the final state: call
// WaitForBuild or GetBuild for the outcome. opts set the polling intervals
// and the state callback as for WaitForBuild.
//
// Each GetBuildLog call continues from the previous response's Next. No
// byte is written twice: when Next does not advance, a later response for
// the same offset adds only the text beyond what was already written, on
// the understanding that the service returns the log from the requested
// offset. When a poll finds no new text, FollowBuildLog reads the build's
// state and, once it is final, reads the log until a response adds nothing.
//
// Errors are handled as in WaitForBuild: 429, 5xx and HTTP attempt
// timeouts are retried until ctx ends, and any other error, including one
// from w, is returned at once.
func (c *Client) FollowBuildLog(ctx context.Context, buildID string, w io.Writer,
	opts ...WaitOption) error {
	const operation = "follow build log"
	if err := checkID(operation, "build id", buildID); err != nil {
		return err
	}

	switch {
	case ctx == nil:
		return invalidArgument(operation, "context is nil; pass context.Background()")
	case w == nil:
		return invalidArgument(operation, "writer is nil; pass an io.Writer such as os.Stdout")
	}

	cfg, err := newPollConfig(operation, opts)
	if err != nil {
		return err
	}

	f := &logFollower{client: c, buildID: buildID, w: w}
	return f.follow(ctx, cfg)
}

// logFollower holds the position of a log being followed.
type logFollower struct {
	client  *Client
	buildID string
	w       io.Writer

	// offset is the from of the next GetBuildLog call.
	offset int

	// written is how many bytes of the text at offset were written already,
	// which is more than 0 only after a response whose Next did not
	// advance.
	written int
}

// follow reads the log until the build is final and a read adds nothing.
func (f *logFollower) follow(ctx context.Context, cfg *pollConfig) error {
	const operation = "follow build log"
	watcher := &stateWatcher{onChange: cfg.onStateChange}
	interval := cfg.interval
	final := false
	var last *Build
	var pollErr error
	for {
		wrote, err := f.read(ctx)
		switch {
		case err == nil && wrote && final:
			continue
		case err == nil && wrote:
			interval, pollErr = cfg.interval, nil
		case err == nil && final:
			return nil
		case err == nil:
			var build *Build
			build, err = f.client.GetBuild(ctx, f.buildID)
			if err == nil {
				last, pollErr = build, nil
				watcher.observe(build)
				if build.State.IsFinal() {
					final = true
					continue
				}
			}
		}

		if err != nil {
			var writeErr *logWriteError
			if errors.As(err, &writeErr) {
				return err
			}

			if ctx.Err() != nil {
				return stoppedError(operation, f.buildID, ctx.Err(), last, pollErr)
			}

			if !isTransient(ctx, err) {
				return err
			}

			pollErr = err
		}

		if err := sleepContext(ctx, interval); err != nil {
			return stoppedError(operation, f.buildID, err, last, pollErr)
		}

		interval = cfg.next(interval)
	}
}

// read requests the log from the current offset, writes the text not
// written yet and moves the offset to Next when Next advances. It reports
// whether it wrote anything.
func (f *logFollower) read(ctx context.Context) (bool, error) {
	log, err := f.client.GetBuildLog(ctx, f.buildID, f.offset)
	if err != nil {
		return false, err
	}

	wrote := false
	if len(log.Log) > f.written {
		if _, err := io.WriteString(f.w, log.Log[f.written:]); err != nil {
			return false, &logWriteError{buildID: f.buildID, err: err}
		}

		wrote = true
	}

	next := log.Next
	if next > FlexInt(f.offset) && next <= math.MaxInt {
		f.offset, f.written = int(next), 0
	} else {
		f.written = max(f.written, len(log.Log))
	}

	return wrote, nil
}

// logWriteError is a failed write to the caller's writer. It is never
// retried, because some of the text may have been written.
type logWriteError struct {
	buildID string
	err     error
}

func (e *logWriteError) Error() string {
	return fmt.Sprintf("servicestage: follow build log %q: write log: %v", e.buildID, e.err)
}

func (e *logWriteError) Unwrap() error { return e.err }
