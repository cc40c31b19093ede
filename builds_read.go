package servicestage

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// GetBuild returns the build with the given id. It sends GET
// /assembling/v1/builds/{build_id}. A blank id fails before any request
// with an error matching ErrInvalidArgument.
func (c *Client) GetBuild(ctx context.Context, buildID string) (*Build, error) {
	cl := &call{
		operation: "get build",
		method:    http.MethodGet,
		path:      buildPath(buildID),
		buildID:   buildID,
	}
	if err := checkID(cl.operation, "build id", buildID); err != nil {
		return nil, err
	}

	return c.doBuild(ctx, cl)
}

// BuildList is the list of a job's builds with counts of how they ended.
type BuildList struct {
	// Total is the number of builds of the job.
	Total FlexInt `json:"total"`

	// Page and PerPage are the page number and page size the service
	// reports.
	//
	// NOTE: the service documents no request parameter to ask for
	// another page, so ListBuilds returns the first page only.
	Page    FlexInt `json:"page"`
	PerPage FlexInt `json:"per_page"`

	// Finished is the number of builds that reached a final state.
	Finished FlexInt `json:"finished"`

	// Successful is the number of builds that ended Successful.
	Successful FlexInt `json:"successful"`

	// Builds are the builds on this page.
	Builds []BuildSummary `json:"list"`
}

// BuildSummary is one build in a BuildList.
type BuildSummary struct {
	// BuildID is the id of the build.
	BuildID string `json:"build_id"`

	// State is the build's state.
	State BuildState `json:"build_state"`

	// DurationSeconds is how long the build ran, in seconds.
	DurationSeconds FlexInt `json:"duration"`
}

// ListBuilds returns the builds of the job with the given id. The service
// requires the job's name as well as its id. It sends GET
// /assembling/v1/jobs/{job_id}/builds?name={job_name}. A blank id or name
// fails before any request with an error matching ErrInvalidArgument.
func (c *Client) ListBuilds(ctx context.Context, jobID, jobName string) (*BuildList, error) {
	cl := &call{
		operation: "list builds",
		method:    http.MethodGet,
		path:      jobPath(jobID) + "/builds",
		query:     url.Values{"name": {jobName}},
		jobID:     jobID,
	}
	if err := checkID(cl.operation, "job id", jobID); err != nil {
		return nil, err
	}

	if strings.TrimSpace(jobName) == "" {
		return nil, invalidArgument(cl.operation, "job name is empty; pass the name of job %q",
			jobID)
	}

	var list BuildList
	if err := c.do(ctx, cl, &list); err != nil {
		return nil, err
	}

	return &list, nil
}

// GetBuildResults returns the code-check results of the build with the
// given id, as the JSON object the service sent. The service publishes
// only part of this document's schema, a "checkstyle" object with static
// check counts. So the body is returned unchanged, with nothing lost, for
// you to decode into a type of your own. It sends GET
// /assembling/v1/builds/{build_id}/results. A blank id fails before any
// request with an error matching ErrInvalidArgument.
func (c *Client) GetBuildResults(ctx context.Context, buildID string) (json.RawMessage, error) {
	cl := &call{
		operation: "get build results",
		method:    http.MethodGet,
		path:      buildPath(buildID) + "/results",
		buildID:   buildID,
	}
	if err := checkID(cl.operation, "build id", buildID); err != nil {
		return nil, err
	}

	var results json.RawMessage
	if err := c.do(ctx, cl, &results); err != nil {
		return nil, err
	}

	return results, nil
}
