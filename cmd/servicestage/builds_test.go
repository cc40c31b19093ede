package main

import (
	"strings"
	"testing"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
	"github.com/stretchr/testify/require"
)

// runningBuild stores a Building build of job "nightly" and returns its id.
func runningBuild(server *servicestagetest.Server) string {
	return server.AddBuild(servicestage.Build{JobID: "job-1", JobName: "nightly", Index: 7,
		State: servicestage.BuildStateBuilding, Branch: "main", CommitID: "abc123",
		Committer: "dev", CommitComment: "Fix the parser\nLong body", RepoType: "GitHub"})
}

func TestBuildsGet_Table(t *testing.T) {
	server := newServer(t)
	id := runningBuild(server)

	res := runCommand(t, serverEnv(server), "builds", "get", id)

	require.Equal(t, 0, res.code, res.stderr)
	require.Empty(t, res.stderr)
	require.Contains(t, res.stdout, "Build ID:    "+id+"\n")
	require.Contains(t, res.stdout, "Job:         nightly (job-1)\n")
	require.Contains(t, res.stdout, "Index:       7\n")
	require.Contains(t, res.stdout, "State:       Building\n")
	require.Contains(t, res.stdout, "Commit:      abc123 by dev: Fix the parser\n")
	require.NotContains(t, res.stdout, "Ended:")
}

func TestBuildsGet_JSON(t *testing.T) {
	server := newServer(t)
	id := runningBuild(server)

	res := runCommand(t, serverEnv(server), "builds", "get", id, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var build map[string]any
	decodeOne(t, res.stdout, &build)
	require.Equal(t, id, build["build_id"])
	require.Equal(t, "job-1", build["job_id"])
	require.Equal(t, "nightly", build["job_name"])
	require.Equal(t, "Building", build["build_state"])
	require.EqualValues(t, 7, build["index"])
	require.Equal(t, "abc123", build["commit_id"])
}

func TestBuildsGet_NotFound(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "builds", "get", "missing")

	require.Equal(t, 1, res.code)
	require.Empty(t, res.stdout)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, `get build "missing": 400 Bad Request: SVCSTG.CPE.5004401`)
	require.Regexp(t, `\(request id [0-9a-z]{32}\)\n$`, res.stderr)
}

func TestBuildsGet_NotFoundJSON(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "-o", "json", "builds", "get", "missing")
	require.Equal(t, 1, res.code)
	requireOneLine(t, res.stderr)

	var doc errorDocument
	decodeOne(t, res.stdout, &doc)
	require.Equal(t, strings.TrimSuffix(res.stderr, "\n"), doc.Error.Message)
	require.Equal(t, "api", doc.Error.Kind)
	require.Equal(t, 1, doc.Error.ExitCode)
	require.Equal(t, 400, doc.Error.Status)
	require.Equal(t, servicestagetest.CodeBuildNotFound, doc.Error.Code)
	require.Len(t, doc.Error.RequestID, 32)
	require.Equal(t, "missing", doc.Error.BuildID)
}

func TestBuildsGet_ControlCharactersInTable(t *testing.T) {
	server := newServer(t)
	id := server.AddBuild(servicestage.Build{JobName: "nightly\x1b[2J",
		State: servicestage.BuildStateBuilding})

	res := runCommand(t, serverEnv(server), "builds", "get", id)

	require.Equal(t, 0, res.code, res.stderr)
	require.NotContains(t, res.stdout, "\x1b")
	require.Regexp(t, `(?m)^Job:\s+nightly \[2J$`, res.stdout)
}

func TestBuildsCancel_Several(t *testing.T) {
	server := newServer(t)
	first, second := runningBuild(server), runningBuild(server)

	res := runCommand(t, serverEnv(server), "builds", "cancel", first, second, first)

	require.Equal(t, 0, res.code, res.stderr)
	require.Empty(t, res.stderr)
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	require.Len(t, lines, 3)
	require.Regexp(t, `^BUILD ID\s+STATE\s+JOB\s+INDEX$`, lines[0])
	require.Regexp(t, `^`+first+`\s+Cancel\s+nightly\s+7$`, lines[1])
	require.Regexp(t, `^`+second+`\s+Cancel\s+nightly\s+7$`, lines[2])

	for _, id := range []string{first, second} {
		stored, ok := server.Build(id)
		require.True(t, ok)
		require.Equal(t, servicestage.BuildStateCancel, stored.State)
	}
}

// cancelDocument is the JSON document of builds cancel.
type cancelDocument struct {
	Results []struct {
		BuildID string              `json:"build_id"`
		Build   *servicestage.Build `json:"build"`
		Error   *struct {
			Code      string `json:"code"`
			RequestID string `json:"request_id"`
			Kind      string `json:"kind"`
		} `json:"error"`
	} `json:"results"`
}

func TestBuildsCancel_PartialFailureJSON(t *testing.T) {
	server := newServer(t)
	id := runningBuild(server)

	res := runCommand(t, serverEnv(server), "builds", "cancel", "missing", id, "-o", "json")

	require.Equal(t, 1, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, `cancel build "missing"`)
	require.Contains(t, res.stderr, servicestagetest.CodeBuildNotFound)

	var doc cancelDocument
	decodeOne(t, res.stdout, &doc)
	require.Len(t, doc.Results, 2)
	require.Equal(t, "missing", doc.Results[0].BuildID)
	require.Nil(t, doc.Results[0].Build)
	require.NotNil(t, doc.Results[0].Error)
	require.Equal(t, servicestagetest.CodeBuildNotFound, doc.Results[0].Error.Code)
	require.Equal(t, "api", doc.Results[0].Error.Kind)
	require.NotEmpty(t, doc.Results[0].Error.RequestID)
	require.Equal(t, id, doc.Results[1].BuildID)
	require.Nil(t, doc.Results[1].Error)
	require.Equal(t, servicestage.BuildStateCancel, doc.Results[1].Build.State)
}

func TestBuildsCancel_InvalidIDSendsNothing(t *testing.T) {
	server := newServer(t)
	id := runningBuild(server)

	res := runCommand(t, serverEnv(server), "builds", "cancel", id, "..")

	require.Equal(t, 2, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, `BUILD_ID ".." is not an id`)
	require.Zero(t, server.RequestCount())
}

func TestBuildsList_Table(t *testing.T) {
	server := newServer(t)
	jobID := addJob(t, server, "nightly")
	started := runCommand(t, serverEnv(server), "builds", "start", jobID, "--wait")
	require.Equal(t, 0, started.code, started.stderr)

	res := runCommand(t, serverEnv(server), "builds", "list", "--job", jobID,
		"--job-name", "nightly")

	require.Equal(t, 0, res.code, res.stderr)
	require.Regexp(t, `^BUILD ID\s+STATE\s+DURATION\n[0-9a-z]{40}\s+Successful\s+\S+\n$`,
		res.stdout)
	require.Equal(t, "1 builds, 1 finished, 1 successful\n", res.stderr)
}

func TestBuildsList_ReadsJobName(t *testing.T) {
	server := newServer(t)
	jobID := addJob(t, server, "nightly")
	for range 2 {
		started := runCommand(t, serverEnv(server), "builds", "start", jobID)
		require.Equal(t, 0, started.code, started.stderr)
	}

	res := runCommand(t, serverEnv(server), "builds", "list", "--job", jobID, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var list servicestage.BuildList
	decodeOne(t, res.stdout, &list)
	require.EqualValues(t, 2, list.Total)
	require.Len(t, list.Builds, 2)
	require.Len(t, list.Builds[0].BuildID, 40)
}

func TestBuildsList_MissingJobFlag(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "builds", "list")

	require.Equal(t, 2, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, `required flag(s) "job" not set`)
	require.Zero(t, server.RequestCount())
}

func TestBuildsList_UnknownJob(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "builds", "list", "--job", "nope")

	require.Equal(t, 1, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, servicestagetest.CodeJobNotFound)
}
