//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/servicestage-go/servicestage/servicestagetest"
	"github.com/stretchr/testify/require"
)

// promptExit is how soon after a signal the command must have exited.
const promptExit = 2 * time.Second

// interruptDuringRequest starts the command with args, waits until the
// server holds its request in a fault's latency, sends sig and returns
// the result and how long the command took to exit after the signal.
func interruptDuringRequest(t *testing.T, server *servicestagetest.Server, sig os.Signal,
	args ...string) (result, time.Duration) {
	t.Helper()

	cmd := exec.Command(binary, args...)
	cmd.Env = serverEnv(server)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	require.Eventually(t, func() bool { return server.PendingFaults() == 0 },
		10*time.Second, 5*time.Millisecond, "the request never reached the server")
	require.NoError(t, cmd.Process.Signal(sig))
	sent := time.Now()

	select {
	case <-done:
	case <-time.After(runLimit):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("command %v did not exit within %v of %v", args, runLimit, sig)
	}

	elapsed := time.Since(sent)
	return result{stdout: stdout.String(), stderr: stderr.String(),
		code: cmd.ProcessState.ExitCode()}, elapsed
}

// slowServer returns a server whose next request waits for latency. The
// server notices a client that goes away and ends the wait, so a long
// latency does not slow the test down.
func slowServer(t *testing.T, latency time.Duration) *servicestagetest.Server {
	t.Helper()

	server := newServer(t)
	server.InjectFault(servicestagetest.Fault{Latency: latency}, 1)
	return server
}

func TestInterrupt_SlowRequest(t *testing.T) {
	server := slowServer(t, time.Minute)

	res, elapsed := interruptDuringRequest(t, server, os.Interrupt, "builds", "get", "b-1")

	require.Equal(t, 130, res.code)
	require.Less(t, elapsed, promptExit)
	require.Empty(t, res.stdout)
	require.Equal(t, "servicestage: interrupted by SIGINT; cancelled the request in flight\n",
		res.stderr)
}

func TestInterrupt_SlowRequestJSON(t *testing.T) {
	t.Parallel()
	server := slowServer(t, time.Minute)

	res, elapsed := interruptDuringRequest(t, server, os.Interrupt, "builds", "cancel", "b-1",
		"b-2", "-o", "json")
	require.Equal(t, 130, res.code)
	require.Less(t, elapsed, promptExit)
	requireOneLine(t, res.stderr)

	var doc errorDocument
	decodeOne(t, res.stdout, &doc)
	require.Equal(t, "interrupted", doc.Error.Kind)
	require.Equal(t, 130, doc.Error.ExitCode)
	require.Equal(t, "b-1", doc.Error.BuildID)
	require.EqualValues(t, 1, server.RequestCount(), "the second build was cancelled too")
}

func TestBuildsStart_TimeoutSaysBuildMayHaveStarted(t *testing.T) {
	t.Parallel()
	server := slowServer(t, time.Minute)
	jobID := addJob(t, server, "nightly")

	res := runCommand(t, serverEnv(server), "builds", "start", jobID,
		"--request-timeout", "200ms")

	require.Equal(t, 1, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, "Client.Timeout exceeded")
	require.True(t, strings.HasSuffix(res.stderr, "; the build may have started: list the "+
		"job's builds with 'servicestage builds list --job "+jobID+"'\n"), res.stderr)
	require.EqualValues(t, 1, server.RequestCount(), "the start was sent again")
}

func TestInterrupt_StartBuildJSON(t *testing.T) {
	t.Parallel()
	server := slowServer(t, time.Minute)
	jobID := addJob(t, server, "nightly")

	res, _ := interruptDuringRequest(t, server, os.Interrupt, "builds", "start", jobID,
		"-o", "json")
	require.Equal(t, 130, res.code)

	var doc errorDocument
	decodeOne(t, res.stdout, &doc)
	require.Equal(t, "interrupted", doc.Error.Kind)
	require.Equal(t, jobID, doc.Error.JobID)
	require.Empty(t, doc.Error.BuildID)
}

func TestInterrupt_FollowJSONKeepsLog(t *testing.T) {
	t.Parallel()
	server := newServer(t)
	buildID := longRunningBuild(t, server)
	server.InjectFault(servicestagetest.Fault{}, 1)
	server.InjectFault(servicestagetest.Fault{Latency: time.Minute}, 1)

	args := append([]string{"builds", "logs", buildID, "--follow", "-o", "json"}, fastPoll...)
	res, elapsed := interruptDuringRequest(t, server, os.Interrupt, args...)
	require.Equal(t, 130, res.code)
	require.Less(t, elapsed, promptExit)
	requireOneLine(t, res.stderr)

	var doc logDocument
	decodeOne(t, res.stdout, &doc)
	log, _ := server.BuildLog(buildID)
	require.NotEmpty(t, log)
	require.Equal(t, log, doc.Log)
	require.Equal(t, len(log), doc.Next)
	require.NotNil(t, doc.Error)
	require.Equal(t, "interrupted", doc.Error.Kind)
	require.Equal(t, 130, doc.Error.ExitCode)
	require.Equal(t, buildID, doc.Error.BuildID)
}

func TestInterrupt_SIGTERM(t *testing.T) {
	server := slowServer(t, time.Minute)

	res, elapsed := interruptDuringRequest(t, server, syscall.SIGTERM, "base-images")

	require.Equal(t, 143, res.code)
	require.Less(t, elapsed, promptExit)
	require.Equal(t, "servicestage: interrupted by SIGTERM; cancelled the request in flight\n",
		res.stderr)
}

func TestInterrupt_StartBuild(t *testing.T) {
	t.Parallel()
	server := slowServer(t, time.Minute)
	jobID := addJob(t, server, "nightly")

	res, elapsed := interruptDuringRequest(t, server, os.Interrupt, "builds", "start", jobID)

	require.Equal(t, 130, res.code)
	require.Less(t, elapsed, promptExit)
	require.Equal(t, "servicestage: interrupted by SIGINT; cancelled the request in flight; "+
		"the build may have started: list the job's builds with 'servicestage builds list "+
		"--job "+jobID+"'\n", res.stderr)
}

func TestInterrupt_WaitKeepsBuildRunning(t *testing.T) {
	server := newServer(t)
	jobID := addJob(t, server, "nightly")
	server.InjectFault(servicestagetest.Fault{}, 1)
	server.InjectFault(servicestagetest.Fault{Latency: time.Minute}, 1)

	res, elapsed := interruptDuringRequest(t, server, os.Interrupt, "builds", "start", jobID,
		"--wait")

	require.Equal(t, 130, res.code)
	require.Less(t, elapsed, promptExit)
	buildID := buildIDFrom(t, res.stderr)
	require.Contains(t, res.stderr, "\nservicestage: interrupted by SIGINT; cancelled the "+
		"request in flight; build "+buildID+" keeps running: cancel it with 'servicestage "+
		"builds cancel "+buildID+"'\n")
	_, ok := server.Build(buildID)
	require.True(t, ok)
}
