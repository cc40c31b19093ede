package servicestage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// echoOKServer responds 200 with a body that is not JSON and repeats the
// credential headers it received.
func echoOKServer(t *testing.T) *httptest.Server {
	t.Helper()

	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		_, _ = fmt.Fprintf(w, "ok %s %s", r.Header.Get("X-Auth-Token"),
			r.Header.Get("Authorization"))
	}))
	t.Cleanup(server.Close)
	return server
}

func TestDecodeError_HidesSentCredentials(t *testing.T) {
	const token = "dynamic-token-VERY-SECRET"
	tests := []struct {
		name string
		opts []servicestage.Option
	}{
		{"token source", []servicestage.Option{servicestage.WithTokenSource(staticSource(token))}},
		{"key pair", []servicestage.Option{servicestage.WithAKSK("ak", "sk-VERY-SECRET")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := echoOKServer(t)
			hc, recorder := recordingClient(server.Client())
			client, err := servicestage.NewClient(server.URL,
				append(tt.opts, servicestage.WithHTTPClient(hc))...)
			require.NoError(t, err)

			_, err = client.CancelBuild(context.Background(), "build-1")

			var decodeErr *servicestage.DecodeError
			require.ErrorAs(t, err, &decodeErr)
			sent := recorder.sent()[0]
			_, signature, _ := strings.Cut(sent.Get("Authorization"), "Signature=")
			for _, secret := range []string{sent.Get("X-Auth-Token"), signature} {
				if secret == "" {
					continue
				}

				require.NotContains(t, err.Error(), secret)
				require.NotContains(t, string(decodeErr.Body), secret)
			}

			require.Contains(t, string(decodeErr.Body), "[REDACTED]")
		})
	}
}

// iamResponder starts an IAM endpoint on loopback that responds to every
// request with status, the X-Subject-Token header when token is set, and
// the body that respond returns for the request body it received.
func iamResponder(t *testing.T, status int, token string,
	respond func(requestBody string) string) *httptest.Server {
	t.Helper()

	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		received, _ := io.ReadAll(r.Body)
		if token != "" {
			w.Header().Set("X-Subject-Token", token)
		}

		w.WriteHeader(status)
		_, _ = io.WriteString(w, respond(string(received)))
	}))
	t.Cleanup(server.Close)
	return server
}

// iamTokenError returns the error of a Token call to an IAM endpoint for
// the default user with password.
func iamTokenError(t *testing.T, iam *httptest.Server, password string) error {
	t.Helper()

	creds := defaultCredentials()
	creds.Password = password
	source, err := servicestage.NewIAMTokenSource(iam.URL, creds)
	require.NoError(t, err)

	token, err := source.Token(context.Background())
	require.Empty(t, token)
	require.Error(t, err)
	return err
}

func TestIAMTokenSource_BadExpiryHidesPassword(t *testing.T) {
	const password = "pw-VERY-SECRET-1"
	iam := iamResponder(t, http.StatusCreated, "subject-token-VERY-SECRET", func(string) string {
		return `{"token":{"expires_at":"` + password + `","note":"subject-token-VERY-SECRET"}}`
	})

	err := iamTokenError(t, iam, password)

	var decodeErr *servicestage.DecodeError
	require.ErrorAs(t, err, &decodeErr)
	for _, secret := range []string{password, "subject-token-VERY-SECRET"} {
		require.NotContains(t, err.Error(), secret)
		require.NotContains(t, string(decodeErr.Body), secret)
	}

	require.Contains(t, err.Error(), `parsing time "[REDACTED]"`)
}

// TestIAMTokenSource_CutMessageHidesPassword puts the password across the
// point where the message sample of a plain-text body is cut.
func TestIAMTokenSource_CutMessageHidesPassword(t *testing.T) {
	const password = "pw-VERY-SECRET-2"
	body := strings.Repeat("x", 110) + " " + password + " is wrong"
	iam := iamResponder(t, http.StatusUnauthorized, "", func(string) string { return body })

	err := iamTokenError(t, iam, password)

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	for _, text := range []string{err.Error(), apiErr.Message, string(apiErr.Body)} {
		require.NotContains(t, text, password[:8])
	}

	require.Contains(t, string(apiErr.Body), "[REDACTED] is wrong")
}

// TestIAMTokenSource_EchoedRequestHidesPassword uses a password that JSON
// escapes, echoed in the request body IAM received.
func TestIAMTokenSource_EchoedRequestHidesPassword(t *testing.T) {
	const password = `pw"<VERY-SECRET>&\3`
	iam := iamResponder(t, http.StatusBadRequest, "", func(requestBody string) string {
		return requestBody
	})

	err := iamTokenError(t, iam, password)

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	for _, text := range []string{err.Error(), apiErr.Message, string(apiErr.Body)} {
		require.NotContains(t, text, "VERY-SECRET")
	}

	require.Contains(t, string(apiErr.Body), `"password":"[REDACTED]"`)
}

// TestIAMTokenSource_EscapedMessageHidesPassword spells the password in a
// JSON message with escapes that encoding/json never writes, so only the
// parsed message shows it.
func TestIAMTokenSource_EscapedMessageHidesPassword(t *testing.T) {
	const password = "pw-VERY-SECRET-4"
	iam := iamResponder(t, http.StatusUnauthorized, "", func(string) string {
		return `{"error":{"message":"wrong password \u0070w-VERY-SECRET-4"}}`
	})

	err := iamTokenError(t, iam, password)

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, "wrong password [REDACTED]", apiErr.Message)
	require.NotContains(t, err.Error(), password)
}

// leakyTransport fails every request with an error that repeats the
// request's token, as a careless proxy library might.
type leakyTransport struct{}

func (leakyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return nil, errors.New("proxy rejected token " + req.Header.Get("X-Auth-Token"))
}

func TestTransportError_HidesSentToken(t *testing.T) {
	const token = "dynamic-token-VERY-SECRET"
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client, err := servicestage.NewClient("http://127.0.0.1:1",
		servicestage.WithTokenSource(staticSource(token)),
		servicestage.WithHTTPClient(&http.Client{Transport: leakyTransport{}}),
		servicestage.WithRetry(2, 0, 0), servicestage.WithLogger(logger))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), "build-1")

	require.ErrorContains(t, err, "proxy rejected token [REDACTED]")
	require.NotContains(t, err.Error(), token)
	require.Contains(t, logs.String(), "retrying request")
	require.NotContains(t, logs.String(), token)
}
