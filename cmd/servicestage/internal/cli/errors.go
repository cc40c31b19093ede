package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/servicestage-go/servicestage"
)

// errorPrefix starts every error line the command prints.
const errorPrefix = "servicestage: "

// usageError is a mistake on the command line or in the configuration,
// found before any request was sent.
type usageError struct {
	message string
}

func (e *usageError) Error() string { return e.message }

// usageErrorf returns a *usageError with a formatted message.
func usageErrorf(format string, args ...any) error {
	return &usageError{message: fmt.Sprintf(format, args...)}
}

// reportedError is a failure that the command has already printed, on
// stderr and in its JSON document. Only its exit code is left to set.
type reportedError struct {
	err error
}

func (e *reportedError) Error() string { return e.err.Error() }

func (e *reportedError) Unwrap() error { return e.err }

// buildEndedError reports a waited-for build that ended in a final state
// other than Successful.
type buildEndedError struct {
	build *servicestage.Build
}

func (e *buildEndedError) Error() string {
	return fmt.Sprintf("build %s ended %s; read its log with 'servicestage builds logs %s'",
		e.build.BuildID, e.build.State, e.build.BuildID)
}

// waitTimeoutError reports a wait that --timeout ended before the build
// reached a final state.
type waitTimeoutError struct {
	buildID string
	state   servicestage.BuildState
	timeout time.Duration
}

func (e *waitTimeoutError) Error() string {
	state := "in an unknown state"
	if e.state != "" {
		state = string(e.state)
	}

	return fmt.Sprintf("build %s is still %s after waiting %v (--timeout); it keeps "+
		"running: wait again with 'servicestage builds wait %s'", e.buildID, state,
		e.timeout, e.buildID)
}

// interruptError is the cause of a context cancelled by a signal.
type interruptError struct {
	signal os.Signal
}

func (e *interruptError) Error() string {
	return "interrupted by " + signalName(e.signal)
}

// exitCode returns 128 plus the signal's number.
func (e *interruptError) exitCode() int {
	if sig, ok := e.signal.(syscall.Signal); ok {
		return exitSignalBase + int(sig)
	}

	return exitSignalBase + int(syscall.SIGINT)
}

// signalName returns the conventional name of sig, such as "SIGINT".
func signalName(sig os.Signal) string {
	switch sig {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}

	return sig.String()
}

// failure is an error with what the command prints and exits with.
type failure struct {
	err      error
	message  string
	kind     string
	exitCode int
}

// Kinds of failure, as the "kind" field of the JSON error document.
const (
	kindUsage       = "usage"
	kindAPI         = "api"
	kindNetwork     = "network"
	kindBuild       = "build"
	kindTimeout     = "timeout"
	kindInterrupted = "interrupted"
)

// classify maps err to its exit code and kind. An interrupt of ctx wins
// over whatever error the interrupted call returned, and hint, when set,
// is added to its message.
func classify(ctx context.Context, err error, hint string) failure {
	var interrupt *interruptError
	if ctx.Err() != nil && errors.As(context.Cause(ctx), &interrupt) {
		message := interrupt.Error() + "; cancelled the request in flight"
		if hint != "" {
			message += "; " + hint
		}

		return failure{err: err, message: message, kind: kindInterrupted,
			exitCode: interrupt.exitCode()}
	}

	f := failure{err: err, message: err.Error(), kind: kindNetwork, exitCode: ExitError}
	var usage *usageError
	var ended *buildEndedError
	var timeout *waitTimeoutError
	var apiErr *servicestage.APIError
	var decodeErr *servicestage.DecodeError
	switch {
	case errors.As(err, &usage), errors.Is(err, servicestage.ErrInvalidArgument):
		f.kind, f.exitCode = kindUsage, ExitUsage
	case errors.As(err, &ended):
		f.kind, f.exitCode = kindBuild, buildExitCode(ended.build.State)
	case errors.As(err, &timeout):
		f.kind, f.exitCode = kindTimeout, ExitWaitTimeout
	case errors.As(err, &apiErr), errors.As(err, &decodeErr):
		f.kind = kindAPI
	}

	return f
}

// buildExitCode returns the exit code for a build's final state.
func buildExitCode(state servicestage.BuildState) int {
	switch state {
	case servicestage.BuildStateSuccessful:
		return ExitOK
	case servicestage.BuildStateCancel, servicestage.BuildStateDeleted:
		return ExitBuildStopped
	}

	return ExitBuildFailed
}

// errorLine returns message as the one line printed on stderr, starting
// with the command's name.
func errorLine(message string) string {
	message = strings.Join(strings.Fields(message), " ")
	if !strings.HasPrefix(message, errorPrefix) {
		message = errorPrefix + message
	}

	return message
}
