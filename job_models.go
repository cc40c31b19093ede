package servicestage

import (
	"encoding/json"
	"regexp"
	"unicode/utf8"
)

// Limits on a job's text fields, as the service documents them.
const (
	minJobNameLength       = 2
	maxJobNameLength       = 64
	maxJobDescriptionRunes = 64
)

// jobNamePattern is the service's rule for job names: letters, digits, '-'
// and '_', starting with a letter and ending with a letter or digit. The
// length limits are checked separately so that errors can name them.
var jobNamePattern = regexp.MustCompile(`^[A-Za-z]([A-Za-z0-9_-]*[A-Za-z0-9])?$`)

// JobSpec describes a build job: what CreateJob and UpdateJob send, and
// what GetJob returns as Job.Spec.
type JobSpec struct {
	// JobName is 2 to 64 letters, digits, '-' and '_', starting with a
	// letter and ending with a letter or digit. The service compares names
	// without regard to case.
	JobName string `json:"job_name"`

	// JobDescription is at most 64 characters.
	JobDescription string `json:"job_description,omitempty"`

	// EnvironmentSetting is the cluster and environment the job's builds run in.
	EnvironmentSetting EnvironmentSetting `json:"environment_setting"`

	// CodeRepo is the source repository the job builds, or nil.
	CodeRepo *CodeRepo `json:"code_repo,omitempty"`

	// EnterpriseProjectID is the enterprise project the job belongs to.
	EnterpriseProjectID string `json:"enterprise_project_id,omitempty"`
}

// EnvironmentSetting is the build environment of a job: the cluster, the
// Docker version and the CPU architecture its builds use.
type EnvironmentSetting struct {
	// DockerVersion is the Docker version the builds use.
	DockerVersion string `json:"docker_version,omitempty"`

	// ClusterID and ClusterName name the CCE cluster that runs the builds.
	ClusterID   string `json:"cluster_id,omitempty"`
	ClusterName string `json:"cluster_name,omitempty"`

	// UsePublicCluster runs the builds on a shared cluster of the service.
	// It is always sent, so an update can turn it off.
	UsePublicCluster bool `json:"use_public_cluster"`

	// BuildOS is the CPU architecture to build for.
	BuildOS *OS `json:"build_os,omitempty"`
}

// CodeRepo is the source repository a job builds.
type CodeRepo struct {
	// Type is the kind of repository, such as RepoTypeGitHub.
	Type RepoType `json:"type,omitempty"`

	// URL is the repository's clone address.
	URL string `json:"url,omitempty"`

	// Branch is the branch to build.
	Branch string `json:"branch,omitempty"`

	// Namespace is the repository's owner or group.
	Namespace string `json:"namespace,omitempty"`
}

// Validate checks spec against the service's documented rules for a job's
// name and description, and returns an error matching ErrInvalidArgument
// that names the first field breaking them. CreateJob and UpdateJob call it
// before sending.
func (spec JobSpec) Validate() error {
	return spec.validateFor("validate job spec")
}

// validateFor is Validate with the operation to name in errors.
func (spec JobSpec) validateFor(operation string) error {
	name := spec.JobName
	length := utf8.RuneCountInString(name)
	switch {
	case name == "":
		return invalidArgument(operation, "job name is empty; pass 2 to 64 letters, digits, "+
			"'-' or '_'")
	case length < minJobNameLength || length > maxJobNameLength:
		return invalidArgument(operation, "job name %q is %d %s long; pass 2 to 64",
			name, length, plural(length, "character", "characters"))
	case !jobNamePattern.MatchString(name):
		return invalidArgument(operation, "job name %q is invalid; use letters, digits, '-' "+
			"and '_', starting with a letter and ending with a letter or digit", name)
	}

	if n := utf8.RuneCountInString(spec.JobDescription); n > maxJobDescriptionRunes {
		return invalidArgument(operation, "job description is %d %s long; pass at most %d",
			n, plural(n, "character", "characters"), maxJobDescriptionRunes)
	}

	return nil
}

// Job is a build job as GetJob returns it.
type Job struct {
	// JobID is the id of the job.
	JobID string `json:"job_id"`

	// EnterpriseProjectID is the enterprise project the job belongs to.
	EnterpriseProjectID string `json:"enterprise_project_id"`

	// Creator describes who created the job. It is kept as received
	// because its schema is unpublished, and is nil when absent.
	Creator json.RawMessage `json:"creator,omitempty"`

	// Spec is the job's definition, as CreateJob and UpdateJob take it.
	Spec JobSpec `json:"spec"`

	// LastBuildID is the id of the job's most recent build.
	LastBuildID string `json:"last_build_id"`

	// Extra holds every top-level field this type has no field for, as
	// received, so nothing the service adds is lost. It is encoded back
	// by MarshalJSON.
	Extra map[string]json.RawMessage `json:"-"`
}

// jobFields is Job without its JSON methods, for encoding the known
// fields.
type jobFields Job

// knownJobKeys lists the JSON keys of Job's fields, which Extra never
// holds.
var knownJobKeys = []string{"job_id", "enterprise_project_id", "creator", "spec",
	"last_build_id"}

// UnmarshalJSON decodes the known fields and keeps every other key in
// Extra.
func (j *Job) UnmarshalJSON(data []byte) error {
	var fields jobFields
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}

	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}

	for _, key := range knownJobKeys {
		delete(all, key)
	}

	fields.Extra = nil
	if len(all) > 0 {
		fields.Extra = all
	}

	*j = Job(fields)
	return nil
}

// MarshalJSON encodes the known fields and the Extra fields in one object.
// A known field wins over an Extra entry with the same key.
func (j Job) MarshalJSON() ([]byte, error) {
	known, err := json.Marshal(jobFields(j))
	if err != nil || len(j.Extra) == 0 {
		return known, err
	}

	merged := make(map[string]json.RawMessage, len(j.Extra)+len(knownJobKeys))
	for key, value := range j.Extra {
		merged[key] = value
	}

	if err := json.Unmarshal(known, &merged); err != nil {
		return nil, err
	}

	return json.Marshal(merged)
}

// validate rejects a decoded Job without an id, such as {}.
func (j *Job) validate() error {
	if j.JobID == "" {
		return errNoJobID
	}

	return nil
}

// plural returns singular when n is 1 and pluralForm otherwise.
func plural(n int, singular, pluralForm string) string {
	if n == 1 {
		return singular
	}

	return pluralForm
}
