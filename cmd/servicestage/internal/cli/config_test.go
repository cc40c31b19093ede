package cli

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// resolveArgs parses args as global flags and resolves the configuration
// with env as the environment.
func resolveArgs(t *testing.T, env map[string]string, args ...string) (*config, error) {
	t.Helper()

	a := &app{out: &output{}}
	root := a.rootCommand()
	require.NoError(t, root.PersistentFlags().Parse(args))

	return resolveConfig(root.PersistentFlags(), &a.flags, func(name string) string {
		return env[name]
	})
}

// requireUsageError checks that err is a *usageError containing text.
func requireUsageError(t *testing.T, err error, text string) {
	t.Helper()

	var usage *usageError
	require.True(t, errors.As(err, &usage), "error %v is not a usage error", err)
	require.Contains(t, usage.Error(), text)
}

func TestResolveConfig_Endpoint(t *testing.T) {
	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		endpoint   string
		fromSource string
	}{
		{"endpoint variable", map[string]string{envEndpoint: "http://127.0.0.1:1"}, nil,
			"http://127.0.0.1:1", envEndpoint},
		{"region variable", map[string]string{envRegion: "cn-north-4"}, nil,
			"https://servicestage.cn-north-4.myhuaweicloud.com", envRegion},
		{"endpoint flag", nil, []string{"--endpoint", "http://127.0.0.1:2"},
			"http://127.0.0.1:2", "--endpoint"},
		{"region flag", nil, []string{"--region", "ap-southeast-1"},
			"https://servicestage.ap-southeast-1.myhuaweicloud.com", "--region"},
		{"endpoint variable wins over region variable",
			map[string]string{envEndpoint: "http://127.0.0.1:3", envRegion: "cn-north-4"}, nil,
			"http://127.0.0.1:3", envEndpoint},
		{"endpoint flag wins over region variable",
			map[string]string{envRegion: "cn-north-4"}, []string{"--endpoint", "http://127.0.0.1:4"},
			"http://127.0.0.1:4", "--endpoint"},
		{"region flag wins over endpoint variable",
			map[string]string{envEndpoint: "http://127.0.0.1:5"}, []string{"--region", "cn-east-3"},
			"https://servicestage.cn-east-3.myhuaweicloud.com", "--region"},
		{"empty variable is unset",
			map[string]string{envEndpoint: "", envRegion: "cn-south-1"}, nil,
			"https://servicestage.cn-south-1.myhuaweicloud.com", envRegion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{envToken: "t"}
			for name, value := range tt.env {
				env[name] = value
			}

			cfg, err := resolveArgs(t, env, tt.args...)
			require.NoError(t, err)
			require.Equal(t, tt.endpoint, cfg.endpoint)
			require.Equal(t, tt.fromSource, cfg.endpointSource)
		})
	}
}

func TestResolveConfig_EndpointErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		text string
	}{
		{"nothing set", nil, nil, "no endpoint"},
		{"both flags", nil, []string{"--endpoint", "http://127.0.0.1:1", "--region", "cn-north-4"},
			"--endpoint and --region both set"},
		{"region with a dot", map[string]string{envRegion: "evil.example.com/x"}, nil,
			`invalid region "evil.example.com/x" in SERVICESTAGE_REGION`},
		{"region upper case", nil, []string{"--region", "CN-NORTH-4"}, "invalid region"},
		{"empty endpoint flag", nil, []string{"--endpoint", ""}, "--endpoint is empty"},
		{"endpoint without a scheme", nil, []string{"--endpoint", "127.0.0.1:44491"},
			`invalid endpoint "127.0.0.1:44491" in --endpoint: it has no scheme; add https:// ` +
				"in front, as in https://127.0.0.1:44491, or http:// for a server without TLS"},
		{"host and port without a scheme", map[string]string{envEndpoint: "localhost:8080"},
			nil, `invalid endpoint "localhost:8080" in SERVICESTAGE_ENDPOINT: it has no scheme`},
		{"user info without a scheme", nil, []string{"--endpoint", "user:pw@127.0.0.1:1"},
			"invalid endpoint in --endpoint: it has no scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{envToken: "t"}
			for name, value := range tt.env {
				env[name] = value
			}

			_, err := resolveArgs(t, env, tt.args...)
			requireUsageError(t, err, tt.text)
		})
	}
}

func TestResolveConfig_Credentials(t *testing.T) {
	const endpoint = "http://127.0.0.1:1"
	tests := []struct {
		name  string
		env   map[string]string
		args  []string
		kind  credentialKind
		token string
	}{
		{"token variable", map[string]string{envToken: "env-token"}, nil,
			credentialsToken, "env-token"},
		{"token flag wins over variable", map[string]string{envToken: "env-token"},
			[]string{"--token", "flag-token"}, credentialsToken, "flag-token"},
		{"AK/SK variables", map[string]string{envAK: "ak", envSK: "sk"}, nil,
			credentialsAKSK, ""},
		{"AK/SK with project and security token",
			map[string]string{envAK: "ak", envSK: "sk", envProjectID: "p",
				envSecurityToken: "st"}, nil, credentialsAKSK, ""},
		{"token flag wins over AK/SK variables",
			map[string]string{envAK: "ak", envSK: "sk"}, []string{"--token", "flag-token"},
			credentialsToken, "flag-token"},
		{"AK/SK flags win over token variable", map[string]string{envToken: "env-token"},
			[]string{"--ak", "ak", "--sk", "sk"}, credentialsAKSK, "env-token"},
		{"AK flag pairs with SK variable", map[string]string{envSK: "sk"},
			[]string{"--ak", "ak"}, credentialsAKSK, ""},
		{"project id variable is ignored with a token",
			map[string]string{envToken: "env-token", envProjectID: "p"}, nil,
			credentialsToken, "env-token"},
		{"unused token variable is not checked",
			map[string]string{envToken: " ", envAK: "ak", envSK: "sk"}, []string{"--ak", "ak"},
			credentialsAKSK, " "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{envEndpoint: endpoint}
			for name, value := range tt.env {
				env[name] = value
			}

			cfg, err := resolveArgs(t, env, tt.args...)
			require.NoError(t, err)
			require.Equal(t, tt.kind, cfg.credentials)
			require.Equal(t, tt.token, cfg.token.value)
		})
	}
}

func TestResolveConfig_CredentialErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		text string
	}{
		{"nothing set", nil, nil, "no credentials"},
		{"AK without SK", map[string]string{envAK: "ak"}, nil,
			"HUAWEICLOUD_SDK_AK sets an access key but no secret key is set"},
		{"SK without AK", map[string]string{envSK: "sk"}, nil,
			"HUAWEICLOUD_SDK_SK sets a secret key but no access key is set"},
		{"AK flag without SK", nil, []string{"--ak", "ak"},
			"--ak sets an access key but no secret key is set"},
		{"SK flag without AK beside a token", map[string]string{envToken: "t"},
			[]string{"--sk", "sk"}, "--sk sets a secret key but no access key is set"},
		{"half pair beside a token", map[string]string{envToken: "t", envAK: "ak"}, nil,
			"no secret key is set"},
		{"security token without AK/SK",
			map[string]string{envToken: "t", envSecurityToken: "st"}, nil,
			"sets a security token but no AK/SK pair is set"},
		{"token and AK/SK variables", map[string]string{envToken: "t", envAK: "a", envSK: "s"},
			nil, "both a token (SERVICESTAGE_TOKEN) and an AK/SK pair"},
		{"token and AK/SK flags", nil,
			[]string{"--token", "t", "--ak", "a", "--sk", "s"}, "both a token (--token)"},
		{"empty token flag", map[string]string{envToken: "t"}, []string{"--token="},
			"--token is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{envEndpoint: "http://127.0.0.1:1"}
			for name, value := range tt.env {
				env[name] = value
			}

			_, err := resolveArgs(t, env, tt.args...)
			requireUsageError(t, err, tt.text)
		})
	}
}

func TestClientOptions_AKSK(t *testing.T) {
	cfg, err := resolveArgs(t, map[string]string{envEndpoint: "http://127.0.0.1:1",
		envAK: "AKCLITEST01", envSK: "secret-sk-value", envProjectID: "p-1",
		envSecurityToken: "security-token-value"})
	require.NoError(t, err)

	client, err := newClient(cfg, nil)
	require.NoError(t, err)
	require.NotContains(t, fmt.Sprintf("%+v", client), "secret-sk-value")
}

func TestClientOptions_Token(t *testing.T) {
	cfg, err := resolveArgs(t, map[string]string{envEndpoint: "http://127.0.0.1:1/gw/",
		envToken: "t"})
	require.NoError(t, err)

	client, err := newClient(cfg, nil)
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:1/gw", client.Endpoint())
}

func TestClientOptions_MaxAttemptsLimit(t *testing.T) {
	cfg, err := resolveArgs(t, map[string]string{envEndpoint: "http://127.0.0.1:1",
		envToken: "t"}, "--max-attempts", "100")
	require.NoError(t, err)

	_, err = newClient(cfg, nil)
	require.NoError(t, err)
}

func TestClientOptions_BadRetrySettings(t *testing.T) {
	env := map[string]string{envEndpoint: "http://127.0.0.1:1", envToken: "t"}
	tests := []struct {
		args []string
		text string
	}{
		{[]string{"--max-attempts", "0"}, "--max-attempts is 0"},
		{[]string{"--max-attempts", "101"}, "--max-attempts is 101; pass 1 to 100"},
		{[]string{"--request-timeout", "-1s"}, "--request-timeout is -1s"},
	}
	for _, tt := range tests {
		cfg, err := resolveArgs(t, env, tt.args...)
		require.NoError(t, err)

		_, err = newClient(cfg, nil)
		requireUsageError(t, err, tt.text)
	}
}
