package servicestage_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// fastRetry retries quickly, so tests do not wait on backoff.
var fastRetry = servicestage.WithRetry(3, time.Millisecond, 5*time.Millisecond)

// sequence responds to each request with the next responder, repeating the
// last one, and counts requests.
func sequence(count *atomic.Int32, responders ...httpmock.Responder) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		n := int(count.Add(1))
		if n > len(responders) {
			n = len(responders)
		}

		return responders[n-1](req)
	}
}

func TestRetry_RetriedStatuses(t *testing.T) {
	t.Parallel()

	for _, status := range []int{429, 502, 503, 504} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			client, mock := newMockClient(t, fastRetry)
			var count atomic.Int32
			mock.RegisterNoResponder(sequence(&count,
				jsonResponder(status, `{"error_code": "X", "error_msg": "busy"}`),
				jsonResponder(status, `{"error_code": "X", "error_msg": "busy"}`),
				jsonResponder(200, documentedBuild)))

			build, err := client.CancelBuild(context.Background(), "b-1")
			require.NoError(t, err)
			assert.Equal(t, servicestage.BuildStateCancel, build.State)
			assert.Equal(t, int32(3), count.Load())
		})
	}
}

func TestRetry_NotRetriedStatuses(t *testing.T) {
	t.Parallel()

	for _, status := range []int{400, 401, 403, 404, 409, 500, 501} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			client, mock := newMockClient(t, fastRetry)
			var count atomic.Int32
			mock.RegisterNoResponder(sequence(&count,
				jsonResponder(status, `{"error_code": "X", "error_msg": "no"}`),
				jsonResponder(200, documentedBuild)))

			_, err := client.CancelBuild(context.Background(), "b-1")

			var apiErr *servicestage.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, status, apiErr.StatusCode)
			assert.Equal(t, 1, apiErr.Attempts)
			assert.Equal(t, int32(1), count.Load())
		})
	}
}

func TestRetry_GivesUpWithAttemptCount(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, fastRetry)
	var count atomic.Int32
	mock.RegisterNoResponder(sequence(&count,
		jsonResponder(503, `{"error_code": "APIG.1000", "error_msg": "overloaded"}`)))

	_, err := client.CancelBuild(context.Background(), "b-1")

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 3, apiErr.Attempts)
	assert.Equal(t, int32(3), count.Load())
	assert.ErrorIs(t, err, servicestage.ErrServerError)
	assert.Contains(t, err.Error(), "(after 3 attempts)")
}

func TestRetry_TransportErrorAttempts(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, fastRetry)
	cause := errors.New("connection reset by peer")
	var count atomic.Int32
	mock.RegisterNoResponder(sequence(&count, httpmock.NewErrorResponder(cause)))

	_, err := client.CancelBuild(context.Background(), "b-1")

	require.ErrorIs(t, err, cause)
	var urlErr *url.Error
	require.ErrorAs(t, err, &urlErr)
	assert.Equal(t, int32(3), count.Load())
	assert.Contains(t, err.Error(), "(after 3 attempts)")
}

func TestRetry_TransportErrorThenSuccess(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, fastRetry)
	var count atomic.Int32
	mock.RegisterNoResponder(sequence(&count,
		httpmock.NewErrorResponder(errors.New("EOF")),
		jsonResponder(200, documentedBuild)))

	_, err := client.CancelBuild(context.Background(), "b-1")
	require.NoError(t, err)
	assert.Equal(t, int32(2), count.Load())
}

func TestRetry_Disabled(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, servicestage.WithoutRetry())
	var count atomic.Int32
	mock.RegisterNoResponder(sequence(&count, jsonResponder(503, `{}`)))

	_, err := client.CancelBuild(context.Background(), "b-1")
	require.ErrorIs(t, err, servicestage.ErrServerError)
	assert.Equal(t, int32(1), count.Load())
	assert.NotContains(t, err.Error(), "attempts")
}

func TestRetry_InvalidOptions(t *testing.T) {
	t.Parallel()

	cases := map[string]servicestage.Option{
		"zero attempts":     servicestage.WithRetry(0, time.Millisecond, time.Second),
		"too many attempts": servicestage.WithRetry(101, time.Millisecond, time.Second),
		"negative min":      servicestage.WithRetry(3, -time.Millisecond, time.Second),
		"max below min":     servicestage.WithRetry(3, time.Second, time.Millisecond),
	}
	for name, opt := range cases {
		_, err := servicestage.NewClient(testEndpoint, servicestage.WithToken(testToken), opt)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "WithRetry", name)
	}
}

func TestRetry_RetryAfterCappedAtMaxWait(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t,
		servicestage.WithRetry(2, time.Millisecond, 20*time.Millisecond))
	var count atomic.Int32
	throttled := func(req *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(429, `{"error_code": "APIGW.0308"}`)
		resp.Header.Set("Retry-After", "3600")
		return resp, nil
	}
	mock.RegisterNoResponder(sequence(&count, throttled, jsonResponder(200, documentedBuild)))

	start := time.Now()
	_, err := client.CancelBuild(context.Background(), "b-1")
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.Equal(t, int32(2), count.Load())
}

func TestRetry_RetryAfterSecondsHonoured(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, servicestage.WithRetry(2, time.Millisecond, 5*time.Second))
	var count atomic.Int32
	throttled := func(req *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(503, ``)
		resp.Header.Set("Retry-After", "1")
		return resp, nil
	}
	mock.RegisterNoResponder(sequence(&count, throttled, jsonResponder(200, documentedBuild)))

	start := time.Now()
	_, err := client.CancelBuild(context.Background(), "b-1")
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), 900*time.Millisecond)
}

func TestRetry_ContextCancelStopsBackoff(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, servicestage.WithRetry(5, 10*time.Second, 10*time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	var count atomic.Int32
	mock.RegisterNoResponder(sequence(&count, func(*http.Request) (*http.Response, error) {
		time.AfterFunc(10*time.Millisecond, cancel)
		return httpmock.NewStringResponse(503, ``), nil
	}))

	start := time.Now()
	_, err := client.CancelBuild(ctx, "b-1")

	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.Equal(t, int32(1), count.Load())
}

func TestRetry_PerAttemptTimeoutRetried(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, fastRetry, servicestage.WithTimeout(20*time.Millisecond))
	var count atomic.Int32
	hang := func(req *http.Request) (*http.Response, error) {
		<-req.Context().Done()
		return nil, req.Context().Err()
	}
	mock.RegisterNoResponder(sequence(&count, hang, jsonResponder(200, documentedBuild)))

	_, err := client.CancelBuild(context.Background(), "b-1")
	require.NoError(t, err)
	assert.Equal(t, int32(2), count.Load())
}

func TestRetry_SameRequestEachAttempt(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, fastRetry, servicestage.WithUserAgent("probe/1"))
	var headers []http.Header
	var count atomic.Int32
	record := func(status int) httpmock.Responder {
		return func(req *http.Request) (*http.Response, error) {
			headers = append(headers, req.Header.Clone())
			return jsonResponder(status, documentedBuild)(req)
		}
	}
	mock.RegisterNoResponder(sequence(&count, record(502), record(502), record(200)))

	_, err := client.CancelBuild(context.Background(), "b-1")
	require.NoError(t, err)

	require.Len(t, headers, 3)
	for _, header := range headers[1:] {
		assert.Equal(t, headers[0].Get("User-Agent"), header.Get("User-Agent"))
		assert.Equal(t, headers[0].Get("X-Auth-Token"), header.Get("X-Auth-Token"))
		assert.Equal(t, headers[0].Get("Content-Type"), header.Get("Content-Type"))
	}
}

func TestResponseBodyLimit(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, servicestage.WithResponseBodyLimit(1024))
	large := `{"build_id": "b-1", "commit_comment": "` + string(make([]byte, 2048)) + `"}`
	mock.RegisterNoResponder(jsonResponder(200, large))

	_, err := client.CancelBuild(context.Background(), "b-1")
	require.ErrorIs(t, err, servicestage.ErrResponseTooLarge)
	assert.Contains(t, err.Error(), "1024-byte limit")
}

func TestResponseBodyLimit_Invalid(t *testing.T) {
	t.Parallel()

	for _, limit := range []int64{0, -1} {
		_, err := servicestage.NewClient(testEndpoint, servicestage.WithToken(testToken),
			servicestage.WithResponseBodyLimit(limit))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "WithResponseBodyLimit")
	}
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

func TestTransport_NilResponses(t *testing.T) {
	t.Parallel()

	cases := map[string]roundTripFunc{
		"nil and nil":   func(*http.Request) (*http.Response, error) { return nil, nil },
		"nil and error": func(*http.Request) (*http.Response, error) { return nil, errors.New("x") },
		"nil body": func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{}}, nil
		},
	}
	for name, transport := range cases {
		client, err := servicestage.NewClient(testEndpoint, servicestage.WithToken(testToken),
			servicestage.WithHTTPClient(&http.Client{Transport: transport}), fastRetry)
		require.NoError(t, err)

		build, err := client.CancelBuild(context.Background(), "b-1")
		require.Error(t, err, name)
		assert.Nil(t, build, name)
	}
}

func TestRetry_ContextEndsDuringWaitKeepsAPIError(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, servicestage.WithRetry(5, time.Second, 10*time.Second))
	mock.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(503,
			`{"error_code": "SVCSTG.CPE.5030001", "error_msg": "maintenance"}`)
		resp.Header.Set("Retry-After", "10")
		return resp, nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()

	_, err := client.CancelBuild(ctx, "b-1")

	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorIs(t, err, servicestage.ErrServerError)
	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "SVCSTG.CPE.5030001", apiErr.Code)
	assert.Equal(t, `servicestage: cancel build "b-1": context deadline exceeded; last response: `+
		`503 Service Unavailable: SVCSTG.CPE.5030001: maintenance`, err.Error())
}

func TestResponseBodyLimit_ErrorStatusKept(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, servicestage.WithResponseBodyLimit(1024), fastRetry)
	var count atomic.Int32
	mock.RegisterNoResponder(sequence(&count,
		jsonResponder(503, strings.Repeat("x", 4096)),
		jsonResponder(200, documentedBuild)))

	_, err := client.CancelBuild(context.Background(), "b-1")
	require.NoError(t, err)
	assert.Equal(t, int32(2), count.Load())

	client, mock = newMockClient(t, servicestage.WithResponseBodyLimit(1024),
		servicestage.WithoutRetry())
	mock.RegisterNoResponder(jsonResponder(404, strings.Repeat("x", 4096)))

	_, err = client.CancelBuild(context.Background(), "b-1")
	require.ErrorIs(t, err, servicestage.ErrResponseTooLarge)
	require.ErrorIs(t, err, servicestage.ErrNotFound)
	assert.Contains(t, err.Error(), "1024-byte limit; raise it with WithResponseBodyLimit; "+
		"last response: 404 Not Found")
}
