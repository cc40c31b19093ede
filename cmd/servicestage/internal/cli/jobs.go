package cli

import (
	"github.com/servicestage-go/servicestage"
	"github.com/spf13/cobra"
)

// jobsCommand returns the jobs command and its subcommands.
func (a *app) jobsCommand() *cobra.Command {
	jobs := groupCommand("jobs", "List, show, create and delete build jobs")
	jobs.AddCommand(a.jobsListCommand(), a.jobsGetCommand(), a.jobsCreateCommand(),
		a.jobsDeleteCommand())
	return jobs
}

// jobListDocument is the JSON document of jobs list --all.
type jobListDocument struct {
	Total int                       `json:"total"`
	Jobs  []servicestage.JobSummary `json:"list"`
}

func (a *app) jobsListCommand() *cobra.Command {
	var opts servicestage.ListJobsOptions
	var all bool
	cmd := &cobra.Command{
		Use:   "list [--page N] [--per-page N] [--name NAME] [--all]",
		Short: "List build jobs",
		Long: "List one page of the project's build jobs, or with --all every page. " +
			"The JSON document has the service's fields: total, page, per_page and list.",
		Args: cobra.NoArgs,
		RunE: a.action(func(cmd *cobra.Command, _ []string) error {
			if err := checkPageFlags(&opts); err != nil {
				return err
			}

			if all && cmd.Flags().Changed("page") {
				return usageErrorf("--all and --page cannot be combined: --all reads " +
					"every page")
			}

			client, err := a.client(cmd)
			if err != nil {
				return err
			}

			if all {
				return a.listAllJobs(cmd, client, &opts)
			}

			list, err := client.ListJobs(cmd.Context(), &opts)
			if err != nil {
				return err
			}

			if a.out.isJSON() {
				return a.out.writeJSON(list)
			}

			return writeJobTable(a.out.w, a.stderr, list.Jobs, int(list.Total))
		}),
	}
	cmd.Flags().IntVar(&opts.Page, "page", 1, "page number to list, 1 or more")
	cmd.Flags().IntVar(&opts.PerPage, "per-page", servicestage.DefaultJobsPerPage,
		"number of jobs on a page, 1 or more; 0 means 20, the default")
	cmd.Flags().StringVar(&opts.JobName, "name", "", "list only the jobs with this name")
	cmd.Flags().BoolVar(&all, "all", false, "list the jobs on every page")
	return cmd
}

// checkPageFlags rejects a --page below 1 and a negative --per-page.
func checkPageFlags(opts *servicestage.ListJobsOptions) error {
	if opts.Page < 1 {
		return usageErrorf("--page is %d; pass 1 or more", opts.Page)
	}

	if opts.PerPage < 0 {
		return usageErrorf("--per-page is %d; pass 1 or more, or 0 for %d",
			opts.PerPage, servicestage.DefaultJobsPerPage)
	}

	return nil
}

// listAllJobs prints the jobs on every page.
func (a *app) listAllJobs(cmd *cobra.Command, client *servicestage.Client,
	opts *servicestage.ListJobsOptions) error {
	doc := jobListDocument{Jobs: []servicestage.JobSummary{}}
	for job, err := range client.AllJobs(cmd.Context(), opts) {
		if err != nil {
			return err
		}

		doc.Jobs = append(doc.Jobs, job)
	}

	doc.Total = len(doc.Jobs)
	if a.out.isJSON() {
		return a.out.writeJSON(doc)
	}

	return writeJobTable(a.out.w, a.stderr, doc.Jobs, doc.Total)
}

func (a *app) jobsGetCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "get JOB_ID",
		Short: "Show a build job",
		Args:  exactArg("JOB_ID"),
		RunE: a.action(func(cmd *cobra.Command, args []string) error {
			client, err := a.client(cmd)
			if err != nil {
				return err
			}

			a.jobID = args[0]
			job, err := client.GetJob(cmd.Context(), args[0])
			if err != nil {
				return err
			}

			if a.out.isJSON() {
				return a.out.writeJSON(job)
			}

			return writeJobBlock(a.out.w, job)
		}),
	}
}

// deleteDocument is the JSON document of jobs delete.
type deleteDocument struct {
	JobID   string `json:"job_id"`
	Deleted bool   `json:"deleted"`
}

func (a *app) jobsDeleteCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "delete JOB_ID",
		Short: "Delete a build job",
		Args:  exactArg("JOB_ID"),
		RunE: a.action(func(cmd *cobra.Command, args []string) error {
			client, err := a.client(cmd)
			if err != nil {
				return err
			}

			a.jobID = args[0]
			if err := client.DeleteJob(cmd.Context(), args[0]); err != nil {
				return err
			}

			if a.out.isJSON() {
				return a.out.writeJSON(deleteDocument{JobID: args[0], Deleted: true})
			}

			return writeBlock(a.out.w, []field{{"Deleted job", args[0]}})
		}),
	}
}
