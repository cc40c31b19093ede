package cli

import (
	"strings"

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
		"job name: 2 to 64 letters, digits, '-' and '_', starting with a letter and ending "+
			"with a letter or digit (required)")
	fs.StringVar(&f.spec.JobDescription, "description", "",
		"job description, at most 64 characters")
	fs.StringVar(&env.DockerVersion, "docker-version", "",
		"Docker version of the build environment")
	fs.StringVar(&env.ClusterID, "cluster-id", "", "ID of the CCE cluster that runs the builds")
	fs.StringVar(&env.ClusterName, "cluster-name", "",
		"name of the CCE cluster that runs the builds")
	fs.BoolVar(&env.UsePublicCluster, "public-cluster", false,
		"run the builds on the service's shared cluster instead of a CCE cluster; "+
			"not with --cluster-id or --cluster-name")
	fs.StringVar(&f.arch, "arch", "", "CPU architecture to build for: x86_64 or aarch64 "+
		"(any case)")
	fs.StringVar(&f.repoType, "repo-type", "",
		"kind of code repository: DevCloud, Gitee, GitHub, GitLab, Bitbucket or BinObs "+
			"(any case; sent as spelled here)")
	fs.StringVar(&f.repo.URL, "repo-url", "", "URL of the code repository")
	fs.StringVar(&f.repo.Branch, "repo-branch", "", "branch of the code repository to build")
	fs.StringVar(&f.repo.Namespace, "repo-namespace", "",
		"namespace or owner of the code repository")
	fs.StringVar(&f.spec.EnterpriseProjectID, "enterprise-project-id", "",
		"enterprise project the job belongs to")
}

// jobSpec returns the spec the flags describe, or a usage error naming
// the flag whose value the service would reject.
func (f *jobSpecFlags) jobSpec() (servicestage.JobSpec, error) {
	spec := f.spec
	env := spec.EnvironmentSetting
	if env.UsePublicCluster && (env.ClusterID != "" || env.ClusterName != "") {
		return spec, usageErrorf("--public-cluster cannot be combined with --cluster-id or " +
			"--cluster-name: pass the shared cluster or a CCE cluster, not both")
	}

	if f.arch != "" {
		arch, err := matchValue("--arch", f.arch, servicestage.ArchX86_64,
			servicestage.ArchAarch64)
		if err != nil {
			return spec, err
		}

		spec.EnvironmentSetting.BuildOS = &servicestage.OS{Arch: arch}
	}

	repo := f.repo
	if f.repoType != "" {
		repoType, err := matchValue("--repo-type", f.repoType, repoTypes...)
		if err != nil {
			return spec, err
		}

		repo.Type = repoType
	}

	if repo != (servicestage.CodeRepo{}) {
		spec.CodeRepo = &repo
	}

	return spec, checkJobText(spec)
}

// repoTypes are the repository kinds the service documents.
var repoTypes = []servicestage.RepoType{servicestage.RepoTypeDevCloud,
	servicestage.RepoTypeGitee, servicestage.RepoTypeGitHub, servicestage.RepoTypeGitLab,
	servicestage.RepoTypeBitbucket, servicestage.RepoTypeBinObs}

// matchValue returns the value among allowed that equals value without
// regard to case, so "github" becomes "GitHub", the spelling the service
// expects. Any other value is a usage error naming the flag.
func matchValue[T ~string](flag, value string, allowed ...T) (T, error) {
	names := make([]string, len(allowed))
	for i, a := range allowed {
		if strings.EqualFold(string(a), strings.TrimSpace(value)) {
			return a, nil
		}

		names[i] = string(a)
	}

	return "", usageErrorf("invalid %s %q; pass one of: %s", flag, value,
		strings.Join(names, ", "))
}

// checkJobText checks the name and the description with the SDK's rules
// and names the flag that breaks them.
func checkJobText(spec servicestage.JobSpec) error {
	named := servicestage.JobSpec{JobName: spec.JobName}
	if err := named.Validate(); err != nil {
		return usageErrorf("invalid --name: %s", sdkReason(err))
	}

	if err := spec.Validate(); err != nil {
		return usageErrorf("invalid --description: %s", sdkReason(err))
	}

	return nil
}

// sdkReason returns the reason in an error from JobSpec.Validate, without
// the "servicestage: validate job spec: " that starts it.
func sdkReason(err error) string {
	message := err.Error()
	if _, reason, found := strings.Cut(message, "validate job spec: "); found {
		return reason
	}

	return strings.TrimPrefix(message, errorPrefix)
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
			"and print its ID. The name, the description and the values of --arch and " +
			"--repo-type are checked before sending.",
		Args: cobra.NoArgs,
		RunE: a.action(func(cmd *cobra.Command, _ []string) error {
			spec, err := f.jobSpec()
			if err != nil {
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
	var repoTypeNames []string
	for _, repoType := range repoTypes {
		repoTypeNames = append(repoTypeNames, string(repoType))
	}

	_ = cmd.RegisterFlagCompletionFunc("repo-type", fixedCompletions(repoTypeNames...))
	return cmd
}
