package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/servicestage-go/servicestage"
	"github.com/spf13/cobra"
)

func (a *app) buildsStartCommand() *cobra.Command {
	var wf waitFlags
	var wait, follow bool
	cmd := &cobra.Command{
		Use:   "start JOB_ID [--wait] [--follow]",
		Short: "Start a build of a job",
		Long: `Start a build of the job and print it in the form builds get uses. Under
-o json that is the build document, whose state field is build_state, with
or without --wait. Without --wait, only the fields of the service's start
response are filled.

With --wait, report the build's state changes on stderr until it ends, then
print the ended build; the exit code says how it ended. --follow also
prints the build's log as it grows: on stdout, with the ended build on
stderr, or on stderr under -o json so stdout keeps one JSON document.`,
		Args: exactArg("JOB_ID"),
		RunE: a.action(func(cmd *cobra.Command, args []string) error {
			if err := wf.check(); err != nil {
				return err
			}

			client, err := a.client(cmd)
			if err != nil {
				return err
			}

			jobID := args[0]
			a.jobID = jobID
			maybeStarted := "the build may have started: list the job's builds with " +
				"'servicestage builds list --job " + jobID + "'"
			a.interruptHint = maybeStarted
			started, err := client.StartBuild(cmd.Context(), jobID)
			if isTimeout(err) {
				return fmt.Errorf("%w; %s", err, maybeStarted)
			}

			if err != nil {
				return err
			}

			a.buildID = started.BuildID
			if !wait && !follow {
				return a.printBuild(buildFromStarted(started))
			}

			a.interruptHint = fmt.Sprintf("build %s keeps running: cancel it with "+
				"'servicestage builds cancel %s'", started.BuildID, started.BuildID)
			fmt.Fprintf(a.stderr, "started build %s (#%d) of job %s\n", started.BuildID,
				started.Index, printable(started.JobName))

			ctx, cancel := wf.context(cmd.Context())
			defer cancel()

			p := newProgress(a.stderr, started.BuildID, a.stderrTerminal && !follow)
			p.start()
			if follow {
				if err := client.FollowBuildLog(ctx, started.BuildID, a.logWriter(),
					wf.options(p)...); err != nil {
					p.close()
					state := stateAfterFollow(cmd.Context(), ctx, client, started.BuildID, p)
					return wf.timeoutError(ctx, err, started.BuildID, state)
				}
			}

			// A followed log fills stdout, so the ended build goes to stderr
			// and stdout holds only the log.
			textTo := a.out.w
			if follow {
				textTo = a.stderr
			}

			return a.waitAndPrint(ctx, client, started.BuildID, &wf, p, textTo)
		}),
	}
	cmd.Flags().BoolVar(&wait, "wait", false,
		"wait for the build to end and exit with a code for how it ended")
	cmd.Flags().BoolVar(&follow, "follow", false,
		"print the build's log as it grows until the build ends; implies --wait")
	wf.add(cmd.Flags())
	return cmd
}

// logWriter returns where a followed log goes: stdout, or stderr under
// -o json.
func (a *app) logWriter() io.Writer {
	if a.out.isJSON() {
		return a.stderr
	}

	return a.out.w
}

// isTimeout reports whether err is a timed-out request, which the service
// may have received and acted on before the response was lost.
func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}

	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

// buildFromStarted returns the fields of a start response as a Build, so
// that builds start prints one shape whether or not it waits. The start
// response's duration and progress have no Build field, so they are
// dropped.
func buildFromStarted(started *servicestage.StartedBuild) *servicestage.Build {
	return &servicestage.Build{
		BuildID:   started.BuildID,
		JobID:     started.JobID,
		JobName:   started.JobName,
		Index:     started.Index,
		StartedAt: started.StartedAt,
		EndedAt:   started.EndedAt,
		State:     started.State,
		CommitID:  started.CommitID,
		Committer: started.Committer,
	}
}

func (a *app) buildsWaitCommand() *cobra.Command {
	var wf waitFlags
	cmd := &cobra.Command{
		Use:   "wait BUILD_ID [--timeout D]",
		Short: "Wait for a build to end",
		Long: "Report the build's state changes on stderr until it ends, then print the " +
			"ended build. The exit code says how it ended: 0 Successful, 3 Failed or " +
			"Timeout, 4 Cancel or Deleted, 5 still running when --timeout ended the wait.",
		Args: exactArg("BUILD_ID"),
		RunE: a.action(func(cmd *cobra.Command, args []string) error {
			if err := wf.check(); err != nil {
				return err
			}

			client, err := a.client(cmd)
			if err != nil {
				return err
			}

			ctx, cancel := wf.context(cmd.Context())
			defer cancel()

			a.buildID = args[0]
			p := newProgress(a.stderr, args[0], a.stderrTerminal)
			p.start()
			return a.waitAndPrint(ctx, client, args[0], &wf, p, a.out.w)
		}),
	}
	wf.add(cmd.Flags())
	return cmd
}
