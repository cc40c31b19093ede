package servicestage_test

import (
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// testEndpoint uses a reserved top-level domain, so no request made in a
// test can reach a real host.
const (
	testEndpoint = "https://servicestage.test"
	testToken    = "test-token-3f9a"
)

// documentedBuild is the cancel response from the service's documentation.
const documentedBuild = `{
  "build_id": "kzqjkrvbglqbczhm82kkjlh0ixe2o2wv8v85fpmv",
  "job_id": "qexh8qwfmuvlv1y078delx51vn0tsjsmsb23e0e0",
  "job_name": "",
  "enterprise_project_id": "",
  "index": 4,
  "started_at": "2025-11-14 08:00:42 +0000 UTC",
  "ended_at": "2025-11-14 08:00:54 +0000 UTC",
  "build_state": "Cancel",
  "repo_type": "BinObs",
  "repo_endpoint": "",
  "repo_web_url": "",
  "repo": "obs://demo/MainLoop.jar",
  "branch": "",
  "commit_id": "",
  "committer": "",
  "commit_time": "",
  "commit_comment": "",
  "language": "java",
  "swr_repository": {"1754123329469": "test.com/test/test-0802-1:afdafds"},
  "swr_repo_page": {"1754123329469": "https://test.com/dockyard/v2/domains/paas_servicestage_test/namespaces/test/repositories?repository=test-0802-1&is_public=false&description=&category=other"},
  "archive_result": {},
  "base_image": "",
  "seccomp_path": "",
  "type": "user",
  "creator": "paas_servicestage_test",
  "code_repo_anatomy": null,
  "os": {"arch": "x86_64"}
}`

// newMockClient returns a client whose requests go to a fresh httpmock
// transport, so tests can run in parallel.
func newMockClient(t *testing.T, opts ...servicestage.Option) (*servicestage.Client,
	*httpmock.MockTransport) {
	t.Helper()

	mock := httpmock.NewMockTransport()
	base := []servicestage.Option{
		servicestage.WithToken(testToken),
		servicestage.WithHTTPClient(&http.Client{Transport: mock}),
	}

	client, err := servicestage.NewClient(testEndpoint, append(base, opts...)...)
	require.NoError(t, err)

	return client, mock
}

// jsonResponder responds with status and a JSON body.
func jsonResponder(status int, body string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	}
}
