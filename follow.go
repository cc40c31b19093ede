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
// byte is written twice: FollowBuildLog tracks the log offset up to which
// it has written, and writes only the text of a response beyond it, on the
// understanding that the service returns the log from the requested
// offset. So a Next that stalls, moves back or lags the returned text
// repeats nothing. When a poll finds no new text, FollowBuildLog reads the
// build's state and, once it is final, reads the log until a response adds
// nothing. It reads a final build's log without pausing while Next
// advances, at most maxDrainReads times, and otherwise waits the poll
// interval between reads.
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

	// end is the log offset up to which text has been written.
	end int

	// advanced reports whether the last read moved offset forward.
	advanced bool
}

// maxDrainReads bounds the reads of a final build's log made without a
// pause, so a service whose log never stops growing cannot keep the loop
// busy.
const maxDrainReads = 1000

// follow reads the log until the build is final and a read adds nothing.
func (f *logFollower) follow(ctx context.Context, cfg *pollConfig) error {
	const operation = "follow build log"
	watcher := &stateWatcher{onChange: cfg.onStateChange}
	interval := cfg.interval
	final := false
	drainReads := 0
	var last *Build
	var pollErr error
	for {
		wrote, err := f.read(ctx)
		switch {
		case err == nil && wrote && final && f.advanced && drainReads < maxDrainReads:
			drainReads++
			continue
		case err == nil && wrote && final:
			interval = cfg.interval
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

// read requests the log from the current offset, writes the text beyond
// what was written already and moves the offset to Next when Next
// advances. It reports whether it wrote anything.
func (f *logFollower) read(ctx context.Context) (bool, error) {
	log, err := f.client.GetBuildLog(ctx, f.buildID, f.offset)
	if err != nil {
		return false, err
	}

	wrote := false
	skip := f.end - f.offset
	if len(log.Log) > skip {
		if _, err := io.WriteString(f.w, log.Log[skip:]); err != nil {
			return false, &logWriteError{buildID: f.buildID, err: err}
		}

		wrote = true
		f.end = f.offset + len(log.Log)
	}

	next := log.Next
	f.advanced = next > FlexInt(f.offset) && next <= math.MaxInt32
	if f.advanced {
		f.offset = int(next)
		f.end = max(f.end, f.offset)
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
