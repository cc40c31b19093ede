package servicestage_test

import (
	"context"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// recordedRequest is what the mock transport received.
type recordedRequest struct {
	Method string
	Path   string
	Query  string
	Body   string
	Header http.Header
}

// mockResponse is one response of the mock transport: a status and body, or
// a transport error.
type mockResponse struct {
	status int
	body   string
	err    error
}

// reply returns a JSON response.
func reply(status int, body string) mockResponse {
	return mockResponse{status: status, body: body}
}

// mockAPI records the requests of one client and responds with its
// responses in order, repeating the last one.
type mockAPI struct {
	mu        sync.Mutex
	requests  []recordedRequest
	responses []mockResponse
}

// newMockAPI returns a client, with retries off, whose requests the
// returned mockAPI responds to with responses.
func newMockAPI(t *testing.T, responses ...mockResponse) (*servicestage.Client, *mockAPI) {
	t.Helper()
	require.NotEmpty(t, responses, "a mock needs at least one response")

	api := &mockAPI{responses: responses}
	transport := httpmock.NewMockTransport()
	transport.RegisterNoResponder(api.respond)

	client, err := servicestage.NewClient(testEndpoint, servicestage.WithToken(testToken),
		servicestage.WithHTTPClient(&http.Client{Transport: transport}),
		servicestage.WithoutRetry())
	require.NoError(t, err)

	return client, api
}

// respond records req and returns the next response.
func (m *mockAPI) respond(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}

	m.mu.Lock()
	index := min(len(m.requests), len(m.responses)-1)
	m.requests = append(m.requests, recordedRequest{
		Method: req.Method,
		Path:   req.URL.EscapedPath(),
		Query:  req.URL.RawQuery,
		Body:   string(body),
		Header: req.Header.Clone(),
	})
	next := m.responses[index]
	m.mu.Unlock()

	if next.err != nil {
		return nil, next.err
	}

	resp := httpmock.NewStringResponse(next.status, next.body)
	resp.Header.Set("Content-Type", "application/json;charset=utf8")
	return resp, nil
}

// all returns a copy of the recorded requests.
func (m *mockAPI) all() []recordedRequest {
	m.mu.Lock()
	defer m.mu.Unlock()

	return append([]recordedRequest(nil), m.requests...)
}

// only returns the one recorded request, failing the test unless exactly
// one was sent.
func (m *mockAPI) only(t *testing.T) recordedRequest {
	t.Helper()
	requests := m.all()
	require.Len(t, requests, 1)
	return requests[0]
}

// requireRequest checks the method, escaped path and raw query of a
// request, and that it carried the standard headers.
func requireRequest(t *testing.T, req recordedRequest, method, path, query string) {
	t.Helper()
	require.Equal(t, method, req.Method)
	require.Equal(t, path, req.Path)
	require.Equal(t, query, req.Query)
	require.Equal(t, "application/json;charset=utf8", req.Header.Get("Content-Type"))
	require.Equal(t, testToken, req.Header.Get("X-Auth-Token"))
}

// serviceError is the build service's error body for an unknown build.
const serviceError = `{"error_code": "SVCSTG.CPE.5004401", "error_msg": "build does not exist"}`

// requireServiceError checks that err is the *APIError of serviceError.
func requireServiceError(t *testing.T, err error, operation string) {
	t.Helper()
	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	require.Equal(t, "SVCSTG.CPE.5004401", apiErr.Code)
	require.Equal(t, "build does not exist", apiErr.Message)
	require.Equal(t, operation, apiErr.Operation)
	require.ErrorIs(t, err, servicestage.ErrBadRequest)
}

// requireDecodeError checks that err is a *DecodeError of operation.
func requireDecodeError(t *testing.T, err error, operation string) {
	t.Helper()
	var decodeErr *servicestage.DecodeError
	require.ErrorAs(t, err, &decodeErr)
	require.Equal(t, operation, decodeErr.Operation)
}

// testContext returns a context that ends with the test or after 10
// seconds, so a broken polling loop fails instead of hanging.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// fastPolling makes WaitForBuild and FollowBuildLog poll every
// millisecond.
var fastPolling = []servicestage.WaitOption{
	servicestage.PollInterval(time.Millisecond),
	servicestage.MaxPollInterval(2 * time.Millisecond),
}
