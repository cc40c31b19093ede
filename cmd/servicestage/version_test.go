package main

import (
	"runtime"
	"strings"
	"testing"

	"github.com/servicestage-go/servicestage"
	"github.com/stretchr/testify/require"
)

func TestVersion_Text(t *testing.T) {
	res := runCommand(t, nil, "version")

	require.Equal(t, 0, res.code)
	require.Equal(t, "servicestage "+servicestage.Version+" ("+runtime.Version()+", "+
		runtime.GOOS+"/"+runtime.GOARCH+")\n", res.stdout)
	require.Empty(t, res.stderr)
}

func TestVersion_JSON(t *testing.T) {
	res := runCommand(t, nil, "version", "-o", "json")
	require.Equal(t, 0, res.code)

	var doc map[string]string
	decodeOne(t, res.stdout, &doc)
	require.Equal(t, map[string]string{
		"version":    servicestage.Version,
		"go_version": runtime.Version(),
		"platform":   runtime.GOOS + "/" + runtime.GOARCH,
	}, doc)
}

func TestHelp_SaysUnits(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--help"}, []string{"SERVICESTAGE_ENDPOINT", "SERVICESTAGE_REGION",
			"SERVICESTAGE_TOKEN", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SECURITY_TOKEN",
			"Exit codes:", "130", "--request-timeout DURATION", "such as 30s or 2m",
			"--max-attempts ATTEMPTS", "1 to 100", "When both come from the environment, or " +
				"both from flags, that is a\nusage error", "An endpoint\nneeds its scheme",
			"--project-id or --security-token beside a token is a\nusage error"}},
		{[]string{"builds", "list", "--help"}, []string{"duration is in seconds",
			"print on stderr how many"}},
		{[]string{"builds", "wait", "--help"}, []string{"--timeout duration",
			"such as 90s or 30m", "0 waits without limit", "(default 1h0m0s)",
			"--poll-interval duration", "3 Failed or Timeout, 4 Cancel or Deleted"}},
		{[]string{"builds", "start", "--help"}, []string{"--wait", "--follow", "implies --wait"}},
		{[]string{"builds", "logs", "--help"}, []string{"--from int", "0 or more", "--follow"}},
		{[]string{"jobs", "create", "--help"}, []string{"--name string",
			"2 to 64 letters", "ending with a letter or digit", "at most 64 characters",
			"--arch string", "x86_64 or aarch64", "not with --cluster-id"}},
		{[]string{"jobs", "list", "--help"}, []string{"--page int", "1 or more",
			"--per-page int", "0 means 20", "(default 20)"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			res := runCommand(t, nil, tt.args...)

			require.Equal(t, 0, res.code)
			for _, want := range tt.want {
				require.Contains(t, res.stdout, want)
			}
		})
	}
}

func TestCompletion_Shells(t *testing.T) {
	tests := []struct {
		shell string
		want  string
	}{
		{"bash", "__start_servicestage"},
		{"zsh", "#compdef servicestage"},
		{"fish", "complete -c servicestage"},
		{"powershell", "Register-ArgumentCompleter"},
	}
	for _, tt := range tests {
		res := runCommand(t, nil, "completion", tt.shell)

		require.Equal(t, 0, res.code, tt.shell)
		require.Contains(t, res.stdout, tt.want, tt.shell)
	}
}

func TestCompletion_UnsupportedShell(t *testing.T) {
	res := runCommand(t, nil, "completion", "tcsh")

	require.Equal(t, 2, res.code)
	require.Empty(t, res.stdout)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, `unsupported shell "tcsh"; pass one of: bash, fish, `+
		"powershell, zsh")
}

func TestGroupCommand_NoSubcommand(t *testing.T) {
	tests := []struct {
		args []string
		text string
	}{
		{[]string{"builds"}, "servicestage: builds needs a subcommand; pass one of: cancel, " +
			"get, list, logs, start, wait; see 'servicestage builds --help'\n"},
		{[]string{"jobs"}, "servicestage: jobs needs a subcommand"},
		{[]string{"completion"}, "servicestage: completion needs a subcommand; pass one of: " +
			"bash, fish, powershell, zsh"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			res := runCommand(t, nil, tt.args...)

			require.Equal(t, 2, res.code)
			require.Empty(t, res.stdout)
			require.Contains(t, res.stderr, "Available Commands:")
			require.Contains(t, res.stderr, tt.text)

			res = runCommand(t, nil, append(tt.args, "-o", "json")...)
			require.Equal(t, 2, res.code)

			var doc errorDocument
			decodeOne(t, res.stdout, &doc)
			require.Equal(t, "usage", doc.Error.Kind)
		})
	}
}

func TestCompletion_OutputValues(t *testing.T) {
	res := runCommand(t, nil, "__complete", "builds", "get", "-o", "")

	require.Equal(t, 0, res.code)
	require.Equal(t, "table\njson\n:4\n", res.stdout)
}
