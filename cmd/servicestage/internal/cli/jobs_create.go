package cli

import (
	"github.com/servicestage-go/servicestage"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// jobSpecFlags holds the flags of jobs create, one for each JobSpec field.
type jobSpecFlags struct {
	spec     servicestage.JobSpec
	arch     string
	repo     servicestage.CodeRepo
	repoType string
}

// add adds a flag for each JobSpec field to fs.
func (f *jobSpecFlags) add(fs *pflag.FlagSet) {
	env := &f.spec.EnvironmentSetting
	fs.StringVar(&f.spec.JobName, "name", "",
		"job name: 2 to 64 letters, digits, - and _, starting with a letter (required)")
	fs.StringVar(&f.spec.JobDescription, "description", "",
		"job description, at most 64 characters")
	fs.StringVar(&env.DockerVersion, "docker-version", "",
		"Docker version of the build environment")
	fs.StringVar(&env.ClusterID, "cluster-id", "", "ID of the CCE cluster that runs the builds")
	fs.StringVar(&env.ClusterName, "cluster-name", "",
		"name of the CCE cluster that runs the builds")
	fs.BoolVar(&env.UsePublicCluster, "public-cluster", false,
		"run the builds on the service's shared cluster instead of a CCE cluster")
	fs.StringVar(&f.arch, "arch", "", "CPU architecture to build for: x86_64 or aarch64")
	fs.StringVar(&f.repoType, "repo-type", "",
		"kind of code repository: DevCloud, Gitee, GitHub, GitLab, Bitbucket or BinObs")
	fs.StringVar(&f.repo.URL, "repo-url", "", "URL of the code repository")
	fs.StringVar(&f.repo.Branch, "repo-branch", "", "branch of the code repository to build")
	fs.StringVar(&f.repo.Namespace, "repo-namespace", "",
		"namespace or owner of the code repository")
	fs.StringVar(&f.spec.EnterpriseProjectID, "enterprise-project-id", "",
		"enterprise project the job belongs to")
}

// jobSpec returns the spec the flags describe. The SDK validates it.
func (f *jobSpecFlags) jobSpec() servicestage.JobSpec {
	spec := f.spec
	if f.arch != "" {
		spec.EnvironmentSetting.BuildOS = &servicestage.OS{Arch: servicestage.Arch(f.arch)}
	}

	repo := f.repo
	repo.Type = servicestage.RepoType(f.repoType)
	if repo != (servicestage.CodeRepo{}) {
		spec.CodeRepo = &repo
	}

	return spec
}

// createDocument is the JSON document of jobs create.
type createDocument struct {
	JobID string `json:"job_id"`
}

func (a *app) jobsCreateCommand() *cobra.Command {
	var f jobSpecFlags
	cmd := &cobra.Command{
		Use:   "create --name NAME [flags]",
		Short: "Create a build job",
		Long: "Create a build job from the flags, which set the fields of the job's spec, " +
			"and print its ID. The name and description are checked before sending.",
		Args: cobra.NoArgs,
		RunE: a.action(func(cmd *cobra.Command, _ []string) error {
			spec := f.jobSpec()
			if err := spec.Validate(); err != nil {
				return err
			}

			client, err := a.client(cmd)
			if err != nil {
				return err
			}

			jobID, err := client.CreateJob(cmd.Context(), spec)
			if err != nil {
				return err
			}

			if a.out.isJSON() {
				return a.out.writeJSON(createDocument{JobID: jobID})
			}

			return writeBlock(a.out.w, []field{{"Created job", jobID}})
		}),
	}
	f.add(cmd.Flags())
	_ = cmd.MarkFlagRequired("name")
	_ = cmd.RegisterFlagCompletionFunc("arch",
		fixedCompletions(string(servicestage.ArchX86_64), string(servicestage.ArchAarch64)))
	_ = cmd.RegisterFlagCompletionFunc("repo-type", fixedCompletions(
		string(servicestage.RepoTypeDevCloud), string(servicestage.RepoTypeGitee),
		string(servicestage.RepoTypeGitHub), string(servicestage.RepoTypeGitLab),
		string(servicestage.RepoTypeBitbucket), string(servicestage.RepoTypeBinObs)))
	return cmd
}
