package servicestage

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// DefaultJobsPerPage is the page size that ListJobs and AllJobs request
// when ListJobsOptions.PerPage is 0. The service requires a page size but
// documents no default or maximum.
const DefaultJobsPerPage = 20

// errNoJobID is the reason a 2xx response without a job_id is rejected
// where the service always sends one.
var errNoJobID = errors.New("response has no job_id")

// ListJobsOptions selects a page of jobs. The zero value requests the
// first page of DefaultJobsPerPage jobs.
type ListJobsOptions struct {
	// Page is the page number, starting at 1. 0 means 1.
	Page int

	// PerPage is the number of jobs on a page. 0 means DefaultJobsPerPage.
	PerPage int

	// JobName, when set, requests the jobs with this name only. The
	// service does not document whether it matches the name exactly.
	JobName string
}

// JobList is one page of jobs.
type JobList struct {
	// Total is the number of jobs on all pages.
	Total FlexInt `json:"total"`

	// Page and PerPage are the page returned and its size.
	Page    FlexInt `json:"page"`
	PerPage FlexInt `json:"per_page"`

	// Jobs are the jobs on this page.
	Jobs []JobSummary `json:"list"`
}

// JobSummary is one job in a JobList. GetJob returns the whole job.
type JobSummary struct {
	// JobID and JobName identify the job.
	JobID   string `json:"job_id"`
	JobName string `json:"job_name"`
}

// ListJobs returns one page of the project's build jobs; opts may be nil.
// It sends GET /assembling/v1/jobs?page=&per_page=&job_name=. A negative
// page or page size fails before any request with an error matching
// ErrInvalidArgument. AllJobs walks every page.
func (c *Client) ListJobs(ctx context.Context, opts *ListJobsOptions) (*JobList, error) {
	const operation = "list jobs"
	query, err := jobsQuery(operation, opts)
	if err != nil {
		return nil, err
	}

	cl := &call{
		operation: operation,
		method:    http.MethodGet,
		path:      jobsPath,
		query:     query,
	}

	var list JobList
	if err := c.do(ctx, cl, &list); err != nil {
		return nil, err
	}

	return &list, nil
}

// jobsQuery validates opts and returns the query of a list jobs request,
// which always carries page and per_page because the service requires
// them.
func jobsQuery(operation string, opts *ListJobsOptions) (url.Values, error) {
	var o ListJobsOptions
	if opts != nil {
		o = *opts
	}

	if o.Page < 0 {
		return nil, invalidArgument(operation, "page %d is negative; pages start at 1", o.Page)
	}

	if o.PerPage < 0 {
		return nil, invalidArgument(operation, "page size %d is negative; pass a positive "+
			"size, or 0 for %d", o.PerPage, DefaultJobsPerPage)
	}

	page, perPage := max(o.Page, 1), o.PerPage
	if perPage == 0 {
		perPage = DefaultJobsPerPage
	}

	query := url.Values{
		"page":     {strconv.Itoa(page)},
		"per_page": {strconv.Itoa(perPage)},
	}
	if o.JobName != "" {
		query.Set("job_name", o.JobName)
	}

	return query, nil
}

// AllJobs returns an iterator over the jobs on every page, starting at
// opts.Page; opts may be nil. It requests one page at a time and yields
// each job once, skipping a job that an earlier page already held. It
// stops after the page that completes the reported total, or at a page
// that brings no new job: an empty page, or a repeated one from a service
// that ignores the page number. An error is yielded once and ends the
// iteration.
func (c *Client) AllJobs(ctx context.Context, opts *ListJobsOptions) iter.Seq2[JobSummary, error] {
	return func(yield func(JobSummary, error) bool) {
		var o ListJobsOptions
		if opts != nil {
			o = *opts
		}

		o.Page = max(o.Page, 1)
		seen := make(map[JobSummary]bool)
		for {
			list, err := c.ListJobs(ctx, &o)
			if err != nil {
				yield(JobSummary{}, err)
				return
			}

			added := 0
			for _, job := range list.Jobs {
				if seen[job] {
					continue
				}

				seen[job] = true
				added++
				if !yield(job, nil) {
					return
				}
			}

			if added == 0 || (list.Total > 0 && len(seen) >= int(list.Total)) {
				return
			}

			o.Page++
		}
	}
}

// GetJob returns the job with the given id. It sends GET
// /assembling/v1/jobs/{job_id}. A blank id fails before any request with
// an error matching ErrInvalidArgument.
func (c *Client) GetJob(ctx context.Context, jobID string) (*Job, error) {
	cl := &call{
		operation: "get job",
		method:    http.MethodGet,
		path:      jobPath(jobID),
		jobID:     jobID,
	}
	if err := checkID(cl.operation, "job id", jobID); err != nil {
		return nil, err
	}

	var job Job
	if err := c.do(ctx, cl, &job); err != nil {
		return nil, err
	}

	return &job, nil
}
