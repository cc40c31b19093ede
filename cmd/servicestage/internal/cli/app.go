// Package cli implements the servicestage command: its commands, its
// configuration from flags and the environment, its output and its exit
// codes. Run executes one command line in-process, and Main is the program.
package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/servicestage-go/servicestage"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// app is one run of the command: its streams, its flags and what it has
// written so far.
type app struct {
	args           []string
	getenv         func(string) string
	stderr         io.Writer
	stderrTerminal bool
	flags          globalFlags
	out            *output

	// ran is set once a command's own code starts, so any error returned
	// before that came from parsing the command line.
	ran bool

	// interruptHint is added to the message printed after an interrupt,
	// such as how to cancel a build that keeps running.
	interruptHint string

	// buildID and jobID name the build and the job the command is working
	// on, for the JSON error document.
	buildID string
	jobID   string

	// failureDocument, when set, returns the JSON document to print for a
	// failure described by detail in place of the error document, so a
	// command can keep the output it gathered before the failure.
	failureDocument func(detail errorDetail) any
}

// Run executes the command line args, reading configuration through
// getenv, and returns the exit code. A context cancelled with an
// *interruptError cause, as Main does on SIGINT and SIGTERM, makes the
// command stop and exit with 128 plus the signal's number.
func Run(ctx context.Context, args []string, getenv func(string) string,
	stdout, stderr io.Writer) int {
	a := &app{
		args:           args,
		getenv:         getenv,
		stderr:         stderr,
		stderrTerminal: isTerminal(stderr),
		out:            &output{w: stdout, format: formatTable},
	}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)

	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}

	return a.fail(ctx, cmd, err)
}

// fail prints err as one line on stderr and, under -o json when no
// document was written yet, as a JSON error document on stdout. It
// returns the exit code.
func (a *app) fail(ctx context.Context, cmd *cobra.Command, err error) int {
	var f failure
	if a.ran {
		f = classify(ctx, err, a.interruptHint)
	} else {
		f = failure{err: err, kind: kindUsage, exitCode: ExitUsage,
			message: fmt.Sprintf("%v; see '%s --help'", err, cmd.CommandPath())}
	}

	var reported *reportedError
	if errors.As(err, &reported) {
		return f.exitCode
	}

	line := errorLine(f.message)
	fmt.Fprintln(a.stderr, line)

	if a.wantsJSON() && !a.out.documented {
		a.out.format = formatJSON
		detail := newErrorDetail(f)
		detail.Message = line
		detail.BuildID = cmp.Or(detail.BuildID, a.buildID)
		detail.JobID = cmp.Or(detail.JobID, a.jobID)
		var doc any = errorDocument{Error: detail}
		if a.failureDocument != nil {
			doc = a.failureDocument(detail)
		}

		if err := a.out.writeJSON(doc); err != nil {
			fmt.Fprintln(a.stderr, errorLine(err.Error()))
		}
	}

	return f.exitCode
}

// wantsJSON reports whether -o json was given. Before a command's code
// runs, the flags may not have been parsed, such as after an unknown flag
// or command, so the command line itself is read.
func (a *app) wantsJSON() bool {
	if a.ran {
		return a.flags.output == formatJSON
	}

	return outputFormatInArgs(a.args) == formatJSON
}

// action wraps a command's code: it marks the run as started and checks
// the output format first.
func (a *app) action(fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command,
	[]string) error {
	return func(cmd *cobra.Command, args []string) error {
		a.ran = true
		switch a.flags.output {
		case formatTable, formatJSON:
			a.out.format = a.flags.output
		default:
			return usageErrorf("invalid output format %q for -o; pass table or json",
				a.flags.output)
		}

		return fn(cmd, args)
	}
}

// client returns an SDK client configured from the flags and the
// environment.
func (a *app) client(cmd *cobra.Command) (*servicestage.Client, error) {
	cfg, err := resolveConfig(cmd.Flags(), &a.flags, a.getenv)
	if err != nil {
		return nil, err
	}

	client, err := newClient(cfg, a.stderr)
	if err != nil {
		return nil, explainClientError(err, cfg)
	}

	if warning := plainHTTPWarning(client.Endpoint(), cfg.credentials); warning != "" {
		fmt.Fprintln(a.stderr, errorLine(warning))
	}

	return client, nil
}

// explainClientError adds to a rejected configuration where its endpoint
// and credentials came from. Other errors are returned unchanged.
func explainClientError(err error, cfg *config) error {
	if !errors.Is(err, servicestage.ErrInvalidArgument) {
		return err
	}

	message := strings.TrimPrefix(err.Error(), errorPrefix)
	return usageErrorf("%s (endpoint from %s, %s)", message, cfg.endpointSource,
		cfg.credentialSources())
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
