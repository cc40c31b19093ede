package cli

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"github.com/servicestage-go/servicestage"
	"github.com/spf13/cobra"
)

// buildsCommand returns the builds command and its subcommands.
func (a *app) buildsCommand() *cobra.Command {
	builds := groupCommand("builds", "Start, follow, cancel and inspect builds")
	builds.AddCommand(a.buildsCancelCommand(), a.buildsGetCommand(), a.buildsListCommand(),
		a.buildsStartCommand(), a.buildsWaitCommand(), a.buildsLogsCommand())
	return builds
}

// cancelResult is one build in the JSON document of builds cancel: the
// cancelled build, or why it could not be cancelled.
type cancelResult struct {
	BuildID string              `json:"build_id"`
	Build   *servicestage.Build `json:"build,omitempty"`
	Error   *errorDetail        `json:"error,omitempty"`
}

// cancelDocument is the JSON document of builds cancel.
type cancelDocument struct {
	Results []cancelResult `json:"results"`
}

func (a *app) buildsCancelCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "cancel BUILD_ID...",
		Short: "Cancel one or more builds",
		Long: "Cancel each build, in the order given. A build that cannot be cancelled, " +
			"such as one that has ended, is reported on stderr and the others are still " +
			"cancelled; the command then exits 1.",
		Args: minArgs("BUILD_ID"),
		RunE: a.action(func(cmd *cobra.Command, args []string) error {
			client, err := a.client(cmd)
			if err != nil {
				return err
			}

			ctx := cmd.Context()
			var doc cancelDocument
			var firstErr error
			for _, id := range uniqueArgs(args) {
				a.buildID = id
				build, err := client.CancelBuild(ctx, id)
				if ctx.Err() != nil {
					return err
				}

				result := cancelResult{BuildID: id, Build: build}
				if err != nil {
					f := classify(ctx, err, "")
					detail := newErrorDetail(f)
					detail.Message = errorLine(f.message)
					result.Error = &detail
					fmt.Fprintln(a.stderr, detail.Message)
					firstErr = cmp.Or(firstErr, err)
				}

				doc.Results = append(doc.Results, result)
			}

			if err := a.printCancelled(doc); err != nil {
				return err
			}

			if firstErr != nil {
				return &reportedError{err: firstErr}
			}

			return nil
		}),
	}
}

// printCancelled writes the cancelled builds as a table or the document.
func (a *app) printCancelled(doc cancelDocument) error {
	if a.out.isJSON() {
		return a.out.writeJSON(doc)
	}

	var cancelled []*servicestage.Build
	for _, result := range doc.Results {
		if result.Build != nil {
			cancelled = append(cancelled, result.Build)
		}
	}

	if len(cancelled) == 0 {
		return nil
	}

	return writeBuildTable(a.out.w, cancelled)
}

func (a *app) buildsGetCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "get BUILD_ID",
		Short: "Show a build",
		Args:  exactArg("BUILD_ID"),
		RunE: a.action(func(cmd *cobra.Command, args []string) error {
			client, err := a.client(cmd)
			if err != nil {
				return err
			}

			a.buildID = args[0]
			build, err := client.GetBuild(cmd.Context(), args[0])
			if err != nil {
				return err
			}

			return a.printBuild(build)
		}),
	}
}

// printBuild writes one build as a block of text or as the document.
func (a *app) printBuild(build *servicestage.Build) error {
	return a.printBuildTo(a.out.w, build)
}

// printBuildTo writes one build as the document on stdout, or as a block
// of text to textTo.
func (a *app) printBuildTo(textTo io.Writer, build *servicestage.Build) error {
	if a.out.isJSON() {
		return a.out.writeJSON(build)
	}

	return writeBuildBlock(textTo, build)
}

func (a *app) buildsListCommand() *cobra.Command {
	var jobID, jobName string
	cmd := &cobra.Command{
		Use:   "list --job JOB_ID [--job-name NAME]",
		Short: "List the builds of a job, with counts of how they ended",
		Long: `List the first page of a job's builds, then print on stderr how many there
are and how many finished and succeeded. The service requires the job's
name as well as its id; without --job-name it is read from the job first.

The DURATION column shows how long each build ran, such as 1m30s. The JSON
document has the service's fields, where duration is in seconds.`,
		Args: cobra.NoArgs,
		RunE: a.action(func(cmd *cobra.Command, _ []string) error {
			if err := checkID("--job", jobID); err != nil {
				return &usageError{message: err.Error()}
			}

			client, err := a.client(cmd)
			if err != nil {
				return err
			}

			a.jobID = jobID
			ctx := cmd.Context()
			if jobName == "" {
				job, err := client.GetJob(ctx, jobID)
				if err != nil {
					return err
				}

				jobName = job.Spec.JobName
			}

			list, err := client.ListBuilds(ctx, jobID, jobName)
			if err != nil {
				return err
			}

			if a.out.isJSON() {
				return a.out.writeJSON(list)
			}

			return writeBuildList(a.out.w, a.stderr, list)
		}),
	}
	cmd.Flags().StringVar(&jobID, "job", "", "ID of the job whose builds to list (required)")
	cmd.Flags().StringVar(&jobName, "job-name", "",
		"name of that job, which the service requires; read from the job when omitted")
	_ = cmd.MarkFlagRequired("job")
	return cmd
}

// uniqueArgs returns args without repeats, in their first order.
func uniqueArgs(args []string) []string {
	var unique []string
	for _, arg := range args {
		if !slices.Contains(unique, arg) {
			unique = append(unique, arg)
		}
	}

	return unique
}
