package servicestage

import (
	"context"
	"errors"
	"fmt"
)

// Errors that a build's final state other than Successful matches through
// errors.Is, as returned by WaitForBuild.
var (
	ErrBuildFailed    = errors.New("servicestage: build failed")
	ErrBuildTimedOut  = errors.New("servicestage: build timed out")
	ErrBuildCancelled = errors.New("servicestage: build cancelled")
	ErrBuildDeleted   = errors.New("servicestage: build deleted")
)

// BuildStateError reports a build that reached a final state other than
// Successful. It matches ErrBuildFailed, ErrBuildTimedOut,
// ErrBuildCancelled or ErrBuildDeleted through errors.Is, by its state.
type BuildStateError struct {
	// BuildID is the build that ended.
	BuildID string

	// State is the final state it ended in.
	State BuildState
}

// Error returns one line naming the build and its state.
func (e *BuildStateError) Error() string {
	return fmt.Sprintf("servicestage: build %q ended in state %s; read its log with "+
		"GetBuildLog for the cause", e.BuildID, e.State)
}

// Is reports whether target is the sentinel error for e's state.
func (e *BuildStateError) Is(target error) bool {
	switch target {
	case ErrBuildFailed:
		return e.State == BuildStateFailed
	case ErrBuildTimedOut:
		return e.State == BuildStateTimeout
	case ErrBuildCancelled:
		return e.State == BuildStateCancel
	case ErrBuildDeleted:
		return e.State == BuildStateDeleted
	}

	return false
}

// finalStateError returns nil for a Successful build and a
// *BuildStateError for any other.
func finalStateError(b *Build) error {
	if b.State == BuildStateSuccessful {
		return nil
	}

	return &BuildStateError{BuildID: b.BuildID, State: b.State}
}

// WaitForBuild polls the build with the given id with GetBuild until it
// reaches a final state, and returns it. A nil error means the build ended
// Successful. Any other final state returns the build together with a
// *BuildStateError, which matches ErrBuildFailed, ErrBuildTimedOut,
// ErrBuildCancelled or ErrBuildDeleted.
//
// The wait between polls starts at the PollInterval and doubles up to the
// MaxPollInterval whenever a poll finds no change. A poll that fails with
// 429, a 5xx status or an HTTP attempt timeout is repeated, so give ctx a
// deadline to bound the wait. Any other error ends the wait and is
// returned with the last build read, if any. When ctx ends, WaitForBuild
// returns at once with an error wrapping ctx.Err().
func (c *Client) WaitForBuild(ctx context.Context, buildID string, opts ...WaitOption) (*Build,
	error) {
	const operation = "wait for build"
	if err := checkID(operation, "build id", buildID); err != nil {
		return nil, err
	}

	if ctx == nil {
		return nil, invalidArgument(operation, "context is nil; pass context.Background()")
	}

	cfg, err := newPollConfig(operation, opts)
	if err != nil {
		return nil, err
	}

	watcher := &stateWatcher{onChange: cfg.onStateChange}
	interval := cfg.interval
	var last *Build
	var pollErr error
	for {
		build, err := c.GetBuild(ctx, buildID)
		switch {
		case err == nil:
			last, pollErr = build, nil
			if build.State.IsFinal() {
				watcher.observe(build)
				return build, finalStateError(build)
			}

			if watcher.observe(build) {
				interval = cfg.interval
			}
		case ctx.Err() != nil:
			return last, stoppedError(operation, buildID, ctx.Err(), last, pollErr)
		case isTransient(ctx, err):
			pollErr = err
		default:
			return last, err
		}

		if err := sleepContext(ctx, interval); err != nil {
			return last, stoppedError(operation, buildID, err, last, pollErr)
		}

		interval = cfg.next(interval)
	}
}
