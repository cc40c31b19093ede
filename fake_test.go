package servicestage_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// fakeStart is the time the fake server's clock starts at.
var fakeStart = time.Date(2025, 11, 14, 8, 0, 0, 0, time.UTC)

// fakeSchedule runs builds for 10 s Queuing and 20 s a phase, 130 s in all.
var fakeSchedule = servicestagetest.Schedule{
	QueueDuration: 10 * time.Second,
	PhaseDuration: 20 * time.Second,
}

// newFake starts a fake server on a clock the test moves, holding one job
// with fakeSchedule, and returns a client for it.
func newFake(t *testing.T) (*servicestagetest.Server, *servicestage.Client,
	*servicestagetest.Clock, string) {
	t.Helper()
	clock := servicestagetest.NewClock(fakeStart)
	server := servicestagetest.NewServer(servicestagetest.WithClock(clock.Now))
	t.Cleanup(server.Close)
	require.NoError(t, server.SetSchedule(fakeSchedule))

	client, err := server.NewClient()
	require.NoError(t, err)

	jobID, err := server.AddJob(fullSpec())
	require.NoError(t, err)

	return server, client, clock, jobID
}

// phaseStates returns the state of each phase of a build.
func phaseStates(t *testing.T, client *servicestage.Client, buildID string) []string {
	t.Helper()
	list, err := client.ListBuildPhases(context.Background(), buildID)
	require.NoError(t, err)
	require.Equal(t, servicestage.FlexInt(len(list.Phases)), list.Total)

	states := make([]string, len(list.Phases))
	for i, phase := range list.Phases {
		require.NotEmpty(t, phase.ID)
		states[i] = string(phase.Name) + "=" + string(phase.State)
	}

	return states
}

func TestFake_BuildLifecycle(t *testing.T) {
	_, client, clock, jobID := newFake(t)
	ctx := context.Background()

	started, err := client.StartBuild(ctx, jobID)
	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateQueuing, started.State)
	require.Equal(t, servicestage.FlexInt(1), started.Index)
	require.Equal(t, jobID, started.JobID)
	require.Equal(t, "demo-job", started.JobName)
	require.Equal(t, fakeStart, started.StartedAt.Time())

	build, err := client.GetBuild(ctx, started.BuildID)
	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateQueuing, build.State)
	require.Equal(t, servicestage.RepoTypeGitHub, build.RepoType)
	require.Equal(t, "https://github.com/example/demo.git", build.Repo)
	require.Equal(t, servicestage.ArchX86_64, build.OS.Arch)
	require.Equal(t, []string{"Init=NotStarted", "Download=NotStarted", "PreProcess=NotStarted",
		"Build=NotStarted", "Artifact=NotStarted", "PostProcess=NotStarted"},
		phaseStates(t, client, started.BuildID))

	clock.Advance(10*time.Second + 3*20*time.Second + time.Second)
	build, err = client.GetBuild(ctx, started.BuildID)
	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateBuilding, build.State)
	require.True(t, build.EndedAt.IsZero())
	require.Equal(t, []string{"Init=Successful", "Download=Successful", "PreProcess=Successful",
		"Build=Building", "Artifact=NotStarted", "PostProcess=NotStarted"},
		phaseStates(t, client, started.BuildID))

	clock.Advance(time.Hour)
	build, err = client.GetBuild(ctx, started.BuildID)
	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateSuccessful, build.State)
	require.Equal(t, fakeStart.Add(130*time.Second), build.EndedAt.Time())
	require.Equal(t, []string{"Init=Successful", "Download=Successful", "PreProcess=Successful",
		"Build=Successful", "Artifact=Successful", "PostProcess=Successful"},
		phaseStates(t, client, started.BuildID))

	job, err := client.GetJob(ctx, jobID)
	require.NoError(t, err)
	require.Equal(t, started.BuildID, job.LastBuildID)
}

func TestFake_ListBuilds(t *testing.T) {
	server, client, clock, jobID := newFake(t)
	ctx := context.Background()

	first, err := client.StartBuild(ctx, jobID)
	require.NoError(t, err)
	clock.Advance(time.Hour)

	require.NoError(t, server.SetJobSchedule(jobID, servicestagetest.Schedule{
		PhaseDuration: time.Second, FinalState: servicestage.BuildStateFailed}))
	second, err := client.StartBuild(ctx, jobID)
	require.NoError(t, err)
	require.Equal(t, servicestage.FlexInt(2), second.Index)
	clock.Advance(time.Minute)

	third, err := client.StartBuild(ctx, jobID)
	require.NoError(t, err)
	clock.Advance(2 * time.Second)

	list, err := client.ListBuilds(ctx, jobID, "DEMO-JOB")
	require.NoError(t, err)
	require.Equal(t, servicestage.FlexInt(3), list.Total)
	require.Equal(t, servicestage.FlexInt(2), list.Finished)
	require.Equal(t, servicestage.FlexInt(1), list.Successful)
	require.Equal(t, []servicestage.BuildSummary{
		{BuildID: third.BuildID, State: servicestage.BuildStateBuilding, DurationSeconds: 2},
		{BuildID: second.BuildID, State: servicestage.BuildStateFailed, DurationSeconds: 6},
		{BuildID: first.BuildID, State: servicestage.BuildStateSuccessful, DurationSeconds: 130},
	}, list.Builds)
}

func TestFake_LogGrows(t *testing.T) {
	_, client, clock, jobID := newFake(t)
	ctx := context.Background()
	started, err := client.StartBuild(ctx, jobID)
	require.NoError(t, err)

	first, err := client.GetBuildLog(ctx, started.BuildID, 0)
	require.NoError(t, err)
	require.Equal(t, "08:00:00.000 Build #1 of job demo-job queued\n", first.Log)
	require.Equal(t, servicestage.FlexInt(len(first.Log)), first.Next)

	clock.Advance(20 * time.Second)
	second, err := client.GetBuildLog(ctx, started.BuildID, int(first.Next))
	require.NoError(t, err)
	require.Equal(t, "08:00:10.000 [Init] started\n08:00:20.000 [Init] preparing the workspace\n",
		second.Log)
	require.Equal(t, first.Next+servicestage.FlexInt(len(second.Log)), second.Next)
	state, ok := second.PhaseState(servicestage.PhaseInit)
	require.True(t, ok)
	require.Equal(t, servicestage.BuildStateBuilding, state)
	require.Len(t, second.Phases, 6)
	require.Len(t, second.PhaseStates, 6)

	whole, err := client.GetBuildLog(ctx, started.BuildID, 0)
	require.NoError(t, err)
	require.Equal(t, first.Log+second.Log, whole.Log)

	clock.Advance(time.Hour)
	final, err := client.GetBuildLog(ctx, started.BuildID, int(second.Next))
	require.NoError(t, err)
	require.True(t, strings.HasSuffix(final.Log,
		"08:02:10.000 Build #1 of job demo-job finished: Successful\n"), final.Log)

	drained, err := client.GetBuildLog(ctx, started.BuildID, int(final.Next))
	require.NoError(t, err)
	require.Empty(t, drained.Log)
	require.Equal(t, final.Next, drained.Next)
}

func TestFake_FollowAndWait(t *testing.T) {
	server, client, clock, jobID := newFake(t)
	clock.SetStep(7 * time.Second)
	ctx := testContext(t)

	started, err := client.StartBuild(ctx, jobID)
	require.NoError(t, err)

	var out strings.Builder
	require.NoError(t, client.FollowBuildLog(ctx, started.BuildID, &out, fastPolling...))

	serverLog, ok := server.BuildLog(started.BuildID)
	require.True(t, ok)
	require.Equal(t, serverLog, out.String())
	require.Equal(t, 1, strings.Count(out.String(), "queued\n"))
	require.True(t, strings.HasSuffix(out.String(), "finished: Successful\n"))

	var states []servicestage.BuildState
	record := servicestage.OnStateChange(func(b *servicestage.Build) {
		states = append(states, b.State)
	})
	build, err := client.WaitForBuild(ctx, started.BuildID, append(fastPolling, record)...)
	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateSuccessful, build.State)
	require.Equal(t, []servicestage.BuildState{servicestage.BuildStateSuccessful}, states)
}

func TestFake_WaitReportsEachState(t *testing.T) {
	_, client, clock, jobID := newFake(t)
	clock.SetStep(7 * time.Second)
	ctx := testContext(t)

	started, err := client.StartBuild(ctx, jobID)
	require.NoError(t, err)

	var states []servicestage.BuildState
	record := servicestage.OnStateChange(func(b *servicestage.Build) {
		states = append(states, b.State)
	})
	build, err := client.WaitForBuild(ctx, started.BuildID, append(fastPolling, record)...)
	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateSuccessful, build.State)
	require.Equal(t, []servicestage.BuildState{servicestage.BuildStateQueuing,
		servicestage.BuildStateBuilding, servicestage.BuildStateSuccessful}, states)
}

func TestFake_FinalStatePerJob(t *testing.T) {
	server, client, clock, jobID := newFake(t)
	clock.SetStep(time.Minute)
	ctx := testContext(t)
	require.NoError(t, server.SetJobSchedule(jobID, servicestagetest.Schedule{
		QueueDuration: time.Second, PhaseDuration: time.Second,
		FinalState: servicestage.BuildStateTimeout}))

	started, err := client.StartBuild(ctx, jobID)
	require.NoError(t, err)

	build, err := client.WaitForBuild(ctx, started.BuildID, fastPolling...)
	require.ErrorIs(t, err, servicestage.ErrBuildTimedOut)
	require.Equal(t, servicestage.BuildStateTimeout, build.State)
	require.Equal(t, "PostProcess=Timeout", phaseStates(t, client, started.BuildID)[5])
}

func TestFake_FinalStatePerBuild(t *testing.T) {
	server, client, clock, jobID := newFake(t)
	ctx := testContext(t)

	started, err := client.StartBuild(ctx, jobID)
	require.NoError(t, err)
	require.NoError(t, server.SetFinalState(started.BuildID, servicestage.BuildStateFailed))

	clock.SetStep(time.Minute)
	build, err := client.WaitForBuild(ctx, started.BuildID, fastPolling...)
	require.ErrorIs(t, err, servicestage.ErrBuildFailed)
	require.Equal(t, servicestage.BuildStateFailed, build.State)

	other, err := client.StartBuild(ctx, jobID)
	require.NoError(t, err)
	build, err = client.WaitForBuild(ctx, other.BuildID, fastPolling...)
	require.NoError(t, err, "the next build keeps the job's schedule")
	require.Equal(t, servicestage.BuildStateSuccessful, build.State)

	require.Error(t, server.SetFinalState(other.BuildID, servicestage.BuildStateFailed),
		"an ended build cannot change its final state")
}

func TestFake_CancelRunningBuild(t *testing.T) {
	server, client, clock, jobID := newFake(t)
	ctx := context.Background()
	started, err := client.StartBuild(ctx, jobID)
	require.NoError(t, err)
	clock.Advance(35 * time.Second)

	cancelled, err := client.CancelBuild(ctx, started.BuildID)
	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateCancel, cancelled.State)
	require.Equal(t, fakeStart.Add(35*time.Second), cancelled.EndedAt.Time())

	clock.Advance(time.Hour)
	build, err := client.GetBuild(ctx, started.BuildID)
	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateCancel, build.State)
	require.Equal(t, fakeStart.Add(35*time.Second), build.EndedAt.Time())
	require.Equal(t, []string{"Init=Successful", "Download=Cancel", "PreProcess=NotStarted",
		"Build=NotStarted", "Artifact=NotStarted", "PostProcess=NotStarted"},
		phaseStates(t, client, started.BuildID))

	log, ok := server.BuildLog(started.BuildID)
	require.True(t, ok)
	require.True(t, strings.HasSuffix(log, "08:00:35.000 [Download] Cancel\n"+
		"08:00:35.000 Build #1 of job demo-job finished: Cancel\n"), log)

	_, err = client.WaitForBuild(ctx, started.BuildID)
	require.ErrorIs(t, err, servicestage.ErrBuildCancelled)

	_, err = client.CancelBuild(ctx, started.BuildID)
	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, servicestagetest.CodeBuildFinal, apiErr.Code)
}

func TestFake_CancelAfterScheduledEnd(t *testing.T) {
	_, client, clock, jobID := newFake(t)
	ctx := context.Background()
	started, err := client.StartBuild(ctx, jobID)
	require.NoError(t, err)
	clock.Advance(time.Hour)

	_, err = client.CancelBuild(ctx, started.BuildID)
	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, servicestagetest.CodeBuildFinal, apiErr.Code)
	require.Contains(t, apiErr.Message, "already Successful")
}

func TestFake_Results(t *testing.T) {
	server, client, clock, jobID := newFake(t)
	ctx := context.Background()
	started, err := client.StartBuild(ctx, jobID)
	require.NoError(t, err)

	results, err := client.GetBuildResults(ctx, started.BuildID)
	require.NoError(t, err)
	require.JSONEq(t, `{}`, string(results), "a running build has no results")

	clock.Advance(time.Hour)
	results, err = client.GetBuildResults(ctx, started.BuildID)
	require.NoError(t, err)
	require.JSONEq(t, `{"checkstyle": {"static": {"count_info": [{"build_id": "`+
		started.BuildID+`", "build_order": 1, "total_count": 0}]}}}`, string(results))

	custom := json.RawMessage(`{"pmd":{"count":7},"extra":[1,2]}`)
	require.NoError(t, server.SetBuildResults(started.BuildID, custom))
	results, err = client.GetBuildResults(ctx, started.BuildID)
	require.NoError(t, err)
	require.JSONEq(t, string(custom), string(results))

	require.Error(t, server.SetBuildResults(started.BuildID, json.RawMessage(`[1]`)))
	require.Error(t, server.SetBuildResults("missing", custom))
}

func TestFake_JobLifecycle(t *testing.T) {
	server, client, _, _ := newFake(t)
	ctx := context.Background()
	spec := fullSpec()
	spec.JobName = "second-job"

	id, err := client.CreateJob(ctx, spec)
	require.NoError(t, err)
	require.Len(t, id, 40)

	job, err := client.GetJob(ctx, id)
	require.NoError(t, err)
	require.Equal(t, id, job.JobID)
	require.Equal(t, spec, job.Spec)
	require.JSONEq(t, `{"user_name": "servicestagetest"}`, string(job.Creator))
	require.Empty(t, job.LastBuildID)

	spec.JobDescription = "changed"
	spec.EnvironmentSetting.UsePublicCluster = false
	require.NoError(t, client.UpdateJob(ctx, id, spec))
	job, err = client.GetJob(ctx, id)
	require.NoError(t, err)
	require.Equal(t, spec, job.Spec)
	stored, ok := server.Job(id)
	require.True(t, ok)
	require.Equal(t, spec, stored.Spec)

	require.NoError(t, client.DeleteJob(ctx, id))
	_, err = client.GetJob(ctx, id)
	requireFakeError(t, err, servicestagetest.CodeJobNotFound)
	requireFakeError(t, client.DeleteJob(ctx, id), servicestagetest.CodeJobNotFound)
	_, ok = server.Job(id)
	require.False(t, ok)
}

func TestFake_JobNameTaken(t *testing.T) {
	_, client, _, jobID := newFake(t)
	ctx := context.Background()
	spec := fullSpec()
	spec.JobName = "Demo-Job"

	_, err := client.CreateJob(ctx, spec)
	requireFakeError(t, err, servicestagetest.CodeJobNameExists)

	spec.JobName = "other-job"
	otherID, err := client.CreateJob(ctx, spec)
	require.NoError(t, err)

	spec.JobName = "demo-job"
	requireFakeError(t, client.UpdateJob(ctx, otherID, spec), servicestagetest.CodeJobNameExists)
	require.NoError(t, client.UpdateJob(ctx, jobID, spec), "a job may keep its own name")
}

func TestFake_ListJobs(t *testing.T) {
	server, client, _, firstID := newFake(t)
	ctx := context.Background()
	ids := []string{firstID}
	for _, name := range []string{"api-a", "api-b", "web-a", "web-b"} {
		id, err := server.AddJob(servicestage.JobSpec{JobName: name})
		require.NoError(t, err)
		ids = append(ids, id)
	}

	page, err := client.ListJobs(ctx, &servicestage.ListJobsOptions{Page: 3, PerPage: 2})
	require.NoError(t, err)
	require.Equal(t, servicestage.FlexInt(5), page.Total)
	require.Equal(t, servicestage.FlexInt(3), page.Page)
	require.Equal(t, servicestage.FlexInt(2), page.PerPage)
	require.Equal(t, []servicestage.JobSummary{{JobID: ids[4], JobName: "web-b"}}, page.Jobs)

	var all []string
	for job, err := range client.AllJobs(ctx, &servicestage.ListJobsOptions{PerPage: 2}) {
		require.NoError(t, err)
		all = append(all, job.JobID)
	}
	require.Equal(t, ids, all)

	filtered, err := client.ListJobs(ctx, &servicestage.ListJobsOptions{JobName: "WEB"})
	require.NoError(t, err)
	require.Equal(t, servicestage.FlexInt(2), filtered.Total)
	require.Equal(t, []servicestage.JobSummary{{JobID: ids[3], JobName: "web-a"},
		{JobID: ids[4], JobName: "web-b"}}, filtered.Jobs)

	empty, err := client.ListJobs(ctx, &servicestage.ListJobsOptions{Page: 9})
	require.NoError(t, err)
	require.Empty(t, empty.Jobs)
	require.NotNil(t, empty.Jobs)
}

// requireFakeError checks that err is the fake server's 400 response with
// the given code.
func requireFakeError(t *testing.T, err error, code string) {
	t.Helper()
	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, 400, apiErr.StatusCode)
	require.Equal(t, code, apiErr.Code)
	require.NotEmpty(t, apiErr.Message)
	require.NotEmpty(t, apiErr.RequestID)
}

func TestFake_UnknownIDs(t *testing.T) {
	_, client, _, jobID := newFake(t)
	ctx := context.Background()

	for _, id := range []string{"missing", "a/b", "a b"} {
		_, err := client.GetBuild(ctx, id)
		requireFakeError(t, err, servicestagetest.CodeBuildNotFound)
		_, err = client.ListBuildPhases(ctx, id)
		requireFakeError(t, err, servicestagetest.CodeBuildNotFound)
		_, err = client.GetBuildLog(ctx, id, 0)
		requireFakeError(t, err, servicestagetest.CodeBuildNotFound)
		_, err = client.GetBuildResults(ctx, id)
		requireFakeError(t, err, servicestagetest.CodeBuildNotFound)
		_, err = client.CancelBuild(ctx, id)
		requireFakeError(t, err, servicestagetest.CodeBuildNotFound)

		_, err = client.StartBuild(ctx, id)
		requireFakeError(t, err, servicestagetest.CodeJobNotFound)
		_, err = client.ListBuilds(ctx, id, "demo-job")
		requireFakeError(t, err, servicestagetest.CodeJobNotFound)
		_, err = client.GetJob(ctx, id)
		requireFakeError(t, err, servicestagetest.CodeJobNotFound)
		requireFakeError(t, client.UpdateJob(ctx, id, fullSpec()),
			servicestagetest.CodeJobNotFound)
		requireFakeError(t, client.DeleteJob(ctx, id), servicestagetest.CodeJobNotFound)
	}

	_, err := client.ListBuilds(ctx, jobID, "other-job")
	requireFakeError(t, err, servicestagetest.CodeInvalidRequest)
}

func TestFake_StaticBuild(t *testing.T) {
	server, client, _, _ := newFake(t)
	ctx := context.Background()
	id := server.AddBuild(servicestage.Build{State: servicestage.BuildStateSuccessful})

	phases, err := client.ListBuildPhases(ctx, id)
	require.NoError(t, err)
	require.Zero(t, phases.Total)
	require.Empty(t, phases.Phases)

	log, err := client.GetBuildLog(ctx, id, 0)
	require.NoError(t, err)
	require.Empty(t, log.Log)
	require.Zero(t, log.Next)

	build, err := client.WaitForBuild(ctx, id)
	require.NoError(t, err)
	require.Equal(t, id, build.BuildID)
}

func TestFake_BaseImages(t *testing.T) {
	server, client, _, _ := newFake(t)
	ctx := context.Background()

	images, err := client.ListBaseImages(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"Go", "Java", "Nodejs", "Python"}, images.Languages())
	require.Equal(t, []string{"8u181-jdk-alpine", "11", "17"}, images["Java"])

	server.SetBaseImages(servicestage.BaseImages{"Rust": {"1.80"}})
	images, err = client.ListBaseImages(ctx)
	require.NoError(t, err)
	require.Equal(t, servicestage.BaseImages{"Rust": {"1.80"}}, images)
}
