package servicestage_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// startBuildResponse is the start build response the service documents.
const startBuildResponse = `{
	"build_id": "j25yx7qm6apcxin59e3mj7u5byymtjjwsep6r5x2",
	"job_id": "ctilzkwzcs2u22xjr6zh9iroixz2cikbjcd3103l",
	"job_name": "scscscs",
	"index": 2,
	"started_at": "2025-11-14 09:06:28 +0000 UTC",
	"ended_at": "",
	"duration": 0,
	"state": "Queuing",
	"progress": 0.5,
	"commit_id": "4c1f2e9",
	"committer": "dev"
}`

func TestStartBuild_Request(t *testing.T) {
	client, api := newMockAPI(t, reply(200, startBuildResponse))

	_, err := client.StartBuild(context.Background(), "job/1 x")
	require.NoError(t, err)

	req := api.only(t)
	requireRequest(t, req, "POST", "/assembling/v1/jobs/job%2F1%20x/builds", "")
	require.Empty(t, req.Body)
}

func TestStartBuild_DecodesResponse(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, startBuildResponse))

	started, err := client.StartBuild(context.Background(),
		"ctilzkwzcs2u22xjr6zh9iroixz2cikbjcd3103l")
	require.NoError(t, err)

	require.Equal(t, "j25yx7qm6apcxin59e3mj7u5byymtjjwsep6r5x2", started.BuildID)
	require.Equal(t, "ctilzkwzcs2u22xjr6zh9iroixz2cikbjcd3103l", started.JobID)
	require.Equal(t, "scscscs", started.JobName)
	require.Equal(t, servicestage.FlexInt(2), started.Index)
	require.Equal(t, "2025-11-14T09:06:28Z", started.StartedAt.Time().Format(time.RFC3339))
	require.True(t, started.EndedAt.IsZero())
	require.Equal(t, servicestage.FlexInt(0), started.DurationSeconds)
	require.Equal(t, servicestage.BuildStateQueuing, started.State)
	progress, err := started.Progress.Float64()
	require.NoError(t, err)
	require.InDelta(t, 0.5, progress, 1e-9)
	require.Equal(t, "4c1f2e9", started.CommitID)
	require.Equal(t, "dev", started.Committer)
}

func TestStartBuild_JobNotFound(t *testing.T) {
	client, _ := newMockAPI(t, reply(400, serviceError))

	started, err := client.StartBuild(context.Background(), "missing")
	require.Nil(t, started)
	requireServiceError(t, err, "start build")

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, "missing", apiErr.JobID)
}

func TestStartBuild_EmptyResponse(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, `{}`))

	_, err := client.StartBuild(context.Background(), "job")
	requireDecodeError(t, err, "start build")
}

func TestStartBuild_InvalidID(t *testing.T) {
	for _, id := range []string{"", "  ", ".", ".."} {
		client, api := newMockAPI(t, reply(200, startBuildResponse))

		_, err := client.StartBuild(context.Background(), id)
		require.ErrorIs(t, err, servicestage.ErrInvalidArgument, "id %q", id)
		require.Empty(t, api.all(), "id %q", id)
	}
}
