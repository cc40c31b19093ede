package servicestage_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

func TestCancelBuild_RequestShape(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, servicestage.WithUserAgent("ci-tool/2.0"))

	var got *http.Request
	var gotBody []byte
	mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		got = req
		if req.Body != nil {
			gotBody, _ = io.ReadAll(req.Body)
		}

		return jsonResponder(200, documentedBuild)(req)
	})

	_, err := client.CancelBuild(context.Background(), "kzqjkrvbglqbczhm82kkjlh0ixe2o2wv8v85fpmv")
	require.NoError(t, err)

	require.NotNil(t, got)
	assert.Equal(t, http.MethodPatch, got.Method)
	assert.Equal(t, "https://servicestage.test/assembling/v1/builds/"+
		"kzqjkrvbglqbczhm82kkjlh0ixe2o2wv8v85fpmv", got.URL.String())
	assert.Equal(t, "application/json;charset=utf8", got.Header.Get("Content-Type"))
	assert.Equal(t, "application/json", got.Header.Get("Accept"))
	assert.Equal(t, testToken, got.Header.Get("X-Auth-Token"))
	assert.Equal(t, "servicestage-go/"+servicestage.Version+" ci-tool/2.0",
		got.Header.Get("User-Agent"))
	assert.Empty(t, gotBody)
	assert.Empty(t, got.Header.Get("Cookie"))
}

func TestCancelBuild_EscapesID(t *testing.T) {
	t.Parallel()

	cases := map[string]string{
		"a/b":          "/assembling/v1/builds/a%2Fb",
		"../jobs":      "/assembling/v1/builds/..%2Fjobs",
		"x?y=1":        "/assembling/v1/builds/x%3Fy%3D1",
		"a#b":          "/assembling/v1/builds/a%23b",
		"sp ace":       "/assembling/v1/builds/sp%20ace",
		"%2e%2e":       "/assembling/v1/builds/%252e%252e",
		"构建":           "/assembling/v1/builds/%E6%9E%84%E5%BB%BA",
		"id-1_2.3~ok":  "/assembling/v1/builds/id-1_2.3~ok",
		"semi;colon&=": "/assembling/v1/builds/semi%3Bcolon%26%3D",
		"a+b@c:d,e$":   "/assembling/v1/builds/a%2Bb%40c%3Ad%2Ce%24",
	}
	for id, wantPath := range cases {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			client, mock := newMockClient(t)

			var gotPath string
			mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
				gotPath = req.URL.EscapedPath()
				return jsonResponder(200, documentedBuild)(req)
			})

			_, err := client.CancelBuild(context.Background(), id)
			require.NoError(t, err)
			assert.Equal(t, wantPath, gotPath)
		})
	}
}

// TestCancelBuild_EmptyBodyLength checks on the wire that a cancel, which
// has no body, declares Content-Length 0 and is not sent chunked, as a
// gateway may reject a chunked request without a length.
func TestCancelBuild_EmptyBodyLength(t *testing.T) {
	t.Parallel()

	type received struct {
		contentLength    int64
		transferEncoding []string
		body             []byte
	}
	requests := make(chan received, 1)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		requests <- received{r.ContentLength, r.TransferEncoding, body}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, documentedBuild)
	}))
	t.Cleanup(server.Close)
	client, err := servicestage.NewClient(server.URL, servicestage.WithToken(testToken),
		servicestage.WithHTTPClient(server.Client()))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), "b-1")
	require.NoError(t, err)

	got := <-requests
	assert.Equal(t, int64(0), got.contentLength)
	assert.Empty(t, got.transferEncoding)
	assert.Empty(t, got.body)
}

func TestCancelBuild_PathPrefix(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	client, err := servicestage.NewClient("https://gw.test/servicestage/",
		servicestage.WithToken(testToken),
		servicestage.WithHTTPClient(&http.Client{Transport: mock}))
	require.NoError(t, err)

	var gotURL string
	mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		gotURL = req.URL.String()
		return jsonResponder(200, documentedBuild)(req)
	})

	_, err = client.CancelBuild(context.Background(), "b-1")
	require.NoError(t, err)
	assert.Equal(t, "https://gw.test/servicestage/assembling/v1/builds/b-1", gotURL)
}

func TestCancelBuild_InvalidID(t *testing.T) {
	t.Parallel()

	for _, id := range []string{"", " ", "\t\n", ".", "..", " b-1", "b-1 ", "a\nb", "a\x00b",
		"\xff", strings.Repeat("b", 257)} {
		client, mock := newMockClient(t)

		build, err := client.CancelBuild(context.Background(), id)
		require.Error(t, err, "id %q", id)
		assert.Nil(t, build)
		assert.ErrorIs(t, err, servicestage.ErrInvalidArgument)
		assert.Contains(t, err.Error(), "cancel build")
		assert.Equal(t, 0, mock.GetTotalCallCount(), "id %q must not be sent", id)
	}
}

func TestCancelBuild_DocumentedResponse(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t)
	mock.RegisterResponder(http.MethodPatch,
		testEndpoint+"/assembling/v1/builds/kzqjkrvbglqbczhm82kkjlh0ixe2o2wv8v85fpmv",
		jsonResponder(200, documentedBuild))

	b, err := client.CancelBuild(context.Background(), "kzqjkrvbglqbczhm82kkjlh0ixe2o2wv8v85fpmv")
	require.NoError(t, err)

	assert.Equal(t, "kzqjkrvbglqbczhm82kkjlh0ixe2o2wv8v85fpmv", b.BuildID)
	assert.Equal(t, "qexh8qwfmuvlv1y078delx51vn0tsjsmsb23e0e0", b.JobID)
	assert.Equal(t, "", b.JobName)
	assert.Equal(t, "", b.EnterpriseProjectID)
	assert.Equal(t, servicestage.FlexInt(4), b.Index)
	assert.Equal(t, time.Date(2025, 11, 14, 8, 0, 42, 0, time.UTC), b.StartedAt.Time().UTC())
	assert.Equal(t, "2025-11-14 08:00:42 +0000 UTC", b.StartedAt.Raw())
	assert.Equal(t, time.Date(2025, 11, 14, 8, 0, 54, 0, time.UTC), b.EndedAt.Time().UTC())
	assert.Equal(t, servicestage.BuildStateCancel, b.State)
	assert.True(t, b.State.IsFinal())
	assert.Equal(t, servicestage.RepoTypeBinObs, b.RepoType)
	assert.Equal(t, "", b.RepoEndpoint)
	assert.Equal(t, "", b.RepoWebURL)
	assert.Equal(t, "obs://demo/MainLoop.jar", b.Repo)
	assert.Equal(t, "", b.Branch)
	assert.Equal(t, "", b.CommitID)
	assert.Equal(t, "", b.Committer)
	assert.True(t, b.CommitTime.IsZero())
	assert.Equal(t, "", b.CommitComment)
	assert.Equal(t, "java", b.Language)
	assert.Equal(t, map[string]string{"1754123329469": "test.com/test/test-0802-1:afdafds"},
		b.SWRRepository.ByKey)
	assert.Equal(t, "https://test.com/dockyard/v2/domains/paas_servicestage_test/namespaces/test/"+
		"repositories?repository=test-0802-1&is_public=false&description=&category=other",
		b.SWRRepoPage.ByKey["1754123329469"])
	assert.JSONEq(t, `{}`, string(b.ArchiveResult))
	assert.Equal(t, "", b.BaseImage)
	assert.Equal(t, "", b.SeccompPath)
	assert.Equal(t, servicestage.BuildTypeUser, b.Type)
	assert.Equal(t, "paas_servicestage_test", b.Creator)
	assert.Nil(t, b.CodeRepoAnatomy)
	require.NotNil(t, b.OS)
	assert.Equal(t, servicestage.ArchX86_64, b.OS.Arch)
}

func TestCancelBuild_RoundTripsDocumentedJSON(t *testing.T) {
	t.Parallel()

	var b servicestage.Build
	require.NoError(t, json.Unmarshal([]byte(documentedBuild), &b))

	encoded, err := json.Marshal(b)
	require.NoError(t, err)
	assert.JSONEq(t, documentedBuild, string(encoded))
}

func TestCancelBuild_InvalidSuccessBody(t *testing.T) {
	t.Parallel()

	cases := map[string]string{
		"not JSON":  "<html>ok</html>",
		"truncated": `{"build_id": "b-1", "build_state": "Can`,
		"array":     `[{"build_id": "b-1"}]`,
		"empty":     ``,
		"null":      `null`,
		"no id":     `{}`,
		"string":    `"b-1"`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			client, mock := newMockClient(t)
			mock.RegisterNoResponder(jsonResponder(200, body))

			build, err := client.CancelBuild(context.Background(), "b-1")
			require.Error(t, err)
			assert.Nil(t, build)

			var decodeErr *servicestage.DecodeError
			require.ErrorAs(t, err, &decodeErr)
			assert.Equal(t, 200, decodeErr.StatusCode)
			assert.Equal(t, "cancel build", decodeErr.Operation)
			assert.Equal(t, body, string(decodeErr.Body))
			assert.NotNil(t, errors.Unwrap(err))
		})
	}
}

func TestCancelBuild_DecodeErrorUnwrapsJSONError(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t)
	mock.RegisterNoResponder(jsonResponder(200, `{"build_id": "b-1", "build_state": `))

	_, err := client.CancelBuild(context.Background(), "b-1")

	var syntaxErr *json.SyntaxError
	require.ErrorAs(t, err, &syntaxErr)
	assert.Contains(t, err.Error(), "invalid response body (status 200)")
}

func TestCancelBuild_ArrayUnwrapsTypeError(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t)
	mock.RegisterNoResponder(jsonResponder(200, `[1, 2]`))

	_, err := client.CancelBuild(context.Background(), "b-1")

	var typeErr *json.UnmarshalTypeError
	require.ErrorAs(t, err, &typeErr)
}

func TestCancelBuild_IgnoresUnknownFields(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t)
	mock.RegisterNoResponder(jsonResponder(200,
		`{"build_id": "b-1", "build_state": "Cancel", "new_field": {"x": [1]}, "another": 3}`))

	b, err := client.CancelBuild(context.Background(), "b-1")
	require.NoError(t, err)
	assert.Equal(t, "b-1", b.BuildID)
	assert.Equal(t, servicestage.BuildStateCancel, b.State)
}

func TestCancelBuild_ContextCanceled(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t)
	mock.RegisterNoResponder(jsonResponder(200, documentedBuild))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	build, err := client.CancelBuild(ctx, "b-1")
	require.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, build)
	assert.Equal(t, 0, mock.GetTotalCallCount())
}

func TestCancelBuild_ContextDeadline(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t)
	mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		<-req.Context().Done()
		return nil, req.Context().Err()
	})

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()

	_, err := client.CancelBuild(ctx, "b-1")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), `cancel build "b-1"`)
}

func TestCancelBuild_PerAttemptTimeout(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, servicestage.WithTimeout(20*time.Millisecond))
	mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		<-req.Context().Done()
		return nil, req.Context().Err()
	})

	_, err := client.CancelBuild(context.Background(), "b-1")
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestCancelBuild_TransportErrorKeepsCause(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t)
	cause := errors.New("connection reset by peer")
	mock.RegisterNoResponder(httpmock.NewErrorResponder(cause))

	_, err := client.CancelBuild(context.Background(), "b-1")
	require.ErrorIs(t, err, cause)
	assert.NotContains(t, err.Error(), testToken)
}

func TestCancelBuild_NilContext(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t)

	//lint:ignore SA1012 a nil context is the input under test
	_, err := client.CancelBuild(nil, "b-1") //nolint:staticcheck
	require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
	assert.Equal(t, 0, mock.GetTotalCallCount())
}

func TestCancelBuild_NilClient(t *testing.T) {
	t.Parallel()

	var client *servicestage.Client
	build, err := client.CancelBuild(context.Background(), "b-1")
	require.Error(t, err)
	assert.Nil(t, build)
	assert.Contains(t, err.Error(), "NewClient")
}
