package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/examples/internal/exampleenv"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

func TestRun_FakeServer(t *testing.T) {
	exampleenv.Clear(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	var out strings.Builder
	start := time.Now()
	require.NoError(t, run(ctx, nil, &out))
	require.Less(t, time.Since(start), 10*time.Second)

	text := out.String()
	require.Contains(t, text, "using a fake ServiceStage at http://127.0.0.1:")
	require.Contains(t, text, "Started build #1")
	require.Contains(t, text, "[PostProcess] Successful\n")
	require.Equal(t, 1, strings.Count(text, "Build #1 of job demo-job queued"))
	require.Contains(t, text, "Build #1 ended Successful")
}

func TestRun_Endpoint(t *testing.T) {
	exampleenv.Clear(t)
	server := servicestagetest.NewServer()
	defer server.Close()
	require.NoError(t, server.SetSchedule(servicestagetest.Schedule{
		FinalState: servicestage.BuildStateFailed}))
	jobID, err := server.AddJob(servicestage.JobSpec{JobName: "remote-job"})
	require.NoError(t, err)

	t.Setenv("SERVICESTAGE_ENDPOINT", server.URL)
	t.Setenv("SERVICESTAGE_TOKEN", server.Token)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	var out strings.Builder
	err = run(ctx, []string{jobID}, &out)
	require.ErrorIs(t, err, servicestage.ErrBuildFailed)
	require.Contains(t, out.String(), "Started build #1 (")
	require.Contains(t, out.String(), "[PostProcess] Failed\n")
	require.Contains(t, out.String(), "Build #1 ended Failed")
}

func TestRun_Usage(t *testing.T) {
	exampleenv.Clear(t)
	tests := []struct {
		name, endpoint, token string
		args                  []string
		want                  string
	}{
		{"argument without endpoint", "", "", []string{"job"}, "a job id needs a real endpoint"},
		{"endpoint without token", "http://127.0.0.1:1", "", []string{"job"},
			"no credentials for"},
		{"endpoint without job", "http://127.0.0.1:1", "token", nil, "usage: buildflow JOB_ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("SERVICESTAGE_ENDPOINT", tt.endpoint)
			t.Setenv("SERVICESTAGE_TOKEN", tt.token)

			err := run(context.Background(), tt.args, &strings.Builder{})
			require.ErrorContains(t, err, tt.want)
		})
	}
}
