package main

import (
	"strings"
	"testing"
	"time"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
	"github.com/stretchr/testify/require"
)

// jobEndingIn stores a job whose builds end in state, and returns its id.
func jobEndingIn(t *testing.T, server *servicestagetest.Server,
	state servicestage.BuildState) string {
	t.Helper()

	jobID := addJob(t, server, "nightly")
	sched := fastSchedule()
	sched.FinalState = state
	require.NoError(t, server.SetJobSchedule(jobID, sched))
	return jobID
}

// startBuild starts a build of jobID through the command and returns its id.
func startBuild(t *testing.T, server *servicestagetest.Server, jobID string) string {
	t.Helper()

	res := runCommand(t, serverEnv(server), "builds", "start", jobID, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var started servicestage.StartedBuild
	decodeOne(t, res.stdout, &started)
	return started.BuildID
}

func TestBuildsStart_NoWait(t *testing.T) {
	server := newServer(t)
	jobID := addJob(t, server, "nightly")

	res := runCommand(t, serverEnv(server), "builds", "start", jobID, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	require.Empty(t, res.stderr)

	var started map[string]any
	decodeOne(t, res.stdout, &started)
	require.Equal(t, jobID, started["job_id"])
	require.Equal(t, "nightly", started["job_name"])
	require.Equal(t, "Queuing", started["build_state"])
	require.NotContains(t, started, "state")
	require.EqualValues(t, 1, started["index"])

	stored, ok := server.Build(started["build_id"].(string))
	require.True(t, ok)
	require.Equal(t, jobID, stored.JobID)
}

func TestBuildsStart_SameFieldsWithWait(t *testing.T) {
	server := newServer(t)
	jobID := addJob(t, server, "nightly")

	res := runCommand(t, serverEnv(server), "builds", "start", jobID, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var started map[string]any
	decodeOne(t, res.stdout, &started)

	args := append([]string{"builds", "start", jobID, "--wait", "-o", "json"}, fastPoll...)
	res = runCommand(t, serverEnv(server), args...)
	require.Equal(t, 0, res.code, res.stderr)

	var waited map[string]any
	decodeOne(t, res.stdout, &waited)
	require.Equal(t, "Successful", waited["build_state"])
	require.Subset(t, keys(waited), keys(started))
}

// keys returns the keys of m.
func keys(m map[string]any) []string {
	var names []string
	for name := range m {
		names = append(names, name)
	}

	return names
}

func TestBuildsStart_NoWaitTable(t *testing.T) {
	server := newServer(t)
	jobID := addJob(t, server, "nightly")

	res := runCommand(t, serverEnv(server), "builds", "start", jobID)

	require.Equal(t, 0, res.code, res.stderr)
	require.Regexp(t, `(?m)^Build ID:\s+[0-9a-z]{40}$`, res.stdout)
	require.Regexp(t, `(?m)^Job:\s+nightly \(`+jobID+`\)$`, res.stdout)
	require.Regexp(t, `(?m)^State:\s+Queuing$`, res.stdout)
}

func TestBuildsStart_WaitExitCodes(t *testing.T) {
	tests := []struct {
		state servicestage.BuildState
		code  int
	}{
		{servicestage.BuildStateSuccessful, 0},
		{servicestage.BuildStateFailed, 3},
		{servicestage.BuildStateTimeout, 3},
		{servicestage.BuildStateCancel, 4},
		{servicestage.BuildStateDeleted, 4},
	}
	for _, tt := range tests {
		t.Run(string(tt.state), func(t *testing.T) {
			t.Parallel()
			server := newServer(t)
			jobID := jobEndingIn(t, server, tt.state)

			args := append([]string{"builds", "start", jobID, "--wait", "-o", "json"}, fastPoll...)
			res := runCommand(t, serverEnv(server), args...)
			require.Equal(t, tt.code, res.code, res.stderr)

			var build servicestage.Build
			decodeOne(t, res.stdout, &build)
			require.Equal(t, tt.state, build.State)
			require.Equal(t, jobID, build.JobID)

			var fields map[string]any
			decodeOne(t, res.stdout, &fields)
			require.NotContains(t, fields, "error")

			lines := strings.Split(strings.TrimSuffix(res.stderr, "\n"), "\n")
			require.Regexp(t, `^started build [0-9a-z]{40} \(#1\) of job nightly$`, lines[0])
			require.Equal(t, "build "+build.BuildID+": "+string(tt.state), lines[len(lines)-1-
				boolToInt(tt.code != 0)])
			if tt.code != 0 {
				require.Equal(t, "servicestage: build "+build.BuildID+" ended "+string(tt.state)+
					"; read its log with 'servicestage builds logs "+build.BuildID+"'",
					lines[len(lines)-1])
			}

			require.NotContains(t, res.stderr, "\r", "spinner drawn on a pipe")
		})
	}
}

// boolToInt returns 1 for true and 0 for false.
func boolToInt(b bool) int {
	if b {
		return 1
	}

	return 0
}

func TestBuildsStart_FollowTable(t *testing.T) {
	server := newServer(t)
	jobID := addJob(t, server, "nightly")

	args := append([]string{"builds", "start", jobID, "--follow"}, fastPoll...)
	res := runCommand(t, serverEnv(server), args...)
	require.Equal(t, 0, res.code, res.stderr)

	log, ok := server.BuildLog(buildIDFrom(t, res.stderr))
	require.True(t, ok)
	require.NotEmpty(t, log)
	require.Equal(t, log, res.stdout, "stdout holds more than the log")
	require.Regexp(t, `(?m)^State:\s+Successful$`, res.stderr)
	require.Equal(t, 1, strings.Count(res.stderr, ": Successful\n"), res.stderr)
}

func TestBuildsStart_FollowJSONKeepsLogOnStderr(t *testing.T) {
	server := newServer(t)
	jobID := jobEndingIn(t, server, servicestage.BuildStateFailed)

	args := append([]string{"builds", "start", jobID, "--follow", "-o", "json"}, fastPoll...)
	res := runCommand(t, serverEnv(server), args...)
	require.Equal(t, 3, res.code, res.stderr)

	var build servicestage.Build
	decodeOne(t, res.stdout, &build)
	require.Equal(t, servicestage.BuildStateFailed, build.State)

	log, ok := server.BuildLog(build.BuildID)
	require.True(t, ok)
	require.NotEmpty(t, log)
	require.Contains(t, res.stderr, log)
}

// buildIDFrom returns the build id from the "started build" line.
func buildIDFrom(t *testing.T, stderr string) string {
	t.Helper()

	fields := strings.Fields(stderr)
	require.GreaterOrEqual(t, len(fields), 3, "stderr: %q", stderr)
	require.Equal(t, "started", fields[0])
	return fields[2]
}

func TestBuildsWait_Successful(t *testing.T) {
	server := newServer(t)
	buildID := startBuild(t, server, addJob(t, server, "nightly"))

	args := append([]string{"builds", "wait", buildID}, fastPoll...)
	res := runCommand(t, serverEnv(server), args...)

	require.Equal(t, 0, res.code, res.stderr)
	require.Regexp(t, `(?m)^State:\s+Successful$`, res.stdout)
	require.Contains(t, res.stderr, "build "+buildID+": Successful\n")
	require.NotContains(t, res.stderr, "\r")
}

func TestBuildsWait_ReportsEachStateOnce(t *testing.T) {
	server := newServer(t)
	jobID := addJob(t, server, "nightly")
	require.NoError(t, server.SetJobSchedule(jobID, servicestagetest.Schedule{
		QueueDuration: 300 * time.Millisecond, PhaseDuration: 50 * time.Millisecond}))
	buildID := startBuild(t, server, jobID)

	args := append([]string{"builds", "wait", buildID}, fastPoll...)
	res := runCommand(t, serverEnv(server), args...)

	require.Equal(t, 0, res.code, res.stderr)
	require.Equal(t, "build "+buildID+": Queuing\nbuild "+buildID+": Building\nbuild "+
		buildID+": Successful\n", res.stderr)
}

func TestBuildsWait_Failed(t *testing.T) {
	server := newServer(t)
	buildID := startBuild(t, server, jobEndingIn(t, server, servicestage.BuildStateFailed))

	args := append([]string{"builds", "wait", buildID}, fastPoll...)
	res := runCommand(t, serverEnv(server), args...)

	require.Equal(t, 3, res.code, res.stderr)
	require.Regexp(t, `(?m)^State:\s+Failed$`, res.stdout)
	require.True(t, strings.HasSuffix(res.stderr, "servicestage: build "+buildID+
		" ended Failed; read its log with 'servicestage builds logs "+buildID+"'\n"), res.stderr)
}

func TestBuildsWait_Timeout(t *testing.T) {
	server := newServer(t)
	jobID := addJob(t, server, "nightly")
	require.NoError(t, server.SetJobSchedule(jobID,
		servicestagetest.Schedule{PhaseDuration: time.Hour}))
	buildID := startBuild(t, server, jobID)

	args := append([]string{"builds", "wait", buildID, "--timeout", "300ms", "-o", "json"},
		fastPoll...)
	res := runCommand(t, serverEnv(server), args...)

	require.Equal(t, 5, res.code, res.stderr)
	require.True(t, strings.HasSuffix(res.stderr, "servicestage: build "+buildID+
		" is still Building after waiting 300ms (--timeout); it keeps running: wait again "+
		"with 'servicestage builds wait "+buildID+"'\n"), res.stderr)

	var doc errorDocument
	decodeOne(t, res.stdout, &doc)
	require.Equal(t, "timeout", doc.Error.Kind)
	require.Equal(t, 5, doc.Error.ExitCode)
	require.Equal(t, buildID, doc.Error.BuildID)
}

func TestBuildsWait_NotFound(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "builds", "wait", "missing")

	require.Equal(t, 1, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, servicestagetest.CodeBuildNotFound)
}

func TestBuildsWait_BadPollInterval(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "builds", "wait", "b-1", "--poll-interval", "0s")

	require.Equal(t, 2, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, "--poll-interval is 0s")
	require.Zero(t, server.RequestCount())
}

func TestBuildsLogs_Once(t *testing.T) {
	server := newServer(t)
	buildID := startBuild(t, server, addJob(t, server, "nightly"))
	waited := runCommand(t, serverEnv(server), append([]string{"builds", "wait", buildID},
		fastPoll...)...)
	require.Equal(t, 0, waited.code, waited.stderr)
	log, _ := server.BuildLog(buildID)

	res := runCommand(t, serverEnv(server), "builds", "logs", buildID)
	require.Equal(t, 0, res.code, res.stderr)
	require.Equal(t, strings.TrimSuffix(log, "\n")+"\n", res.stdout)

	res = runCommand(t, serverEnv(server), "builds", "logs", buildID, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var doc struct {
		BuildID string `json:"build_id"`
		Log     string `json:"log"`
		Next    int    `json:"next"`
		State   string `json:"state"`
		Phases  []struct {
			Name  string `json:"name"`
			State string `json:"state"`
		} `json:"phases"`
	}
	decodeOne(t, res.stdout, &doc)
	require.Equal(t, buildID, doc.BuildID)
	require.Equal(t, log, doc.Log)
	require.Equal(t, len(log), doc.Next)
	require.Equal(t, "Successful", doc.State)
	require.Len(t, doc.Phases, 6)
	require.Equal(t, "Init", doc.Phases[0].Name)
	require.Equal(t, "Successful", doc.Phases[0].State)

	res = runCommand(t, serverEnv(server), "builds", "logs", buildID, "--from",
		"5", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var rest struct {
		Log string `json:"log"`
	}
	decodeOne(t, res.stdout, &rest)
	require.Equal(t, log[5:], rest.Log)
}

func TestBuildsLogs_Follow(t *testing.T) {
	server := newServer(t)
	buildID := startBuild(t, server, jobEndingIn(t, server, servicestage.BuildStateFailed))

	args := append([]string{"builds", "logs", buildID, "--follow"}, fastPoll...)
	res := runCommand(t, serverEnv(server), args...)

	require.Equal(t, 0, res.code, res.stderr)
	require.Empty(t, res.stderr)
	log, _ := server.BuildLog(buildID)
	require.NotEmpty(t, log)
	require.Equal(t, log, res.stdout)
}

func TestBuildsLogs_FollowJSON(t *testing.T) {
	server := newServer(t)
	buildID := startBuild(t, server, addJob(t, server, "nightly"))

	args := append([]string{"builds", "logs", buildID, "--follow", "-o", "json"}, fastPoll...)
	res := runCommand(t, serverEnv(server), args...)
	require.Equal(t, 0, res.code, res.stderr)

	var doc map[string]any
	decodeOne(t, res.stdout, &doc)
	log, _ := server.BuildLog(buildID)
	require.Equal(t, map[string]any{"build_id": buildID, "log": log, "next": float64(len(log)),
		"state": "Successful"}, doc)
}

// logDocument is the JSON document of builds logs.
type logDocument struct {
	BuildID string `json:"build_id"`
	Log     string `json:"log"`
	Next    int    `json:"next"`
	State   string `json:"state"`
	Error   *struct {
		Kind     string `json:"kind"`
		ExitCode int    `json:"exit_code"`
		BuildID  string `json:"build_id"`
		JobID    string `json:"job_id"`
	} `json:"error"`
}

// slowPolls make a follow wait longer between reads than its --timeout,
// so it never reads the build's state before the timeout.
var slowPolls = []string{"--timeout", "300ms", "--poll-interval", "1s",
	"--max-poll-interval", "1s"}

// longRunningBuild starts a build that stays Building for an hour and
// returns its id.
func longRunningBuild(t *testing.T, server *servicestagetest.Server) string {
	t.Helper()

	jobID := addJob(t, server, "nightly")
	require.NoError(t, server.SetJobSchedule(jobID,
		servicestagetest.Schedule{PhaseDuration: time.Hour}))
	return startBuild(t, server, jobID)
}

func TestBuildsLogs_FollowTimeoutNamesState(t *testing.T) {
	server := newServer(t)
	buildID := longRunningBuild(t, server)

	res := runCommand(t, serverEnv(server), append([]string{"builds", "logs", buildID,
		"--follow"}, slowPolls...)...)

	require.Equal(t, 5, res.code, res.stderr)
	require.Equal(t, "servicestage: build "+buildID+" is still Building after waiting 300ms "+
		"(--timeout); it keeps running: wait again with 'servicestage builds wait "+buildID+
		"'\n", res.stderr)
	log, _ := server.BuildLog(buildID)
	require.NotEmpty(t, log)
	require.Equal(t, log, res.stdout)
}

func TestBuildsLogs_FollowTimeoutJSONKeepsLog(t *testing.T) {
	server := newServer(t)
	buildID := longRunningBuild(t, server)

	res := runCommand(t, serverEnv(server), append([]string{"builds", "logs", buildID,
		"--follow", "-o", "json"}, slowPolls...)...)
	require.Equal(t, 5, res.code, res.stderr)
	requireOneLine(t, res.stderr)

	var doc logDocument
	decodeOne(t, res.stdout, &doc)
	log, _ := server.BuildLog(buildID)
	require.NotEmpty(t, log)
	require.Equal(t, buildID, doc.BuildID)
	require.Equal(t, log, doc.Log)
	require.Equal(t, len(log), doc.Next)
	require.Equal(t, "Building", doc.State)
	require.NotNil(t, doc.Error)
	require.Equal(t, "timeout", doc.Error.Kind)
	require.Equal(t, 5, doc.Error.ExitCode)
	require.Equal(t, buildID, doc.Error.BuildID)
}

func TestBuildsStart_FollowTimeoutNamesState(t *testing.T) {
	server := newServer(t)
	jobID := addJob(t, server, "nightly")
	require.NoError(t, server.SetJobSchedule(jobID,
		servicestagetest.Schedule{PhaseDuration: time.Hour}))

	res := runCommand(t, serverEnv(server), append([]string{"builds", "start", jobID,
		"--follow"}, slowPolls...)...)

	require.Equal(t, 5, res.code, res.stderr)
	buildID := buildIDFrom(t, res.stderr)
	require.Contains(t, res.stderr, "servicestage: build "+buildID+" is still Building after "+
		"waiting 300ms (--timeout)")
}

func TestBuildsLogs_FromWithFollow(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "builds", "logs", "b-1", "--follow", "--from", "3")

	require.Equal(t, 2, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, "--from and --follow cannot be combined")
}
