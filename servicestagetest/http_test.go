package servicestagetest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// send sends a raw request to the server with its token and returns the
// status and the decoded error body.
func send(t *testing.T, s *Server, method, path, body string) (int, map[string]string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", s.Token)
	req.Header.Set("Content-Type", "application/json;charset=utf8")

	resp, err := s.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()

	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)

	var fields map[string]string
	_ = json.Unmarshal(data, &fields)
	return resp.StatusCode, fields
}

func TestServer_RejectsBadInput(t *testing.T) {
	server := NewServer()
	defer server.Close()

	jobID, err := server.AddJob(servicestage.JobSpec{JobName: "demo"})
	require.NoError(t, err)
	buildID := server.AddBuild(servicestage.Build{JobID: jobID})

	tests := []struct {
		name, method, path, body, wantMessage string
	}{
		{"list jobs without page", "GET", "/assembling/v1/jobs?per_page=5", "",
			"query parameter page is required"},
		{"list jobs without sizes", "GET", "/assembling/v1/jobs", "",
			"query parameter page is required; query parameter per_page is required"},
		{"list jobs page 0", "GET", "/assembling/v1/jobs?page=0&per_page=5", "",
			`page="0" must be a positive integer`},
		{"list jobs page size text", "GET", "/assembling/v1/jobs?page=1&per_page=x", "",
			`per_page="x" must be a positive integer`},
		{"create job body not JSON", "POST", "/assembling/v1/jobs", "{", "not a valid job"},
		{"create job name invalid", "POST", "/assembling/v1/jobs", `{"job_name": "1x"}`,
			`job_name "1x" is invalid`},
		{"create job description too long", "POST", "/assembling/v1/jobs",
			`{"job_name": "ok", "job_description": "` + strings.Repeat("d", 65) + `"}`,
			"job_description is longer than 64 characters"},
		{"update job name invalid", "PUT", "/assembling/v1/jobs/" + jobID, `{"job_name": "a"}`,
			`job_name "a" is invalid`},
		{"log offset missing", "GET", "/assembling/v1/builds/" + buildID + "/logs", "",
			`from="" must be an integer of 0 or more`},
		{"log offset negative", "GET", "/assembling/v1/builds/" + buildID + "/logs?from=-1", "",
			`from="-1" must be an integer of 0 or more`},
		{"list builds without name", "GET", "/assembling/v1/jobs/" + jobID + "/builds", "",
			`name="" does not match job`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, fields := send(t, server, tt.method, tt.path, tt.body)
			require.Equal(t, http.StatusBadRequest, status)
			require.Equal(t, CodeInvalidRequest, fields["error_code"])
			require.Contains(t, fields["error_msg"], tt.wantMessage)
		})
	}
}

func TestServer_DeleteJobReturns204(t *testing.T) {
	server := NewServer()
	defer server.Close()

	jobID, err := server.AddJob(servicestage.JobSpec{JobName: "demo"})
	require.NoError(t, err)

	req, err := http.NewRequest(http.MethodDelete, server.URL+"/assembling/v1/jobs/"+jobID, nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", server.Token)
	resp, err := server.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()

	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	require.Empty(t, body)
}

func TestServer_NewRoutesNeedToken(t *testing.T) {
	server := NewServer()
	defer server.Close()

	resp, err := server.HTTPClient().Get(server.URL + "/assembling/v1/base_images")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestServer_PhaseIDsAreNumbers(t *testing.T) {
	server := NewServer(WithClock(NewClock(testStart).Now))
	defer server.Close()

	jobID, err := server.AddJob(servicestage.JobSpec{JobName: "demo"})
	require.NoError(t, err)
	status, started := sendJSON(t, server, "POST", "/assembling/v1/jobs/"+jobID+"/builds")
	require.Equal(t, http.StatusOK, status)

	buildID, _ := started["build_id"].(string)
	status, phases := sendJSON(t, server, "GET", "/assembling/v1/builds/"+buildID+"/phases")
	require.Equal(t, http.StatusOK, status)

	list, _ := phases["list"].([]any)
	require.Len(t, list, 6)
	first, _ := list[0].(map[string]any)
	_, isNumber := first["id"].(float64)
	require.True(t, isNumber, "phase id %v is a JSON number", first["id"])
}

// sendJSON sends a request without a body and decodes the JSON object in
// the response.
func sendJSON(t *testing.T, s *Server, method, path string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", s.Token)

	resp, err := s.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()

	var body map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return resp.StatusCode, body
}
