package servicestage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// staticTransport is an http.RoundTripper that responds to every request
// with the same status, header and body, without any network I/O. Each
// response gets its own body reader. The header map is shared between
// responses, so nothing may modify it.
type staticTransport struct {
	status int
	header http.Header
	body   []byte
}

// newStaticTransport returns a staticTransport that responds with status
// and a JSON body, and an X-Request-Id header as the API gateway sends.
func newStaticTransport(status int, body string) *staticTransport {
	return &staticTransport{
		status: status,
		header: http.Header{
			"Content-Type": {"application/json;charset=utf8"},
			"X-Request-Id": {"0f4e3c1a9b8d7e6f5a4b3c2d1e0f9a8b"},
		},
		body: []byte(body),
	}
}

// RoundTrip closes the request body, as a RoundTripper must, and returns
// the fixed response.
func (t *staticTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_ = req.Body.Close()
	}

	return &http.Response{
		Status:        strconv.Itoa(t.status) + " " + http.StatusText(t.status),
		StatusCode:    t.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        t.header,
		Body:          io.NopCloser(bytes.NewReader(t.body)),
		ContentLength: int64(len(t.body)),
		Request:       req,
	}, nil
}

// plainBuild has the JSON fields of a Build with plain Go types:
// timestamps stay strings and the fields of unsettled shape stay raw JSON.
type plainBuild struct {
	BuildID             string          `json:"build_id"`
	JobID               string          `json:"job_id"`
	JobName             string          `json:"job_name"`
	EnterpriseProjectID string          `json:"enterprise_project_id"`
	Index               int64           `json:"index"`
	StartedAt           string          `json:"started_at"`
	EndedAt             string          `json:"ended_at"`
	State               string          `json:"build_state"`
	RepoType            string          `json:"repo_type"`
	RepoEndpoint        string          `json:"repo_endpoint"`
	RepoWebURL          string          `json:"repo_web_url"`
	Repo                string          `json:"repo"`
	Branch              string          `json:"branch"`
	CommitID            string          `json:"commit_id"`
	Committer           string          `json:"committer"`
	CommitTime          string          `json:"commit_time"`
	CommitComment       string          `json:"commit_comment"`
	Language            string          `json:"language"`
	SWRRepository       json.RawMessage `json:"swr_repository"`
	SWRRepoPage         json.RawMessage `json:"swr_repo_page"`
	ArchiveResult       json.RawMessage `json:"archive_result"`
	BaseImage           string          `json:"base_image"`
	SeccompPath         string          `json:"seccomp_path"`
	Type                string          `json:"type"`
	Creator             string          `json:"creator"`
	CodeRepoAnatomy     *struct {
		Name       string `json:"name"`
		ArchiveURL string `json:"archiveURL"`
	} `json:"code_repo_anatomy"`
	OS *struct {
		Arch string `json:"arch"`
	} `json:"os"`
}

// plainError is the error a hand-written client returns for a non-2xx
// response.
type plainError struct {
	StatusCode int
	Code       string `json:"error_code"`
	Message    string `json:"error_msg"`
	RequestID  string
}

func (e *plainError) Error() string {
	return fmt.Sprintf("cancel build: %d: %s: %s (request id %s)", e.StatusCode, e.Code,
		e.Message, e.RequestID)
}

// plainClient cancels builds the way a careful hand-written client would,
// with only net/http and encoding/json: one attempt, the same headers as
// the SDK, and the body decoded into a plainBuild.
type plainClient struct {
	http      *http.Client
	endpoint  string
	token     string
	userAgent string
}

// cancelBuild sends PATCH /assembling/v1/builds/{id} and decodes the
// response.
func (c *plainClient) cancelBuild(ctx context.Context, id string) (*plainBuild, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPatch,
		c.endpoint+"/assembling/v1/builds/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}

	req.Header.Set("Content-Type", "application/json;charset=utf8")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("X-Auth-Token", c.token)

	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()

	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := &plainError{StatusCode: resp.StatusCode,
			RequestID: resp.Header.Get("X-Request-Id")}
		_ = json.Unmarshal(body, apiErr)
		return nil, apiErr
	}

	var build plainBuild
	if err := json.Unmarshal(body, &build); err != nil {
		return nil, err
	}

	return &build, nil
}

// newPlainClient returns a plainClient that sends requests through
// transport, with the SDK's default limit on each request.
func newPlainClient(transport http.RoundTripper, endpoint, token string) *plainClient {
	hc := &http.Client{Transport: transport, Timeout: servicestage.DefaultTimeout}
	return &plainClient{http: hc, endpoint: endpoint, token: token,
		userAgent: "servicestage-go/" + servicestage.Version}
}

// baselineRecorder keeps the last request it was sent and responds
// through next.
type baselineRecorder struct {
	next http.RoundTripper
	last *http.Request
}

func (t *baselineRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	t.last = req
	return t.next.RoundTrip(req)
}

// TestBaseline_SendsSameRequest checks that the hand-written client the
// benchmarks compare against sends what CancelBuild sends and reads the
// same values, so the comparison is between equal work.
func TestBaseline_SendsSameRequest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sdkTransport := &baselineRecorder{next: newStaticTransport(200, documentedBuild)}
	plainTransport := &baselineRecorder{next: newStaticTransport(200, documentedBuild)}

	client, err := servicestage.NewClient(testEndpoint, servicestage.WithToken(testToken),
		servicestage.WithHTTPClient(&http.Client{Transport: sdkTransport}))
	require.NoError(t, err)
	plain := newPlainClient(plainTransport, testEndpoint, testToken)

	build, err := client.CancelBuild(ctx, benchBuildID)
	require.NoError(t, err)
	plainBuild, err := plain.cancelBuild(ctx, benchBuildID)
	require.NoError(t, err)

	sdkReq, plainReq := sdkTransport.last, plainTransport.last
	require.NotNil(t, sdkReq)
	require.NotNil(t, plainReq)
	assert.Equal(t, sdkReq.Method, plainReq.Method)
	assert.Equal(t, sdkReq.URL.String(), plainReq.URL.String())
	assert.Equal(t, sdkReq.Header, plainReq.Header)
	assert.Equal(t, sdkReq.ContentLength, plainReq.ContentLength)
	assert.Equal(t, sdkReq.TransferEncoding, plainReq.TransferEncoding)
	assert.Equal(t, build.BuildID, plainBuild.BuildID)
	assert.Equal(t, string(build.State), plainBuild.State)
	assert.Equal(t, build.EndedAt.Raw(), plainBuild.EndedAt)
	assert.Equal(t, int64(build.Index), plainBuild.Index)
}

// TestBaseline_ReadsErrorBody checks that the hand-written client reads
// the code, message and request id that the SDK puts in an *APIError.
func TestBaseline_ReadsErrorBody(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	client, err := servicestage.NewClient(testEndpoint, servicestage.WithToken(testToken),
		servicestage.WithHTTPClient(&http.Client{Transport: newStaticTransport(400, benchErrorBody)}))
	require.NoError(t, err)
	plain := newPlainClient(newStaticTransport(400, benchErrorBody), testEndpoint, testToken)

	_, err = client.CancelBuild(ctx, benchBuildID)
	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	_, err = plain.cancelBuild(ctx, benchBuildID)
	var plainErr *plainError
	require.ErrorAs(t, err, &plainErr)

	assert.Equal(t, apiErr.StatusCode, plainErr.StatusCode)
	assert.Equal(t, apiErr.Code, plainErr.Code)
	assert.Equal(t, apiErr.Message, plainErr.Message)
	assert.Equal(t, apiErr.RequestID, plainErr.RequestID)
}
