package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// Main runs the command line of this process and returns its exit code.
// The first SIGINT or SIGTERM cancels the request in flight, and the
// command then exits with 128 plus the signal's number. A second signal
// ends the process at once.
func Main() int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)

	stop := cancelOnSignal(cancel)
	defer stop()

	return Run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
}

// cancelOnSignal cancels with an *interruptError cause on the first
// SIGINT or SIGTERM, then restores the default handling so that another
// signal kills the process. The returned function stops listening.
func cancelOnSignal(cancel context.CancelCauseFunc) (stop func()) {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)

	done := make(chan struct{})
	go func() {
		select {
		case sig := <-signals:
			signal.Stop(signals)
			cancel(&interruptError{signal: sig})
		case <-done:
		}
	}()

	return func() {
		signal.Stop(signals)
		close(done)
	}
}
