package servicestage

import (
	"context"
	"encoding/json"
	"net/http"
)

// StartedBuild is a build as the service reports it right after starting
// it: a shorter record than Build, whose state field is named "state".
type StartedBuild struct {
	// BuildID is the id of the new build.
	BuildID string `json:"build_id"`

	// JobID and JobName identify the job it runs.
	JobID   string `json:"job_id"`
	JobName string `json:"job_name"`

	// Index is the number of the build within its job.
	Index FlexInt `json:"index"`

	// StartedAt and EndedAt bound the build; EndedAt is zero while it runs.
	StartedAt Timestamp `json:"started_at"`
	EndedAt   Timestamp `json:"ended_at"`

	// DurationSeconds is how long the build has run, in seconds.
	DurationSeconds FlexInt `json:"duration"`

	// State is the build's state, usually BuildStateQueuing.
	State BuildState `json:"state"`

	// Progress is the build's progress as the service reports it. The
	// service does not publish its scale.
	Progress json.Number `json:"progress"`

	// CommitID and Committer describe the commit being built.
	CommitID  string `json:"commit_id"`
	Committer string `json:"committer"`
}

// StartBuild starts a new build of the job with the given id and returns
// it, usually in state Queuing. It sends POST
// /assembling/v1/jobs/{job_id}/builds with no body. A blank id fails before
// any request with an error matching ErrInvalidArgument. Follow the build
// with WaitForBuild or FollowBuildLog.
func (c *Client) StartBuild(ctx context.Context, jobID string) (*StartedBuild, error) {
	cl := &call{
		operation: "start build",
		method:    http.MethodPost,
		path:      jobPath(jobID) + "/builds",
		jobID:     jobID,
	}
	if err := checkID(cl.operation, "job id", jobID); err != nil {
		return nil, err
	}

	var started StartedBuild
	if err := c.do(ctx, cl, &started); err != nil {
		return nil, err
	}

	return &started, nil
}

// validate rejects a decoded StartedBuild without an id, such as {}.
func (b *StartedBuild) validate() error {
	if b.BuildID == "" {
		return errNoBuildID
	}

	return nil
}
