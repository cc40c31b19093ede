package servicestage

import (
	"context"
	"net/http"
)

// createdJob is the response of a create job request.
type createdJob struct {
	JobID string `json:"job_id"`
}

func (j *createdJob) validate() error {
	if j.JobID == "" {
		return errNoJobID
	}

	return nil
}

// CreateJob creates a build job and returns its id. It sends POST
// /assembling/v1/jobs with spec as the body. A spec that breaks the
// service's rules for names and descriptions (see JobSpec.Validate) fails
// before any request with an error matching ErrInvalidArgument.
func (c *Client) CreateJob(ctx context.Context, spec JobSpec) (string, error) {
	cl := &call{
		operation: "create job",
		method:    http.MethodPost,
		path:      jobsPath,
		body:      spec,
	}
	if err := spec.validateFor(cl.operation); err != nil {
		return "", err
	}

	var created createdJob
	if err := c.do(ctx, cl, &created); err != nil {
		return "", err
	}

	return created.JobID, nil
}

// UpdateJob replaces the settings of the job with the given id with spec.
// It sends PUT /assembling/v1/jobs/{job_id} with spec as the body. The
// service does not publish what the response holds, so it is not read;
// call GetJob for the updated job. A blank id or an invalid spec fails
// before any request with an error matching ErrInvalidArgument.
func (c *Client) UpdateJob(ctx context.Context, jobID string, spec JobSpec) error {
	cl := &call{
		operation: "update job",
		method:    http.MethodPut,
		path:      jobPath(jobID),
		body:      spec,
		jobID:     jobID,
	}
	if err := checkID(cl.operation, "job id", jobID); err != nil {
		return err
	}

	if err := spec.validateFor(cl.operation); err != nil {
		return err
	}

	return c.do(ctx, cl, nil)
}

// DeleteJob deletes the job with the given id. It sends DELETE
// /assembling/v1/jobs/{job_id}, to which the service responds 204 No
// Content. A blank id fails before any request with an error matching
// ErrInvalidArgument.
func (c *Client) DeleteJob(ctx context.Context, jobID string) error {
	cl := &call{
		operation: "delete job",
		method:    http.MethodDelete,
		path:      jobPath(jobID),
		jobID:     jobID,
	}
	if err := checkID(cl.operation, "job id", jobID); err != nil {
		return err
	}

	return c.do(ctx, cl, nil)
}
