//go:build linux

package main

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/servicestage-go/servicestage/servicestagetest"
	"github.com/stretchr/testify/require"
)

// TestBuildsWait_SpinnerOnTerminal runs the command under util-linux's
// script(1), which gives it a pseudo-terminal, and checks that the
// spinner line is drawn and erased there.
func TestBuildsWait_SpinnerOnTerminal(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) is not installed, so no pseudo-terminal is available")
	}

	server := newServer(t)
	jobID := addJob(t, server, "nightly")
	require.NoError(t, server.SetJobSchedule(jobID, servicestagetest.Schedule{
		PhaseDuration: 100 * time.Millisecond}))
	buildID := startBuild(t, server, jobID)

	command := strings.Join(append([]string{binary, "builds", "wait", buildID}, fastPoll...), " ")
	cmd := exec.Command(script, "-qec", command, "/dev/null")
	cmd.Env = serverEnv(server, "SHELL=/bin/sh")
	out, err := cmd.Output()
	require.NoError(t, err, "output: %q", out)

	text := string(out)
	require.Contains(t, text, "\r\x1b[K| build "+buildID+": ")
	require.Contains(t, text, "\r\x1b[Kbuild "+buildID+": Successful\r\n")
	require.Regexp(t, `(?m)^State:\s+Successful\r$`, text)
}
