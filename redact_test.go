package servicestage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// formatVerbs are printed with every credential-holding type.
var formatVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T %v"}

// requireHidden fails when any of the formats of value shows a secret.
func requireHidden(t *testing.T, value any, secrets ...string) {
	t.Helper()

	for _, verb := range formatVerbs {
		text := fmt.Sprintf(verb, value)
		for _, secret := range secrets {
			require.NotContains(t, text, secret, "format %s", verb)
		}
	}

	for _, text := range []string{fmt.Sprint(value), fmt.Sprintln(value),
		fmt.Sprint([]any{value}), fmt.Sprintf("%+v", struct{ V any }{value})} {
		for _, secret := range secrets {
			require.NotContains(t, text, secret)
		}
	}
}

func TestClient_FormatHidesCredentials(t *testing.T) {
	const (
		token         = "token-VERY-SECRET"
		secretKey     = "sk-VERY-SECRET"
		securityToken = "security-VERY-SECRET"
	)
	tests := []struct {
		name string
		opts []servicestage.Option
	}{
		{"token", []servicestage.Option{servicestage.WithToken(token)}},
		{"key pair", []servicestage.Option{servicestage.WithAKSK("ak", secretKey),
			servicestage.WithSecurityToken(securityToken), servicestage.WithProjectID("p")}},
		{"token source", []servicestage.Option{servicestage.WithTokenSource(staticSource(token))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, err := servicestage.NewClient("http://127.0.0.1:1", tt.opts...)
			require.NoError(t, err)

			requireHidden(t, client, token, secretKey, securityToken)
			requireHidden(t, *client, token, secretKey, securityToken)
			require.Equal(t, "servicestage.Client(http://127.0.0.1:1)", fmt.Sprint(client))
		})
	}
}

func TestClient_FormatNil(t *testing.T) {
	var client *servicestage.Client

	require.Equal(t, "<nil>", fmt.Sprint(client))
}

func TestPasswordCredentials_FormatHidesPassword(t *testing.T) {
	creds := defaultCredentials()
	creds.Password = "pw-VERY-SECRET"

	requireHidden(t, creds, creds.Password)
	requireHidden(t, &creds, creds.Password)
	require.Equal(t, `servicestage.PasswordCredentials{DomainName: "servicestagetest-domain", `+
		`UserName: "servicestagetest-user", Password: [REDACTED], ProjectName: "cn-north-4", `+
		`ProjectID: ""}`, creds.String())
}

func TestPasswordCredentials_FormatEmptyPassword(t *testing.T) {
	creds := servicestage.PasswordCredentials{UserName: "u"}

	require.Contains(t, fmt.Sprint(creds), `Password: "",`)
}

func TestPasswordCredentials_LogValueHidesPassword(t *testing.T) {
	creds := defaultCredentials()
	creds.Password = "pw-VERY-SECRET"
	var out bytes.Buffer
	for _, handler := range []slog.Handler{slog.NewJSONHandler(&out, nil),
		slog.NewTextHandler(&out, nil)} {
		slog.New(handler).Info("login", "credentials", creds)
	}

	require.NotContains(t, out.String(), creds.Password)
	require.Contains(t, out.String(), `"user_name":"servicestagetest-user"`)
	require.Contains(t, out.String(), `"password":"[REDACTED]"`)
	require.Contains(t, out.String(), `credentials.password=[REDACTED]`)
}

func TestIAMTokenSource_FormatHidesSecrets(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, _ := newIAMSource(t, server, clock, defaultCredentials())
	token, err := source.Token(context.Background())
	require.NoError(t, err)

	requireHidden(t, source, token, servicestagetest.DefaultIAMPassword)
	require.Contains(t, fmt.Sprint(source), "endpoint: "+server.URL)

	var empty *servicestage.IAMTokenSource
	require.Equal(t, "servicestage.IAMTokenSource(nil)", fmt.Sprint(empty))
}

// echoServer responds 400 with an error message that repeats the
// credential headers it received, as a careless proxy might.
func echoServer(t *testing.T) *httptest.Server {
	t.Helper()

	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		message := strings.Join([]string{r.Header.Get("X-Auth-Token"),
			r.Header.Get("X-Security-Token"), r.Header.Get("Authorization")}, " | ")
		body, _ := json.Marshal(map[string]string{"error_code": "SVCSTG.CPE.4000000",
			"error_msg": message, "request_id": r.Header.Get("X-Auth-Token")})
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write(body)
	}))
	t.Cleanup(server.Close)
	return server
}

func TestAPIError_HidesSentCredentials(t *testing.T) {
	const (
		token         = "dynamic-token-VERY-SECRET"
		secretKey     = "sk-VERY-SECRET"
		securityToken = "security-VERY-SECRET"
	)
	tests := []struct {
		name string
		opts []servicestage.Option
	}{
		{"token source", []servicestage.Option{servicestage.WithTokenSource(staticSource(token))}},
		{"key pair", []servicestage.Option{servicestage.WithAKSK("ak", secretKey),
			servicestage.WithSecurityToken(securityToken)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := echoServer(t)
			hc, recorder := recordingClient(server.Client())
			client, err := servicestage.NewClient(server.URL,
				append(tt.opts, servicestage.WithHTTPClient(hc))...)
			require.NoError(t, err)

			_, err = client.CancelBuild(context.Background(), "build-1")

			var apiErr *servicestage.APIError
			require.ErrorAs(t, err, &apiErr)
			sent := recorder.sent()[0]
			_, signature, _ := strings.Cut(sent.Get("Authorization"), "Signature=")
			for _, secret := range []string{token, securityToken, signature} {
				if secret == "" {
					continue
				}

				require.NotContains(t, err.Error(), secret)
				require.NotContains(t, string(apiErr.Body), secret)
				require.NotContains(t, apiErr.RequestID, secret)
			}

			require.Contains(t, apiErr.Message, "[REDACTED]")
		})
	}
}
