package servicestagetest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// gatewayError is the body of a gateway error.
type gatewayError struct {
	Code    string `json:"error_code"`
	Message string `json:"error_msg"`
}

// do sends req to server and returns the status and the decoded error
// body, if any.
func do(t *testing.T, server *servicestagetest.Server, req *http.Request) (int, gatewayError) {
	t.Helper()

	resp, err := server.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()

	var body gatewayError
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

// signedRequest returns a GET of path signed at signTime.
func signedRequest(t *testing.T, server *servicestagetest.Server, path, accessKey,
	secretKey string, signTime time.Time, headers map[string]string) *http.Request {
	t.Helper()

	req, err := http.NewRequest(http.MethodGet, server.URL+path, nil)
	require.NoError(t, err)
	for name, value := range headers {
		req.Header.Set(name, value)
	}

	require.NoError(t, servicestage.Sign(req, accessKey, secretKey, signTime))
	return req
}

func TestServer_RejectsMissingCredentials(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	req, err := http.NewRequest(http.MethodGet, server.URL+"/assembling/v1/jobs", nil)
	require.NoError(t, err)

	status, body := do(t, server, req)

	require.Equal(t, http.StatusUnauthorized, status)
	require.Equal(t, "APIGW.0301", body.Code)
	require.Contains(t, body.Message, "neither X-Auth-Token nor Authorization")
}

func TestServer_SignatureRejections(t *testing.T) {
	now := time.Date(2025, 11, 14, 8, 0, 0, 0, time.UTC)
	server := servicestagetest.NewServer(
		servicestagetest.WithClock(func() time.Time { return now }),
		servicestagetest.WithAKSK("permanent", "permanent-sk"),
		servicestagetest.WithTemporaryAKSK("temporary", "temporary-sk", "security-token"))
	t.Cleanup(server.Close)

	tests := []struct {
		name string
		req  func() *http.Request
		want string
	}{
		{"unknown access key", func() *http.Request {
			return signedRequest(t, server, "/x", "unknown", "sk", now, nil)
		}, "the access key is not registered"},
		{"wrong secret key", func() *http.Request {
			return signedRequest(t, server, "/x", "permanent", "other-sk", now, nil)
		}, "the signature does not match"},
		{"missing date", func() *http.Request {
			req := signedRequest(t, server, "/x", "permanent", "permanent-sk", now, nil)
			req.Header.Del("X-Sdk-Date")
			return req
		}, "X-Sdk-Date is missing"},
		{"unsigned date", func() *http.Request {
			req := signedRequest(t, server, "/x", "permanent", "permanent-sk", now, nil)
			req.Header.Set("Authorization", strings.Replace(req.Header.Get("Authorization"),
				"host;x-sdk-date", "host", 1))
			return req
		}, "X-Sdk-Date is not signed"},
		{"stale date", func() *http.Request {
			return signedRequest(t, server, "/x", "permanent", "permanent-sk",
				now.Add(-20*time.Minute), nil)
		}, "X-Sdk-Date is 20m0s from the server clock"},
		{"future date", func() *http.Request {
			return signedRequest(t, server, "/x", "permanent", "permanent-sk",
				now.Add(20*time.Minute), nil)
		}, "X-Sdk-Date is -20m0s from the server clock"},
		{"security token with permanent key", func() *http.Request {
			return signedRequest(t, server, "/x", "permanent", "permanent-sk", now,
				map[string]string{"X-Security-Token": "security-token"})
		}, "X-Security-Token was sent with a permanent access key"},
		{"temporary key without security token", func() *http.Request {
			return signedRequest(t, server, "/x", "temporary", "temporary-sk", now, nil)
		}, "X-Security-Token is missing or not valid"},
		{"wrong security token", func() *http.Request {
			return signedRequest(t, server, "/x", "temporary", "temporary-sk", now,
				map[string]string{"X-Security-Token": "other-token"})
		}, "X-Security-Token is missing or not valid"},
		{"unsigned security token", func() *http.Request {
			req := signedRequest(t, server, "/x", "temporary", "temporary-sk", now, nil)
			req.Header.Set("X-Security-Token", "security-token")
			return req
		}, "X-Security-Token is not signed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := do(t, server, tt.req())

			require.Equal(t, http.StatusUnauthorized, status)
			require.Equal(t, "APIGW.0301", body.Code)
			require.Contains(t, body.Message, tt.want)
		})
	}
}

func TestServer_AcceptsTemporaryKey(t *testing.T) {
	now := time.Date(2025, 11, 14, 8, 0, 0, 0, time.UTC)
	server := servicestagetest.NewServer(
		servicestagetest.WithClock(func() time.Time { return now }),
		servicestagetest.WithTemporaryAKSK("temporary", "temporary-sk", "security-token"))
	t.Cleanup(server.Close)
	req := signedRequest(t, server, "/x", "temporary", "temporary-sk", now,
		map[string]string{"X-Security-Token": "security-token"})

	status, body := do(t, server, req)

	require.Equal(t, http.StatusNotFound, status)
	require.Equal(t, "APIGW.0101", body.Code)
}

func TestServer_StaticTokenStillAccepted(t *testing.T) {
	server := servicestagetest.NewServer(servicestagetest.WithToken("static-token"))
	t.Cleanup(server.Close)
	client, err := server.NewClient()
	require.NoError(t, err)

	build, err := client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateCancel, build.State)
}

func TestServer_EmptyStaticTokenAcceptsNothing(t *testing.T) {
	server := servicestagetest.NewServer(servicestagetest.WithToken(""))
	t.Cleanup(server.Close)
	req, err := http.NewRequest(http.MethodGet, server.URL+"/x", nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", "")

	status, _ := do(t, server, req)

	require.Equal(t, http.StatusUnauthorized, status)
}
