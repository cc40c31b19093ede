package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
	"github.com/stretchr/testify/require"
)

// binary is the path of the servicestage command built by TestMain.
var binary string

// TestMain builds the command once, so every test runs the real binary.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "servicestage-cli-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "create build directory:", err)
		os.Exit(1)
	}

	code := buildAndRun(m, dir)
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// buildAndRun builds the command into dir and runs the tests.
func buildAndRun(m *testing.M, dir string) int {
	binary = filepath.Join(dir, "servicestage")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}

	build := exec.Command(goTool(), "build", "-o", binary, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build failed: %v\n%s", err, out)
		return 1
	}

	return m.Run()
}

// goTool returns the go command of the toolchain running the tests.
func goTool() string {
	path := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(path); err == nil {
		return path
	}

	return "go"
}

// result is what one run of the command printed and how it exited.
type result struct {
	stdout string
	stderr string
	code   int
}

// runLimit bounds every run, so a hanging command fails its test.
const runLimit = 30 * time.Second

// runCommand runs the command with args and an environment holding only
// env, so no variable of the machine running the tests reaches it.
func runCommand(t *testing.T, env []string, args ...string) result {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	defer cancel()

	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr

	err := cmd.Run()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("run %v: %v", args, err)
	}

	require.NoError(t, ctx.Err(), "command %v did not end within %v", args, runLimit)
	return result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

// fastSchedule runs a build in about 60 ms, so waits end quickly.
func fastSchedule() servicestagetest.Schedule {
	return servicestagetest.Schedule{QueueDuration: 10 * time.Millisecond,
		PhaseDuration: 10 * time.Millisecond}
}

// newServer starts a fake ServiceStage for one test.
func newServer(t *testing.T, opts ...servicestagetest.Option) *servicestagetest.Server {
	t.Helper()

	server := servicestagetest.NewServer(opts...)
	t.Cleanup(server.Close)
	require.NoError(t, server.SetSchedule(fastSchedule()))
	return server
}

// serverEnv returns an environment that points the command at server.
func serverEnv(server *servicestagetest.Server, extra ...string) []string {
	return append([]string{
		"SERVICESTAGE_ENDPOINT=" + server.URL,
		"SERVICESTAGE_TOKEN=" + server.Token,
	}, extra...)
}

// fastPoll are the flags that make waits poll the fake server often.
var fastPoll = []string{"--poll-interval", "10ms", "--max-poll-interval", "20ms"}

// decodeOne decodes stdout into v and checks it holds exactly one JSON
// document.
func decodeOne(t *testing.T, stdout string, v any) {
	t.Helper()

	dec := json.NewDecoder(strings.NewReader(stdout))
	require.NoError(t, dec.Decode(v), "stdout is not JSON: %q", stdout)

	var extra json.RawMessage
	require.ErrorIs(t, dec.Decode(&extra), io.EOF, "stdout holds more than one document")
}

// requireOneLine checks that stderr is exactly one line starting with the
// command's name.
func requireOneLine(t *testing.T, stderr string) {
	t.Helper()

	require.True(t, strings.HasSuffix(stderr, "\n"), "stderr %q does not end a line", stderr)
	require.Equal(t, 1, strings.Count(stderr, "\n"), "stderr is not one line: %q", stderr)
	require.True(t, strings.HasPrefix(stderr, "servicestage: "), "stderr: %q", stderr)
}

// errorDocument is the JSON document printed on stdout when a command fails.
type errorDocument struct {
	Error struct {
		Message   string `json:"message"`
		Kind      string `json:"kind"`
		ExitCode  int    `json:"exit_code"`
		Status    int    `json:"status"`
		Code      string `json:"code"`
		RequestID string `json:"request_id"`
		BuildID   string `json:"build_id"`
		JobID     string `json:"job_id"`
	} `json:"error"`
}

// addJob stores a job named name on server and returns its id.
func addJob(t *testing.T, server *servicestagetest.Server, name string) string {
	t.Helper()

	id, err := server.AddJob(servicestage.JobSpec{JobName: name,
		EnvironmentSetting: servicestage.EnvironmentSetting{UsePublicCluster: true}})
	require.NoError(t, err)
	return id
}
