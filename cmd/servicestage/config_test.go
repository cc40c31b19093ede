package main

import (
	"net"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage/servicestagetest"
)

func TestConfig_MissingEndpoint(t *testing.T) {
	res := runCommand(t, []string{"SERVICESTAGE_TOKEN=t"}, "builds", "get", "b-1")

	require.Equal(t, 2, res.code)
	require.Empty(t, res.stdout)
	require.Equal(t, "servicestage: no endpoint: pass --endpoint URL or --region NAME (such as "+
		"cn-north-4), or set SERVICESTAGE_ENDPOINT or SERVICESTAGE_REGION\n", res.stderr)
}

func TestConfig_MissingCredentials(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, []string{"SERVICESTAGE_ENDPOINT=" + server.URL}, "builds", "get", "b-1",
		"-o", "json")

	require.Equal(t, 2, res.code)
	require.Equal(t, "servicestage: no credentials: set SERVICESTAGE_TOKEN to an IAM token, "+
		"or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK to an AK/SK pair, or pass --token or "+
		"--ak and --sk\n", res.stderr)
	require.Zero(t, server.RequestCount())

	var doc errorDocument
	decodeOne(t, res.stdout, &doc)
	require.Equal(t, "usage", doc.Error.Kind)
	require.Equal(t, 2, doc.Error.ExitCode)
}

func TestConfig_RegionNeedsCredentials(t *testing.T) {
	res := runCommand(t, []string{"SERVICESTAGE_REGION=cn-north-4"}, "base-images")

	require.Equal(t, 2, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, "no credentials")
}

func TestConfig_CredentialErrors(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		args []string
		text string
	}{
		{"AK without SK", []string{"HUAWEICLOUD_SDK_AK=ak"}, nil,
			"HUAWEICLOUD_SDK_AK sets an access key but no secret key is set: set " +
				"HUAWEICLOUD_SDK_SK or pass --sk too"},
		{"SK without AK", []string{"HUAWEICLOUD_SDK_SK=sk"}, nil,
			"HUAWEICLOUD_SDK_SK sets a secret key but no access key is set"},
		{"AK flag without SK", nil, []string{"--ak", "ak"},
			"--ak sets an access key but no secret key is set"},
		{"security token alone", []string{"SERVICESTAGE_TOKEN=t",
			"HUAWEICLOUD_SDK_SECURITY_TOKEN=st"}, nil, "sets a security token but no AK/SK pair"},
		{"token and AK/SK variables", []string{"SERVICESTAGE_TOKEN=t", "HUAWEICLOUD_SDK_AK=ak",
			"HUAWEICLOUD_SDK_SK=secret-value"}, nil,
			"both a token (SERVICESTAGE_TOKEN) and an AK/SK pair (HUAWEICLOUD_SDK_AK, " +
				"HUAWEICLOUD_SDK_SK) are set"},
		{"empty token flag", []string{"SERVICESTAGE_TOKEN=t"}, []string{"--token="},
			"--token is empty"},
		{"blank token variable", []string{"SERVICESTAGE_TOKEN=   "}, nil,
			"SERVICESTAGE_TOKEN contains only spaces; set it to the value, or unset it"},
		{"token with a line break", nil, []string{"--token", "secret-value\nsecond-line"},
			"--token contains a control character, such as a line break; remove it"},
		{"secret key with spaces", []string{"HUAWEICLOUD_SDK_AK=ak",
			"HUAWEICLOUD_SDK_SK= secret-value"}, nil,
			"HUAWEICLOUD_SDK_SK has leading or trailing spaces; remove them"},
		{"blank project id", []string{"HUAWEICLOUD_SDK_AK=ak", "HUAWEICLOUD_SDK_SK=sk",
			"HUAWEICLOUD_SDK_PROJECT_ID= "}, nil, "HUAWEICLOUD_SDK_PROJECT_ID contains only spaces"},
		{"project id flag with a token", []string{"SERVICESTAGE_TOKEN=t"},
			[]string{"--project-id", "p-1"}, "--project-id applies only to AK/SK credentials, " +
				"but the token from SERVICESTAGE_TOKEN is used"},
		{"security token flag with a token flag", []string{"HUAWEICLOUD_SDK_AK=ak",
			"HUAWEICLOUD_SDK_SK=sk"}, []string{"--token", "t", "--security-token", "st"},
			"--security-token applies only to AK/SK credentials, but the token from --token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := newServer(t)

			env := append([]string{"SERVICESTAGE_ENDPOINT=" + server.URL}, tt.env...)
			args := append([]string{"builds", "get", "b-1"}, tt.args...)
			res := runCommand(t, env, args...)

			require.Equal(t, 2, res.code)
			requireOneLine(t, res.stderr)
			require.Contains(t, res.stderr, tt.text)
			require.NotContains(t, res.stderr, "secret-value")
			require.NotRegexp(t, `With[A-Z]`, res.stderr, "an SDK option reached the message")
			require.Zero(t, server.RequestCount())
		})
	}
}

func TestConfig_AKSKFromEnvironment(t *testing.T) {
	server := newServer(t, servicestagetest.WithAKSK("AKCLITEST01", "SKCLITEST0123456"))
	id := runningBuild(server)

	env := []string{"SERVICESTAGE_ENDPOINT=" + server.URL, "HUAWEICLOUD_SDK_AK=AKCLITEST01",
		"HUAWEICLOUD_SDK_SK=SKCLITEST0123456", "HUAWEICLOUD_SDK_PROJECT_ID=0123456789abcdef"}
	res := runCommand(t, env, "builds", "get", id, "-v")

	require.Equal(t, 0, res.code, res.stderr)
	require.Contains(t, res.stdout, id)
	require.NotContains(t, res.stderr, "SKCLITEST0123456")
}

func TestConfig_AKSKFlagsWinOverTokenVariable(t *testing.T) {
	server := newServer(t, servicestagetest.WithAKSK("AKCLITEST01", "SKCLITEST0123456"))
	id := runningBuild(server)

	env := []string{"SERVICESTAGE_ENDPOINT=" + server.URL, "SERVICESTAGE_TOKEN=wrong-token"}
	res := runCommand(t, env, "builds", "get", id, "--ak", "AKCLITEST01",
		"--sk", "SKCLITEST0123456")

	require.Equal(t, 0, res.code, res.stderr)
	require.Contains(t, res.stdout, id)
}

func TestConfig_WrongSecretKey(t *testing.T) {
	server := newServer(t, servicestagetest.WithAKSK("AKCLITEST01", "SKCLITEST0123456"))
	id := runningBuild(server)

	env := []string{"SERVICESTAGE_ENDPOINT=" + server.URL, "HUAWEICLOUD_SDK_AK=AKCLITEST01",
		"HUAWEICLOUD_SDK_SK=SKwrongwrong0000"}
	res := runCommand(t, env, "builds", "get", id)

	require.Equal(t, 1, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, "APIGW.0301")
	require.NotContains(t, res.stderr, "SKwrongwrong0000")
}

func TestConfig_TokenFlagWinsOverAKSK(t *testing.T) {
	server := newServer(t)
	id := runningBuild(server)

	env := []string{"SERVICESTAGE_ENDPOINT=" + server.URL, "HUAWEICLOUD_SDK_AK=ak",
		"HUAWEICLOUD_SDK_SK=sk"}
	res := runCommand(t, env, "builds", "get", id, "--token", server.Token)

	require.Equal(t, 0, res.code, res.stderr)
	require.Contains(t, res.stdout, id)
}

func TestConfig_FlagsWinOverEnvironment(t *testing.T) {
	server := newServer(t)
	other := newServer(t)
	id := runningBuild(server)

	env := []string{"SERVICESTAGE_ENDPOINT=" + other.URL, "SERVICESTAGE_TOKEN=wrong-token"}
	res := runCommand(t, env, "builds", "get", id, "--endpoint", server.URL,
		"--token", server.Token)

	require.Equal(t, 0, res.code, res.stderr)
	require.Contains(t, res.stdout, id)
	require.Zero(t, other.RequestCount())
}

func TestConfig_EndpointAndRegionFlags(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "base-images", "--endpoint", server.URL,
		"--region", "cn-north-4")

	require.Equal(t, 2, res.code)
	require.Equal(t, "servicestage: --endpoint and --region both set the service address; "+
		"pass one\n", res.stderr)
}

func TestConfig_InvalidEndpoint(t *testing.T) {
	res := runCommand(t, []string{"SERVICESTAGE_ENDPOINT=ftp://127.0.0.1/x",
		"SERVICESTAGE_TOKEN=t"}, "base-images")

	require.Equal(t, 2, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, `invalid endpoint "ftp://127.0.0.1/x"`)
	require.Contains(t, res.stderr, "(endpoint from SERVICESTAGE_ENDPOINT, token from "+
		"SERVICESTAGE_TOKEN)")
}

func TestConfig_InvalidEndpointNamesAKSKSources(t *testing.T) {
	env := []string{"SERVICESTAGE_ENDPOINT=ftp://127.0.0.1/x", "HUAWEICLOUD_SDK_AK=ak"}
	res := runCommand(t, env, "base-images", "--sk", "secret-value")

	require.Equal(t, 2, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, "(endpoint from SERVICESTAGE_ENDPOINT, AK/SK from "+
		"HUAWEICLOUD_SDK_AK, --sk)")
	require.NotContains(t, res.stderr, "token from")
}

func TestConfig_WrongToken(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, []string{"SERVICESTAGE_ENDPOINT=" + server.URL,
		"SERVICESTAGE_TOKEN=wrong-token"}, "base-images")

	require.Equal(t, 1, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, "401 Unauthorized: APIGW.0301")
	require.Contains(t, res.stderr, "(request id ")
	require.NotContains(t, res.stderr, "wrong-token")
}

func TestNetworkError_ClosedPort(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	endpoint := "http://" + listener.Addr().String()
	require.NoError(t, listener.Close())

	res := runCommand(t, []string{"SERVICESTAGE_ENDPOINT=" + endpoint, "SERVICESTAGE_TOKEN=t"},
		"builds", "get", "b-1", "--max-attempts", "1", "-o", "json")

	require.Equal(t, 1, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, "connection refused")

	var doc errorDocument
	decodeOne(t, res.stdout, &doc)
	require.Equal(t, "network", doc.Error.Kind)
	require.Equal(t, 1, doc.Error.ExitCode)
}

func TestVerbose_LogsWithoutToken(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "base-images", "-v")

	require.Equal(t, 0, res.code, res.stderr)
	require.Contains(t, res.stderr, "level=DEBUG")
	require.Contains(t, res.stderr, "/assembling/v1/base_images")
	require.NotContains(t, res.stderr, server.Token)
}

func TestBadCommandLine(t *testing.T) {
	tests := []struct {
		name string
		args []string
		text string
	}{
		{"unknown flag", []string{"builds", "get", "b-1", "--bogus"},
			"unknown flag: --bogus; see 'servicestage builds get --help'"},
		{"unknown command", []string{"bogus"}, `unknown command "bogus" for "servicestage"`},
		{"unknown subcommand", []string{"builds", "bogus"},
			`unknown command "bogus" for "servicestage builds"`},
		{"missing argument", []string{"builds", "get"},
			"builds get takes exactly one argument, BUILD_ID, but got 0"},
		{"extra argument", []string{"jobs", "delete", "a", "b"},
			"jobs delete takes exactly one argument, JOB_ID, but got 2"},
		{"no build ids", []string{"builds", "cancel"},
			"builds cancel takes one or more BUILD_ID arguments, but got none"},
		{"blank id", []string{"builds", "get", " "}, "BUILD_ID is empty"},
		{"bad duration", []string{"builds", "wait", "b-1", "--timeout", "10"},
			`invalid argument "10" for "--timeout" flag`},
		{"negative timeout", []string{"builds", "wait", "b-1", "--timeout", "-1s"},
			"--timeout is -1s"},
		{"bad output format", []string{"base-images", "-o", "yaml"},
			`invalid output format "yaml" for -o; pass table or json`},
		{"bad page", []string{"jobs", "list", "--page", "x"}, `invalid argument "x"`},
		{"negative page", []string{"jobs", "list", "--page", "-1"}, "page"},
		{"page zero", []string{"jobs", "list", "--page", "0"}, "--page is 0; pass 1 or more"},
		{"negative page size", []string{"jobs", "list", "--per-page", "-1"},
			"--per-page is -1; pass 1 or more, or 0 for 20"},
		{"too many attempts", []string{"base-images", "--max-attempts", "1000"},
			"--max-attempts is 1000; pass 1 to 100 (1 disables retries)"},
		{"negative attempts", []string{"base-images", "--max-attempts", "-3"},
			"--max-attempts is -3; pass 1 to 100"},
		{"negative log offset", []string{"builds", "logs", "b-1", "--from", "-1"},
			"--from is -1; pass 0 for the start of the log, or the next value of an " +
				"earlier -o json read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := newServer(t)

			res := runCommand(t, serverEnv(server), tt.args...)

			require.Equal(t, 2, res.code, res.stderr)
			require.Empty(t, res.stdout)
			requireOneLine(t, res.stderr)
			require.Contains(t, res.stderr, tt.text)
			require.NotRegexp(t, `With[A-Z]|BuildLog|PerPage`, res.stderr,
				"a Go name of the SDK reached the message")
			require.Zero(t, server.RequestCount())
		})
	}
}

func TestBadCommandLine_JSONDocument(t *testing.T) {
	res := runCommand(t, nil, "-o", "json", "builds", "get", "b-1", "--bogus")
	require.Equal(t, 2, res.code)

	var doc errorDocument
	decodeOne(t, res.stdout, &doc)
	require.Equal(t, "usage", doc.Error.Kind)
	require.Equal(t, 2, doc.Error.ExitCode)
	require.Equal(t, strings.TrimSuffix(res.stderr, "\n"), doc.Error.Message)
}

func TestBadCommandLine_JSONAfterParseError(t *testing.T) {
	tests := []struct {
		name string
		args []string
		text string
	}{
		{"unknown flag", []string{"builds", "get", "b-1", "--bogus", "-o", "json"},
			"unknown flag: --bogus"},
		{"bad duration", []string{"builds", "wait", "b-1", "--timeout", "20", "-o", "json"},
			`invalid argument "20" for "--timeout" flag`},
		{"unknown command", []string{"bogus", "-o", "json"}, `unknown command "bogus"`},
		{"unknown command, joined flag", []string{"--output=json", "bogus"},
			`unknown command "bogus"`},
		{"unknown subcommand", []string{"builds", "bogus", "-ojson"},
			`unknown command "bogus" for "servicestage builds"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runCommand(t, nil, tt.args...)
			require.Equal(t, 2, res.code)
			requireOneLine(t, res.stderr)
			require.Contains(t, res.stderr, tt.text)

			var doc errorDocument
			decodeOne(t, res.stdout, &doc)
			require.Equal(t, "usage", doc.Error.Kind)
			require.Equal(t, 2, doc.Error.ExitCode)
			require.Equal(t, strings.TrimSuffix(res.stderr, "\n"), doc.Error.Message)
		})
	}
}

func TestNoArguments_PrintsHelp(t *testing.T) {
	res := runCommand(t, nil)

	require.Equal(t, 0, res.code)
	require.Contains(t, res.stdout, "Available Commands:")
	require.Empty(t, res.stderr)
}
