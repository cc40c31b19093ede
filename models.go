package servicestage

import "encoding/json"

// BuildState is the state of a build as the service spells it. Values that
// this package has no constant for are kept as they arrive.
type BuildState string

// Build states, spelled as the service sends them.
const (
	BuildStateNotStarted BuildState = "NotStarted"
	BuildStateQueuing    BuildState = "Queuing"
	BuildStateBuilding   BuildState = "Building"
	BuildStatePushing    BuildState = "Pushing"
	BuildStateSuccessful BuildState = "Successful"
	BuildStateFailed     BuildState = "Failed"
	BuildStateTimeout    BuildState = "Timeout"
	BuildStateCancel     BuildState = "Cancel"
	BuildStateDeleted    BuildState = "Deleted"
)

// IsFinal reports whether a build in state s will not change state again:
// Successful, Failed, Timeout, Cancel and Deleted. Unknown states are not
// final.
func (s BuildState) IsFinal() bool {
	switch s {
	case BuildStateSuccessful, BuildStateFailed, BuildStateTimeout,
		BuildStateCancel, BuildStateDeleted:
		return true
	}

	return false
}

// RepoType is the kind of source a build reads, such as GitHub or BinObs.
type RepoType string

// Repository types, spelled as the service sends them.
const (
	RepoTypeDevCloud  RepoType = "DevCloud"
	RepoTypeGitee     RepoType = "Gitee"
	RepoTypeGitHub    RepoType = "GitHub"
	RepoTypeGitLab    RepoType = "GitLab"
	RepoTypeBitbucket RepoType = "Bitbucket"
	RepoTypeBinObs    RepoType = "BinObs"
)

// BuildType is the kind of starter of a build: a user, an automatic trigger
// or the system.
type BuildType string

// Build types, spelled as the service sends them.
const (
	BuildTypeUser   BuildType = "user"
	BuildTypeAuto   BuildType = "auto"
	BuildTypeSystem BuildType = "system"
)

// Arch is a CPU architecture name as the service spells it.
type Arch string

// Architectures the service builds for.
const (
	ArchX86_64  Arch = "x86_64"
	ArchAarch64 Arch = "aarch64"
)

// Build is one run of a build job, as returned when a build is cancelled
// or read. Text fields the service leaves empty decode as "".
type Build struct {
	// BuildID is the id of this build, 40 lower-case letters and digits.
	BuildID string `json:"build_id"`

	// JobID and JobName identify the build job this build ran.
	JobID   string `json:"job_id"`
	JobName string `json:"job_name"`

	// EnterpriseProjectID is the enterprise project the job belongs to.
	EnterpriseProjectID string `json:"enterprise_project_id"`

	// Index is the number of this build within its job.
	Index FlexInt `json:"index"`

	// StartedAt and EndedAt bound the build; EndedAt is zero while it runs.
	StartedAt Timestamp `json:"started_at"`
	EndedAt   Timestamp `json:"ended_at"`

	// State is the build's state, such as BuildStateBuilding.
	State BuildState `json:"build_state"`

	// RepoType, RepoEndpoint, RepoWebURL and Repo locate the source: a
	// code repository, or an archive in OBS for RepoTypeBinObs.
	RepoType     RepoType `json:"repo_type"`
	RepoEndpoint string   `json:"repo_endpoint"`
	RepoWebURL   string   `json:"repo_web_url"`
	Repo         string   `json:"repo"`

	// Branch, CommitID, Committer, CommitTime and CommitComment describe
	// the commit that was built.
	Branch        string    `json:"branch"`
	CommitID      string    `json:"commit_id"`
	Committer     string    `json:"committer"`
	CommitTime    Timestamp `json:"commit_time"`
	CommitComment string    `json:"commit_comment"`

	// Language is the language the build compiled, such as "java".
	Language string `json:"language"`

	// SWRRepository maps an archive key to the address of the image
	// pushed to SoftWare Repository for Container (SWR).
	SWRRepository SWRRefs `json:"swr_repository"`

	// SWRRepoPage maps an archive key to the SWR console page of the image.
	SWRRepoPage SWRRefs `json:"swr_repo_page"`

	// ArchiveResult is the archive detail object, kept as received because
	// its schema is unpublished. It is nil when the field is absent.
	ArchiveResult json.RawMessage `json:"archive_result,omitempty"`

	// BaseImage is the image the build ran in, when the job names one.
	BaseImage string `json:"base_image"`

	// SeccompPath is the relative mount path of the seccomp profile.
	SeccompPath string `json:"seccomp_path"`

	// Type is the kind of starter of the build: a user, a trigger or the
	// system.
	Type BuildType `json:"type"`

	// Creator is the user that started the build.
	Creator string `json:"creator"`

	// CodeRepoAnatomy describes the archived source, or is nil.
	CodeRepoAnatomy *CodeRepoAnatomy `json:"code_repo_anatomy"`

	// OS is the system the build ran on, or nil when not reported.
	OS *OS `json:"os"`
}

// CodeRepoAnatomy describes an archived copy of the source repository.
type CodeRepoAnatomy struct {
	// Name is the name of the archive.
	Name string `json:"name"`

	// ArchiveURL is the storage address of the archive, sent as "archiveURL".
	ArchiveURL string `json:"archiveURL"`
}

// OS is the operating system a build ran on.
type OS struct {
	// Arch is the CPU architecture, such as ArchX86_64.
	Arch Arch `json:"arch"`
}
