package servicestagetest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// passwordBody returns a token request for the user with a project scope.
func passwordBody(domain, user, password string) string {
	body, _ := json.Marshal(map[string]any{"auth": map[string]any{
		"identity": map[string]any{
			"methods": []string{"password"},
			"password": map[string]any{"user": map[string]any{
				"name": user, "password": password, "domain": map[string]string{"name": domain},
			}},
		},
		"scope": map[string]any{"project": map[string]string{"name": "cn-north-4"}},
	}})
	return string(body)
}

// requestToken posts body to the server's IAM endpoint and returns the
// response status, the X-Subject-Token header and the decoded body.
func requestToken(t *testing.T, server *servicestagetest.Server,
	body string) (int, string, map[string]any) {
	t.Helper()

	resp, err := server.HTTPClient().Post(server.URL+"/v3/auth/tokens", "application/json",
		strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()

	var decoded map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&decoded))
	return resp.StatusCode, resp.Header.Get("X-Subject-Token"), decoded
}

// getWithToken sends an unknown path with the token and returns the status:
// 404 when the token is accepted, 401 when it is not.
func getWithToken(t *testing.T, server *servicestagetest.Server, token string) (int, string) {
	t.Helper()

	req, err := http.NewRequest(http.MethodGet, server.URL+"/x", nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", token)
	status, body := do(t, server, req)
	return status, body.Message
}

func TestIAM_IssuesToken(t *testing.T) {
	now := time.Date(2025, 11, 14, 8, 0, 42, 0, time.UTC)
	server := servicestagetest.NewServer(
		servicestagetest.WithClock(func() time.Time { return now }),
		servicestagetest.WithTokenLifetime(2*time.Hour))
	t.Cleanup(server.Close)

	status, token, body := requestToken(t, server, passwordBody(servicestagetest.DefaultIAMDomain,
		servicestagetest.DefaultIAMUser, servicestagetest.DefaultIAMPassword))

	require.Equal(t, http.StatusCreated, status)
	require.NotEmpty(t, token)
	tokenBody, ok := body["token"].(map[string]any)
	require.True(t, ok, body)
	require.Equal(t, "2025-11-14T10:00:42.000000Z", tokenBody["expires_at"])
	require.Equal(t, "2025-11-14T08:00:42.000000Z", tokenBody["issued_at"])
	require.Equal(t, 1, server.IAMRequests())
	accepted, _ := getWithToken(t, server, token)
	require.Equal(t, http.StatusNotFound, accepted)
}

func TestIAM_WorksWithClient(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	source, err := servicestage.NewIAMTokenSource(server.URL, servicestage.PasswordCredentials{
		DomainName: servicestagetest.DefaultIAMDomain, UserName: servicestagetest.DefaultIAMUser,
		Password: servicestagetest.DefaultIAMPassword, ProjectName: "cn-north-4",
	}, servicestage.WithIAMHTTPClient(server.HTTPClient()))
	require.NoError(t, err)
	client, err := servicestage.NewClient(server.URL, servicestage.WithTokenSource(source),
		servicestage.WithHTTPClient(server.HTTPClient()))
	require.NoError(t, err)

	build, err := client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateCancel, build.State)
}

func TestIAM_RejectsBadRequests(t *testing.T) {
	server := servicestagetest.NewServer(servicestagetest.WithIAMUser("acme", "dev", "pw"))
	t.Cleanup(server.Close)
	noProject := strings.Replace(passwordBody("acme", "dev", "pw"),
		`"project":{"name":"cn-north-4"}`, `"project":{}`, 1)
	tokenMethod := strings.Replace(passwordBody("acme", "dev", "pw"), `["password"]`,
		`["token"]`, 1)

	tests := []struct {
		name   string
		body   string
		status int
		want   string
	}{
		{"not JSON", "{", http.StatusBadRequest, "not valid JSON"},
		{"no password method", tokenMethod, http.StatusBadRequest, "must contain password"},
		{"no user name", passwordBody("acme", "", "pw"), http.StatusBadRequest,
			"needs name, password and domain.name"},
		{"no project", noProject, http.StatusBadRequest, "needs name or id"},
		{"wrong password", passwordBody("acme", "dev", "wrong"), http.StatusUnauthorized,
			"The username or password is wrong."},
		{"wrong domain", passwordBody("other", "dev", "pw"), http.StatusUnauthorized,
			"The username or password is wrong."},
		{"default password for added user", passwordBody("acme", "dev",
			servicestagetest.DefaultIAMPassword), http.StatusUnauthorized,
			"The username or password is wrong."},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, token, body := requestToken(t, server, tt.body)

			require.Equal(t, tt.status, status)
			require.Empty(t, token)
			require.Contains(t, body["error"].(map[string]any)["message"], tt.want)
			require.Equal(t, i+1, server.IAMRequests())
		})
	}
}

func TestIAM_TokenExpires(t *testing.T) {
	var offset atomic.Int64
	start := time.Date(2025, 11, 14, 8, 0, 0, 0, time.UTC)
	server := servicestagetest.NewServer(servicestagetest.WithClock(func() time.Time {
		return start.Add(time.Duration(offset.Load()))
	}), servicestagetest.WithTokenLifetime(time.Hour))
	t.Cleanup(server.Close)
	_, token, _ := requestToken(t, server, passwordBody(servicestagetest.DefaultIAMDomain,
		servicestagetest.DefaultIAMUser, servicestagetest.DefaultIAMPassword))

	offset.Store(int64(time.Hour - time.Second))
	beforeExpiry, _ := getWithToken(t, server, token)
	offset.Store(int64(time.Hour))
	atExpiry, message := getWithToken(t, server, token)

	require.Equal(t, http.StatusNotFound, beforeExpiry)
	require.Equal(t, http.StatusUnauthorized, atExpiry)
	require.Contains(t, message, "the token has expired")
}

func TestIAM_RevokeTokens(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	_, token, _ := requestToken(t, server, passwordBody(servicestagetest.DefaultIAMDomain,
		servicestagetest.DefaultIAMUser, servicestagetest.DefaultIAMPassword))

	server.RevokeTokens()
	revoked, message := getWithToken(t, server, token)
	static, _ := getWithToken(t, server, server.Token)

	require.Equal(t, http.StatusUnauthorized, revoked)
	require.Contains(t, message, "the token is not valid")
	require.Equal(t, http.StatusNotFound, static)
}

func TestIAM_OtherMethodsNeedCredentials(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	req, err := http.NewRequest(http.MethodGet, server.URL+"/v3/auth/tokens", nil)
	require.NoError(t, err)

	status, body := do(t, server, req)

	require.Equal(t, http.StatusUnauthorized, status)
	require.Equal(t, "APIGW.0301", body.Code)
	require.Equal(t, 0, server.IAMRequests())
}

func TestIAM_InjectedFault(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	body := passwordBody(servicestagetest.DefaultIAMDomain, servicestagetest.DefaultIAMUser,
		servicestagetest.DefaultIAMPassword)
	server.InjectIAMFault(servicestagetest.Fault{Status: http.StatusServiceUnavailable,
		Body: `{"error":{"code":503,"message":"try later"}}`}, 1)
	require.Equal(t, 1, server.PendingFaults())

	faulted, _, faultBody := requestToken(t, server, body)
	issued, token, _ := requestToken(t, server, body)

	require.Equal(t, http.StatusServiceUnavailable, faulted)
	require.Equal(t, map[string]any{"error": map[string]any{"code": 503.0,
		"message": "try later"}}, faultBody)
	require.Equal(t, http.StatusCreated, issued)
	require.NotEmpty(t, token)
	require.Equal(t, 2, server.IAMRequests())
	require.Equal(t, int64(0), server.RequestCount())
	require.Equal(t, 0, server.PendingFaults())
}

func TestIAM_InjectedFaultStandsInForToken(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	server.InjectIAMFault(servicestagetest.Fault{Status: http.StatusCreated,
		Header: http.Header{"X-Subject-Token": {"stand-in-token"}},
		Body:   `{"token":{"expires_at":"not a time"}}`}, 1)

	status, token, body := requestToken(t, server, passwordBody("any", "user", "pw"))

	require.Equal(t, http.StatusCreated, status)
	require.Equal(t, "stand-in-token", token)
	require.Equal(t, map[string]any{"token": map[string]any{"expires_at": "not a time"}}, body)
}

// TestIAM_ServiceFaultsSkipIAM injects a fault for the build API: a token
// request neither uses it nor is counted by RequestCount.
func TestIAM_ServiceFaultsSkipIAM(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	server.InjectFault(servicestagetest.Fault{Status: http.StatusInternalServerError}, 1)

	status, _, _ := requestToken(t, server, passwordBody(servicestagetest.DefaultIAMDomain,
		servicestagetest.DefaultIAMUser, servicestagetest.DefaultIAMPassword))

	require.Equal(t, http.StatusCreated, status)
	require.Equal(t, 1, server.PendingFaults())
	require.Equal(t, int64(0), server.RequestCount())
	require.Equal(t, 1, server.IAMRequests())
}

func TestIAM_ClearFaults(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	server.InjectIAMFault(servicestagetest.Fault{Status: http.StatusServiceUnavailable}, 2)

	server.ClearFaults()
	status, _, _ := requestToken(t, server, passwordBody(servicestagetest.DefaultIAMDomain,
		servicestagetest.DefaultIAMUser, servicestagetest.DefaultIAMPassword))

	require.Equal(t, 0, server.PendingFaults())
	require.Equal(t, http.StatusCreated, status)
}
