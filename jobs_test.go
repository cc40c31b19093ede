package servicestage_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// listJobsResponse is the list jobs response the service documents.
const listJobsResponse = `{
	"total": 12,
	"per_page": 6,
	"page": 1,
	"list": [{"job_id": "swpfk3wtzdjnlyely4rf40k52zyuq5s4lha9ch8f", "job_name": "test1"}]
}`

func TestListJobs_Request(t *testing.T) {
	tests := []struct {
		name  string
		opts  *servicestage.ListJobsOptions
		query string
	}{
		{"nil options", nil, "page=1&per_page=20"},
		{"zero options", &servicestage.ListJobsOptions{}, "page=1&per_page=20"},
		{"page and size", &servicestage.ListJobsOptions{Page: 3, PerPage: 50},
			"page=3&per_page=50"},
		{"job name", &servicestage.ListJobsOptions{JobName: "demo job"},
			"job_name=demo+job&page=1&per_page=20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, api := newMockAPI(t, reply(200, listJobsResponse))

			_, err := client.ListJobs(context.Background(), tt.opts)
			require.NoError(t, err)
			requireRequest(t, api.only(t), "GET", "/assembling/v1/jobs", tt.query)
		})
	}
}

func TestListJobs_DecodesResponse(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, listJobsResponse))

	list, err := client.ListJobs(context.Background(), nil)
	require.NoError(t, err)

	require.Equal(t, servicestage.FlexInt(12), list.Total)
	require.Equal(t, servicestage.FlexInt(6), list.PerPage)
	require.Equal(t, servicestage.FlexInt(1), list.Page)
	require.Equal(t, []servicestage.JobSummary{
		{JobID: "swpfk3wtzdjnlyely4rf40k52zyuq5s4lha9ch8f", JobName: "test1"},
	}, list.Jobs)
}

func TestListJobs_InvalidOptions(t *testing.T) {
	for _, opts := range []servicestage.ListJobsOptions{{Page: -1}, {PerPage: -5}} {
		client, api := newMockAPI(t, reply(200, listJobsResponse))

		_, err := client.ListJobs(context.Background(), &opts)
		require.ErrorIs(t, err, servicestage.ErrInvalidArgument, "options %+v", opts)
		require.Empty(t, api.all(), "options %+v", opts)
	}
}

func TestListJobs_Error(t *testing.T) {
	client, _ := newMockAPI(t, reply(400, serviceError))

	_, err := client.ListJobs(context.Background(), nil)
	requireServiceError(t, err, "list jobs")
}

// jobPage returns a list jobs response holding the given job ids.
func jobPage(total int, ids ...string) string {
	jobs := make([]servicestage.JobSummary, len(ids))
	for i, id := range ids {
		jobs[i] = servicestage.JobSummary{JobID: id, JobName: "name-" + id}
	}

	body, _ := json.Marshal(servicestage.JobList{Total: servicestage.FlexInt(total), Jobs: jobs})
	return string(body)
}

// collectJobs runs an AllJobs iteration and returns the ids and errors it
// yielded.
func collectJobs(client *servicestage.Client, opts *servicestage.ListJobsOptions) ([]string,
	[]error) {
	var ids []string
	var errs []error
	for job, err := range client.AllJobs(context.Background(), opts) {
		if err != nil {
			errs = append(errs, err)
			continue
		}

		ids = append(ids, job.JobID)
	}

	return ids, errs
}

// pages returns the page query parameter of each request.
func pages(t *testing.T, requests []recordedRequest) []int {
	t.Helper()
	numbers := make([]int, len(requests))
	for i, req := range requests {
		query, err := url.ParseQuery(req.Query)
		require.NoError(t, err)
		numbers[i], err = strconv.Atoi(query.Get("page"))
		require.NoError(t, err)
	}

	return numbers
}

func TestAllJobs_StopsAtTotal(t *testing.T) {
	client, api := newMockAPI(t,
		reply(200, jobPage(5, "a", "b")),
		reply(200, jobPage(5, "c", "d")),
		reply(200, jobPage(5, "e")),
		reply(200, jobPage(5, "never")))

	ids, errs := collectJobs(client, &servicestage.ListJobsOptions{PerPage: 2})
	require.Empty(t, errs)
	require.Equal(t, []string{"a", "b", "c", "d", "e"}, ids)
	require.Equal(t, []int{1, 2, 3}, pages(t, api.all()))
	require.Contains(t, api.all()[0].Query, "per_page=2")
}

func TestAllJobs_StopsAtEmptyPage(t *testing.T) {
	client, api := newMockAPI(t,
		reply(200, jobPage(0, "a", "b")),
		reply(200, jobPage(0)),
		reply(200, jobPage(0, "never")))

	ids, errs := collectJobs(client, nil)
	require.Empty(t, errs)
	require.Equal(t, []string{"a", "b"}, ids)
	require.Equal(t, []int{1, 2}, pages(t, api.all()))
}

func TestAllJobs_StopsAtRepeatedPage(t *testing.T) {
	client, api := newMockAPI(t, reply(200, jobPage(100, "a", "b")))

	ids, errs := collectJobs(client, nil)
	require.Empty(t, errs)
	require.Equal(t, []string{"a", "b"}, ids)
	require.Equal(t, []int{1, 2}, pages(t, api.all()))
}

func TestAllJobs_SkipsJobsSeenBefore(t *testing.T) {
	client, _ := newMockAPI(t,
		reply(200, jobPage(0, "a", "b")),
		reply(200, jobPage(0, "b", "c")),
		reply(200, jobPage(0)))

	ids, errs := collectJobs(client, nil)
	require.Empty(t, errs)
	require.Equal(t, []string{"a", "b", "c"}, ids)
}

func TestAllJobs_StartsAtPage(t *testing.T) {
	client, api := newMockAPI(t, reply(200, jobPage(0, "x")), reply(200, jobPage(0)))

	ids, errs := collectJobs(client, &servicestage.ListJobsOptions{Page: 4})
	require.Empty(t, errs)
	require.Equal(t, []string{"x"}, ids)
	require.Equal(t, []int{4, 5}, pages(t, api.all()))
}

func TestAllJobs_YieldsErrorOnce(t *testing.T) {
	client, api := newMockAPI(t, reply(200, jobPage(0, "a")), reply(400, serviceError))

	ids, errs := collectJobs(client, nil)
	require.Equal(t, []string{"a"}, ids)
	require.Len(t, errs, 1)
	requireServiceError(t, errs[0], "list jobs")
	require.Len(t, api.all(), 2)
}

func TestAllJobs_InvalidOptions(t *testing.T) {
	client, api := newMockAPI(t, reply(200, jobPage(0, "a")))

	ids, errs := collectJobs(client, &servicestage.ListJobsOptions{PerPage: -1})
	require.Empty(t, ids)
	require.Len(t, errs, 1)
	require.ErrorIs(t, errs[0], servicestage.ErrInvalidArgument)
	require.Empty(t, api.all())
}

func TestAllJobs_Break(t *testing.T) {
	client, api := newMockAPI(t, reply(200, jobPage(0, "a", "b")), reply(200, jobPage(0, "c")))

	var ids []string
	for job, err := range client.AllJobs(context.Background(), nil) {
		require.NoError(t, err)
		ids = append(ids, job.JobID)
		break
	}

	require.Equal(t, []string{"a"}, ids)
	require.Len(t, api.all(), 1)
}

// getJobResponse is a get job response in the documented shape, with a
// field the documentation does not list.
const getJobResponse = `{
	"job_id": "swpfk3wtzdjnlyely4rf40k52zyuq5s4lha9ch8f",
	"enterprise_project_id": "0",
	"creator": {"user_name": "paas_user", "user_id": "u1"},
	"spec": {
		"job_name": "demo-job",
		"job_description": "builds the demo",
		"environment_setting": {
			"docker_version": "18.09",
			"cluster_id": "c1",
			"use_public_cluster": false,
			"cluster_name": "build-cluster",
			"build_os": {"arch": "aarch64"}
		},
		"code_repo": {"type": "GitHub", "url": "https://github.com/example/demo.git",
			"branch": "main", "namespace": "example"},
		"enterprise_project_id": "0"
	},
	"last_build_id": "kzqjkrvbglqbczhm82kkjlh0ixe2o2wv8v85fpmv",
	"created_at": "2025-11-14 08:00:42 +0000 UTC",
	"labels": {"team": "core"}
}`

func TestGetJob_Request(t *testing.T) {
	client, api := newMockAPI(t, reply(200, getJobResponse))

	_, err := client.GetJob(context.Background(), "j/1")
	require.NoError(t, err)
	requireRequest(t, api.only(t), "GET", "/assembling/v1/jobs/j%2F1", "")
}

func TestGetJob_DecodesResponse(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, getJobResponse))

	job, err := client.GetJob(context.Background(), "swpfk3wtzdjnlyely4rf40k52zyuq5s4lha9ch8f")
	require.NoError(t, err)

	require.Equal(t, "swpfk3wtzdjnlyely4rf40k52zyuq5s4lha9ch8f", job.JobID)
	require.Equal(t, "0", job.EnterpriseProjectID)
	require.JSONEq(t, `{"user_name": "paas_user", "user_id": "u1"}`, string(job.Creator))
	require.Equal(t, "kzqjkrvbglqbczhm82kkjlh0ixe2o2wv8v85fpmv", job.LastBuildID)
	require.Equal(t, servicestage.JobSpec{
		JobName:        "demo-job",
		JobDescription: "builds the demo",
		EnvironmentSetting: servicestage.EnvironmentSetting{
			DockerVersion: "18.09",
			ClusterID:     "c1",
			ClusterName:   "build-cluster",
			BuildOS:       &servicestage.OS{Arch: servicestage.ArchAarch64},
		},
		CodeRepo: &servicestage.CodeRepo{Type: servicestage.RepoTypeGitHub,
			URL: "https://github.com/example/demo.git", Branch: "main", Namespace: "example"},
		EnterpriseProjectID: "0",
	}, job.Spec)
}

func TestGetJob_KeepsUnknownFields(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, getJobResponse))

	job, err := client.GetJob(context.Background(), "j")
	require.NoError(t, err)

	require.Len(t, job.Extra, 2)
	require.JSONEq(t, `"2025-11-14 08:00:42 +0000 UTC"`, string(job.Extra["created_at"]))
	require.JSONEq(t, `{"team": "core"}`, string(job.Extra["labels"]))

	encoded, err := json.Marshal(job)
	require.NoError(t, err)
	require.JSONEq(t, getJobResponse, string(encoded))
}

func TestJob_NoExtraFields(t *testing.T) {
	var job servicestage.Job
	require.NoError(t, json.Unmarshal([]byte(`{"job_id": "j", "spec": {"job_name": "ab"}}`),
		&job))
	require.Nil(t, job.Extra)

	encoded, err := json.Marshal(job)
	require.NoError(t, err)
	require.NotContains(t, string(encoded), "Extra")
}

func TestJob_KnownFieldWinsOverExtra(t *testing.T) {
	job := servicestage.Job{JobID: "real",
		Extra: map[string]json.RawMessage{"job_id": json.RawMessage(`"stale"`)}}

	encoded, err := json.Marshal(job)
	require.NoError(t, err)

	var decoded map[string]any
	require.NoError(t, json.Unmarshal(encoded, &decoded))
	require.Equal(t, "real", decoded["job_id"])
}

func TestGetJob_Errors(t *testing.T) {
	client, _ := newMockAPI(t, reply(400, serviceError))
	_, err := client.GetJob(context.Background(), "j")
	requireServiceError(t, err, "get job")

	client, _ = newMockAPI(t, reply(200, `{}`))
	_, err = client.GetJob(context.Background(), "j")
	requireDecodeError(t, err, "get job")

	client, api := newMockAPI(t, reply(200, getJobResponse))
	_, err = client.GetJob(context.Background(), "")
	require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
	require.Empty(t, api.all())
}

// fullSpec returns a job spec with every field set.
func fullSpec() servicestage.JobSpec {
	return servicestage.JobSpec{
		JobName:        "demo-job",
		JobDescription: "builds the demo",
		EnvironmentSetting: servicestage.EnvironmentSetting{
			DockerVersion:    "18.09",
			ClusterID:        "c1",
			ClusterName:      "build-cluster",
			UsePublicCluster: true,
			BuildOS:          &servicestage.OS{Arch: servicestage.ArchX86_64},
		},
		CodeRepo: &servicestage.CodeRepo{Type: servicestage.RepoTypeGitHub,
			URL: "https://github.com/example/demo.git", Branch: "main", Namespace: "example"},
		EnterpriseProjectID: "0",
	}
}

// fullSpecJSON is the body fullSpec encodes to.
const fullSpecJSON = `{
	"job_name": "demo-job",
	"job_description": "builds the demo",
	"environment_setting": {
		"docker_version": "18.09",
		"cluster_id": "c1",
		"cluster_name": "build-cluster",
		"use_public_cluster": true,
		"build_os": {"arch": "x86_64"}
	},
	"code_repo": {"type": "GitHub", "url": "https://github.com/example/demo.git",
		"branch": "main", "namespace": "example"},
	"enterprise_project_id": "0"
}`

func TestCreateJob_Request(t *testing.T) {
	client, api := newMockAPI(t, reply(200, `{"job_id": "new"}`))

	_, err := client.CreateJob(context.Background(), fullSpec())
	require.NoError(t, err)

	req := api.only(t)
	requireRequest(t, req, "POST", "/assembling/v1/jobs", "")
	require.JSONEq(t, fullSpecJSON, req.Body)
}

func TestCreateJob_MinimalBody(t *testing.T) {
	client, api := newMockAPI(t, reply(200, `{"job_id": "new"}`))

	_, err := client.CreateJob(context.Background(), servicestage.JobSpec{JobName: "ab"})
	require.NoError(t, err)
	require.JSONEq(t, `{"job_name": "ab", "environment_setting": {"use_public_cluster": false}}`,
		api.only(t).Body)
}

func TestCreateJob_ReturnsID(t *testing.T) {
	client, _ := newMockAPI(t,
		reply(200, `{"job_id": "swpfk3wtzdjnlyely4rf40k52zyuq5s4lha9ch8f"}`))

	id, err := client.CreateJob(context.Background(), fullSpec())
	require.NoError(t, err)
	require.Equal(t, "swpfk3wtzdjnlyely4rf40k52zyuq5s4lha9ch8f", id)
}

func TestCreateJob_Errors(t *testing.T) {
	client, _ := newMockAPI(t, reply(400, serviceError))
	_, err := client.CreateJob(context.Background(), fullSpec())
	requireServiceError(t, err, "create job")

	client, _ = newMockAPI(t, reply(200, `{}`))
	_, err = client.CreateJob(context.Background(), fullSpec())
	requireDecodeError(t, err, "create job")
}

// invalidSpecs are job specs that break the service's rules, by reason.
var invalidSpecs = map[string]servicestage.JobSpec{
	"empty name":              {},
	"one character":           {JobName: "a"},
	"65 characters":           {JobName: "a" + repeat("b", 64)},
	"starts with a digit":     {JobName: "1job"},
	"starts with a hyphen":    {JobName: "-job"},
	"ends with a hyphen":      {JobName: "job-"},
	"ends with an underscore": {JobName: "job_"},
	"has a space":             {JobName: "my job"},
	"has a dot":               {JobName: "my.job"},
	"has a non-ASCII letter":  {JobName: "jöb"},
	"description of 65":       {JobName: "job", JobDescription: repeat("d", 65)},
}

// validSpecs are job specs at the edges of the rules.
var validSpecs = map[string]servicestage.JobSpec{
	"two characters":              {JobName: "ab"},
	"64 characters":               {JobName: "a" + repeat("b", 63)},
	"letters digits - and _":      {JobName: "My_job-2"},
	"description of 64":           {JobName: "job", JobDescription: repeat("d", 64)},
	"description of 64 non-ASCII": {JobName: "job", JobDescription: repeat("构", 64)},
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}

	return out
}

func TestJobSpec_Validate(t *testing.T) {
	for name, spec := range invalidSpecs {
		err := spec.Validate()
		require.ErrorIs(t, err, servicestage.ErrInvalidArgument, name)
	}

	for name, spec := range validSpecs {
		require.NoError(t, spec.Validate(), name)
	}
}

func TestCreateJob_InvalidSpec(t *testing.T) {
	for name, spec := range invalidSpecs {
		client, api := newMockAPI(t, reply(200, `{"job_id": "new"}`))

		_, err := client.CreateJob(context.Background(), spec)
		require.ErrorIs(t, err, servicestage.ErrInvalidArgument, name)
		require.Empty(t, api.all(), name)
	}
}

func TestCreateJob_ErrorNamesValue(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, `{"job_id": "new"}`))

	_, err := client.CreateJob(context.Background(), servicestage.JobSpec{JobName: "1job"})
	require.ErrorContains(t, err, `create job: job name "1job" is invalid`)
}

func TestUpdateJob_Request(t *testing.T) {
	client, api := newMockAPI(t, reply(200, getJobResponse))

	err := client.UpdateJob(context.Background(), "j 1", fullSpec())
	require.NoError(t, err)

	req := api.only(t)
	requireRequest(t, req, "PUT", "/assembling/v1/jobs/j%201", "")
	require.JSONEq(t, fullSpecJSON, req.Body)
}

func TestUpdateJob_IgnoresResponseBody(t *testing.T) {
	for _, body := range []string{``, `{}`, `null`, `not json`} {
		client, _ := newMockAPI(t, reply(200, body))

		require.NoError(t, client.UpdateJob(context.Background(), "j", fullSpec()), body)
	}
}

func TestUpdateJob_Errors(t *testing.T) {
	client, _ := newMockAPI(t, reply(400, serviceError))
	requireServiceError(t, client.UpdateJob(context.Background(), "j", fullSpec()), "update job")

	for name, spec := range invalidSpecs {
		client, api := newMockAPI(t, reply(200, `{}`))
		err := client.UpdateJob(context.Background(), "j", spec)
		require.ErrorIs(t, err, servicestage.ErrInvalidArgument, name)
		require.Empty(t, api.all(), name)
	}

	client, api := newMockAPI(t, reply(200, `{}`))
	err := client.UpdateJob(context.Background(), "..", fullSpec())
	require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
	require.Empty(t, api.all())
}

func TestDeleteJob_Request(t *testing.T) {
	client, api := newMockAPI(t, reply(204, ``))

	require.NoError(t, client.DeleteJob(context.Background(), "j/1"))

	req := api.only(t)
	requireRequest(t, req, "DELETE", "/assembling/v1/jobs/j%2F1", "")
	require.Empty(t, req.Body)
}

func TestDeleteJob_Errors(t *testing.T) {
	client, _ := newMockAPI(t, reply(400, serviceError))
	requireServiceError(t, client.DeleteJob(context.Background(), "j"), "delete job")

	client, api := newMockAPI(t, reply(204, ``))
	require.ErrorIs(t, client.DeleteJob(context.Background(), " "),
		servicestage.ErrInvalidArgument)
	require.Empty(t, api.all())
}

func TestDeleteJob_ErrorNamesJob(t *testing.T) {
	client, _ := newMockAPI(t, reply(404, `{"error_code": "APIGW.0101", "error_msg": "gone"}`))

	err := client.DeleteJob(context.Background(), "j-42")
	require.ErrorIs(t, err, servicestage.ErrNotFound)

	var apiErr *servicestage.APIError
	require.True(t, errors.As(err, &apiErr))
	require.Equal(t, "j-42", apiErr.JobID)
	require.Contains(t, err.Error(), fmt.Sprintf("%q", "j-42"))
}
