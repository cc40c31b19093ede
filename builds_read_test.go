package servicestage_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// getBuildResponse is a get build response like the documented one, with
// the index as a string as the get page types it.
const getBuildResponse = `{
	"build_id": "kzqjkrvbglqbczhm82kkjlh0ixe2o2wv8v85fpmv",
	"job_id": "qexh8qwfmuvlv1y078delx51vn0tsjsmsb23e0e0",
	"job_name": "test",
	"enterprise_project_id": "0",
	"index": "4",
	"started_at": "2025-11-14 08:00:42 +0000 UTC",
	"ended_at": "2025-11-14 08:00:54 +0000 UTC",
	"build_state": "Successful",
	"repo_type": "GitHub",
	"repo": "https://github.com/example/demo.git",
	"branch": "main",
	"commit_id": "4c1f2e9",
	"committer": "dev",
	"commit_time": "2025-11-14 07:59:00 +0000 UTC",
	"commit_comment": "fix build",
	"language": "java",
	"type": "user",
	"creator": "paas_user"
}`

func TestGetBuild_Request(t *testing.T) {
	client, api := newMockAPI(t, reply(200, getBuildResponse))

	_, err := client.GetBuild(context.Background(), "b/1?x")
	require.NoError(t, err)

	req := api.only(t)
	requireRequest(t, req, "GET", "/assembling/v1/builds/b%2F1%3Fx", "")
	require.Empty(t, req.Body)
}

func TestGetBuild_DecodesResponse(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, getBuildResponse))

	build, err := client.GetBuild(context.Background(), "kzqjkrvbglqbczhm82kkjlh0ixe2o2wv8v85fpmv")
	require.NoError(t, err)

	require.Equal(t, "kzqjkrvbglqbczhm82kkjlh0ixe2o2wv8v85fpmv", build.BuildID)
	require.Equal(t, "qexh8qwfmuvlv1y078delx51vn0tsjsmsb23e0e0", build.JobID)
	require.Equal(t, "test", build.JobName)
	require.Equal(t, "0", build.EnterpriseProjectID)
	require.Equal(t, servicestage.FlexInt(4), build.Index)
	require.Equal(t, "2025-11-14T08:00:42Z", build.StartedAt.Time().Format(time.RFC3339))
	require.Equal(t, "2025-11-14T08:00:54Z", build.EndedAt.Time().Format(time.RFC3339))
	require.Equal(t, servicestage.BuildStateSuccessful, build.State)
	require.Equal(t, servicestage.RepoTypeGitHub, build.RepoType)
	require.Equal(t, "https://github.com/example/demo.git", build.Repo)
	require.Equal(t, "main", build.Branch)
	require.Equal(t, "4c1f2e9", build.CommitID)
	require.Equal(t, "dev", build.Committer)
	require.Equal(t, "2025-11-14T07:59:00Z", build.CommitTime.Time().Format(time.RFC3339))
	require.Equal(t, "fix build", build.CommitComment)
	require.Equal(t, "java", build.Language)
	require.Equal(t, servicestage.BuildTypeUser, build.Type)
	require.Equal(t, "paas_user", build.Creator)
}

func TestGetBuild_NotFound(t *testing.T) {
	client, _ := newMockAPI(t, reply(400, serviceError))

	build, err := client.GetBuild(context.Background(), "missing")
	require.Nil(t, build)
	requireServiceError(t, err, "get build")

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, "missing", apiErr.BuildID)
}

func TestGetBuild_EmptyResponse(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, `{}`))

	_, err := client.GetBuild(context.Background(), "b")
	requireDecodeError(t, err, "get build")
}

func TestGetBuild_InvalidID(t *testing.T) {
	client, api := newMockAPI(t, reply(200, getBuildResponse))

	_, err := client.GetBuild(context.Background(), "..")
	require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
	require.Empty(t, api.all())
}

// listBuildsResponse is the list builds response the service documents,
// with a second build.
const listBuildsResponse = `{
	"total": 2,
	"per_page": 20,
	"page": 1,
	"finished": 2,
	"successful": 1,
	"list": [
		{"build_id": "0f7fqckzmjcfi0f7yxhx91l2rwrfyzd2poac90b5", "build_state": "Successful",
			"duration": 1181},
		{"build_id": "second", "build_state": "Failed", "duration": "75"}
	]
}`

func TestListBuilds_Request(t *testing.T) {
	client, api := newMockAPI(t, reply(200, listBuildsResponse))

	_, err := client.ListBuilds(context.Background(), "job/1", "demo job&x")
	require.NoError(t, err)

	req := api.only(t)
	requireRequest(t, req, "GET", "/assembling/v1/jobs/job%2F1/builds", "name=demo+job%26x")
	require.Empty(t, req.Body)
}

func TestListBuilds_DecodesResponse(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, listBuildsResponse))

	list, err := client.ListBuilds(context.Background(), "job", "demo")
	require.NoError(t, err)

	require.Equal(t, servicestage.FlexInt(2), list.Total)
	require.Equal(t, servicestage.FlexInt(20), list.PerPage)
	require.Equal(t, servicestage.FlexInt(1), list.Page)
	require.Equal(t, servicestage.FlexInt(2), list.Finished)
	require.Equal(t, servicestage.FlexInt(1), list.Successful)
	require.Equal(t, []servicestage.BuildSummary{
		{BuildID: "0f7fqckzmjcfi0f7yxhx91l2rwrfyzd2poac90b5",
			State: servicestage.BuildStateSuccessful, DurationSeconds: 1181},
		{BuildID: "second", State: servicestage.BuildStateFailed, DurationSeconds: 75},
	}, list.Builds)
}

func TestListBuilds_Error(t *testing.T) {
	client, _ := newMockAPI(t, reply(400, serviceError))

	list, err := client.ListBuilds(context.Background(), "job", "demo")
	require.Nil(t, list)
	requireServiceError(t, err, "list builds")
}

func TestListBuilds_InvalidArguments(t *testing.T) {
	tests := []struct{ name, jobID, jobName string }{
		{"blank id", " ", "demo"},
		{"dot id", ".", "demo"},
		{"empty name", "job", ""},
		{"blank name", "job", "  "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, api := newMockAPI(t, reply(200, listBuildsResponse))

			_, err := client.ListBuilds(context.Background(), tt.jobID, tt.jobName)
			require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
			require.Empty(t, api.all())
		})
	}
}

// buildResults is the results response the service documents.
const buildResults = `{
	"checkstyle": {
		"static": {
			"count_info": [{"build_id": "xx", "build_order": 10, "total_count": 3}]
		}
	}
}`

func TestGetBuildResults_Request(t *testing.T) {
	client, api := newMockAPI(t, reply(200, buildResults))

	_, err := client.GetBuildResults(context.Background(), "b 1")
	require.NoError(t, err)

	requireRequest(t, api.only(t), "GET", "/assembling/v1/builds/b%201/results", "")
}

func TestGetBuildResults_KeepsBody(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, buildResults))

	results, err := client.GetBuildResults(context.Background(), "b")
	require.NoError(t, err)
	require.Equal(t, buildResults, string(results))
}

func TestGetBuildResults_NotObject(t *testing.T) {
	for _, body := range []string{`[]`, `null`, `"text"`, ``} {
		client, _ := newMockAPI(t, reply(200, body))

		_, err := client.GetBuildResults(context.Background(), "b")
		requireDecodeError(t, err, "get build results")
	}
}

func TestGetBuildResults_Error(t *testing.T) {
	client, _ := newMockAPI(t, reply(400, serviceError))

	_, err := client.GetBuildResults(context.Background(), "b")
	requireServiceError(t, err, "get build results")
}

func TestGetBuildResults_InvalidID(t *testing.T) {
	client, api := newMockAPI(t, reply(200, buildResults))

	_, err := client.GetBuildResults(context.Background(), "")
	require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
	require.Empty(t, api.all())
}
