package servicestagetest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

var fixedNow = time.Date(2025, 11, 14, 8, 0, 54, 0, time.UTC)

func newServer(t *testing.T, opts ...servicestagetest.Option) *servicestagetest.Server {
	t.Helper()
	server := servicestagetest.NewServer(opts...)
	t.Cleanup(server.Close)

	return server
}

func TestServer_ListensOnLoopback(t *testing.T) {
	t.Parallel()
	server := newServer(t)

	assert.True(t, strings.HasPrefix(server.URL, "http://127.0.0.1:"), server.URL)
	assert.Equal(t, servicestagetest.DefaultToken, server.Token)
}

func TestServer_CancelRunningBuild(t *testing.T) {
	t.Parallel()
	server := newServer(t, servicestagetest.WithClock(func() time.Time { return fixedNow }))
	id := server.AddBuild(servicestage.Build{JobID: "job-1", State: servicestage.BuildStateQueuing})
	client, err := server.NewClient()
	require.NoError(t, err)

	build, err := client.CancelBuild(context.Background(), id)
	require.NoError(t, err)

	assert.Equal(t, id, build.BuildID)
	assert.Equal(t, "job-1", build.JobID)
	assert.Equal(t, servicestage.BuildStateCancel, build.State)
	assert.Equal(t, "2025-11-14 08:00:54 +0000 UTC", build.EndedAt.Raw())

	stored, ok := server.Build(id)
	require.True(t, ok)
	assert.Equal(t, servicestage.BuildStateCancel, stored.State)
}

func TestServer_AddBuildDefaults(t *testing.T) {
	t.Parallel()
	server := newServer(t, servicestagetest.WithClock(func() time.Time { return fixedNow }))

	id := server.AddBuild(servicestage.Build{})

	assert.Len(t, id, 40)
	stored, ok := server.Build(id)
	require.True(t, ok)
	assert.Equal(t, servicestage.BuildStateBuilding, stored.State)
	assert.Equal(t, "2025-11-14 08:00:54 +0000 UTC", stored.StartedAt.Raw())
}

func TestServer_AddBuildCopies(t *testing.T) {
	t.Parallel()
	server := newServer(t)
	refs := map[string]string{"k": "swr.test/a:1"}

	id := server.AddBuild(servicestage.Build{SWRRepository: servicestage.SWRRefs{ByKey: refs}})
	refs["k"] = "changed"

	stored, _ := server.Build(id)
	assert.Equal(t, "swr.test/a:1", stored.SWRRepository.ByKey["k"])

	stored.SWRRepository.ByKey["k"] = "changed again"
	again, _ := server.Build(id)
	assert.Equal(t, "swr.test/a:1", again.SWRRepository.ByKey["k"])
}

func TestServer_UnknownBuild(t *testing.T) {
	t.Parallel()
	server := newServer(t)
	client, err := server.NewClient()
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), "missing")

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	assert.Equal(t, servicestagetest.CodeBuildNotFound, apiErr.Code)
	assert.NotEmpty(t, apiErr.RequestID)
	assert.ErrorIs(t, err, servicestage.ErrBadRequest)

	_, ok := server.Build("missing")
	assert.False(t, ok)
}

func TestServer_CancelFinalBuild(t *testing.T) {
	t.Parallel()
	server := newServer(t)
	id := server.AddBuild(servicestage.Build{State: servicestage.BuildStateSuccessful})
	client, err := server.NewClient()
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), id)

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, servicestagetest.CodeBuildFinal, apiErr.Code)

	stored, _ := server.Build(id)
	assert.Equal(t, servicestage.BuildStateSuccessful, stored.State)
}

func TestServer_WrongToken(t *testing.T) {
	t.Parallel()
	server := newServer(t, servicestagetest.WithToken("right"))
	id := server.AddBuild(servicestage.Build{})

	client, err := servicestage.NewClient(server.URL, servicestage.WithToken("wrong"))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), id)

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	assert.Equal(t, "APIGW.0301", apiErr.Code)
	assert.NotEmpty(t, apiErr.RequestID)
	assert.ErrorIs(t, err, servicestage.ErrUnauthorized)

	stored, _ := server.Build(id)
	assert.Equal(t, servicestage.BuildStateBuilding, stored.State)
}

func TestServer_MissingToken(t *testing.T) {
	t.Parallel()
	server := newServer(t)
	id := server.AddBuild(servicestage.Build{})

	req, err := http.NewRequest(http.MethodPatch, server.URL+"/assembling/v1/builds/"+id, nil)
	require.NoError(t, err)

	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()

	var body map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, "APIGW.0301", body["error_code"])
	assert.Equal(t, resp.Header.Get("X-Request-Id"), body["request_id"])
}

func TestServer_UnknownPath(t *testing.T) {
	t.Parallel()
	server := newServer(t)

	req, err := http.NewRequest(http.MethodGet, server.URL+"/assembling/v9/nothing", nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", server.Token)

	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()

	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, string(body), "APIGW.0101")
}

func TestServer_EscapedID(t *testing.T) {
	t.Parallel()
	server := newServer(t)
	id := server.AddBuild(servicestage.Build{BuildID: "team/a b?c"})
	client, err := server.NewClient()
	require.NoError(t, err)

	build, err := client.CancelBuild(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, "team/a b?c", build.BuildID)
}

func TestServer_ConcurrentCancels(t *testing.T) {
	t.Parallel()
	server := newServer(t)
	client, err := server.NewClient()
	require.NoError(t, err)

	ids := make([]string, 40)
	for i := range ids {
		ids[i] = server.AddBuild(servicestage.Build{})
	}

	var wg sync.WaitGroup
	results := make(chan error, 2*len(ids))
	for _, id := range ids {
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := client.CancelBuild(context.Background(), id)
				results <- err
			}()
		}
	}

	wg.Wait()
	close(results)

	succeeded, rejected := 0, 0
	for err := range results {
		if err == nil {
			succeeded++
			continue
		}

		require.ErrorIs(t, err, servicestage.ErrBadRequest)
		rejected++
	}

	assert.Equal(t, len(ids), succeeded)
	assert.Equal(t, len(ids), rejected)
}
