package cli

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPlainHTTPWarning(t *testing.T) {
	tests := []struct {
		endpoint string
		warns    bool
	}{
		{"http://10.1.2.3:8080", true},
		{"http://build.example.invalid", true},
		{"HTTP://build.example.invalid", true},
		{"http://[2001:db8::1]:8080", true},
		{"http://127.0.0.1:44491", false},
		{"http://127.9.9.9", false},
		{"http://[::1]:8080", false},
		{"http://localhost:8080", false},
		{"http://LOCALHOST", false},
		{"https://10.1.2.3:8080", false},
		{"https://build.example.invalid", false},
	}
	for _, tt := range tests {
		warning := plainHTTPWarning(tt.endpoint, credentialsToken)
		require.Equal(t, tt.warns, warning != "", "endpoint %s: warning %q", tt.endpoint, warning)
	}
}

func TestPlainHTTPWarning_NamesWhatIsExposed(t *testing.T) {
	require.Equal(t, "warning: endpoint http://10.1.2.3 uses plain HTTP to another machine, "+
		"so the token is sent unencrypted; use https://",
		plainHTTPWarning("http://10.1.2.3", credentialsToken))
	require.Contains(t, plainHTTPWarning("http://10.1.2.3", credentialsAKSK),
		"signed requests, and any security token, are sent unencrypted")
}

// newTestClient runs a.client with env as the environment and returns
// what it printed on stderr. Building a client sends no request.
func newTestClient(t *testing.T, env map[string]string) string {
	t.Helper()

	var stderr bytes.Buffer
	a := &app{out: &output{}, stderr: &stderr, getenv: func(name string) string {
		return env[name]
	}}
	root := a.rootCommand()
	require.NoError(t, root.ParseFlags(nil))

	_, err := a.client(root)
	require.NoError(t, err)
	return stderr.String()
}

func TestClient_WarnsAboutPlainHTTP(t *testing.T) {
	stderr := newTestClient(t, map[string]string{envEndpoint: "http://build.example.invalid",
		envToken: "t"})

	require.Equal(t, "servicestage: warning: endpoint http://build.example.invalid uses plain "+
		"HTTP to another machine, so the token is sent unencrypted; use https://\n", stderr)
}

func TestClient_NoWarningForLoopback(t *testing.T) {
	stderr := newTestClient(t, map[string]string{envEndpoint: "http://127.0.0.1:1",
		envToken: "t"})

	require.Empty(t, stderr)
}
