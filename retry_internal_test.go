package servicestage

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newPostClient returns a client on a mock transport that counts requests
// and records their bodies.
func newPostClient(t *testing.T, responder httpmock.Responder) (*Client, *atomic.Int32,
	*[]string) {
	t.Helper()
	mock := httpmock.NewMockTransport()
	var count atomic.Int32
	var bodies []string
	mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		count.Add(1)
		body, _ := io.ReadAll(req.Body)
		bodies = append(bodies, string(body))
		return responder(req)
	})

	client, err := NewClient("https://servicestage.test", WithToken("t"),
		WithHTTPClient(&http.Client{Transport: mock}),
		WithRetry(3, time.Millisecond, 2*time.Millisecond))
	require.NoError(t, err)

	return client, &count, &bodies
}

func postCall() *call {
	return &call{operation: "start build", method: http.MethodPost,
		path: "/assembling/v1/jobs/j-1/builds", body: map[string]string{"a": "b"}, jobID: "j-1"}
}

func TestRetry_PostNotRetriedAfterSending(t *testing.T) {
	t.Parallel()

	responders := map[string]httpmock.Responder{
		"503":   httpmock.NewStringResponder(503, ``),
		"502":   httpmock.NewStringResponder(502, ``),
		"504":   httpmock.NewStringResponder(504, ``),
		"reset": httpmock.NewErrorResponder(errors.New("connection reset by peer")),
		"timeout": func(req *http.Request) (*http.Response, error) {
			return nil, context.DeadlineExceeded
		},
	}
	for name, responder := range responders {
		client, count, _ := newPostClient(t, responder)

		err := client.do(context.Background(), postCall(), nil)
		require.Error(t, err, name)
		assert.Equal(t, int32(1), count.Load(), name)
	}
}

func TestRetry_PostRetriedBeforeSending(t *testing.T) {
	t.Parallel()

	responders := map[string]httpmock.Responder{
		"429": httpmock.NewStringResponder(429, ``),
		"dial": httpmock.NewErrorResponder(&net.OpError{Op: "dial", Net: "tcp",
			Err: errors.New("connection refused")}),
		"dns": httpmock.NewErrorResponder(&net.DNSError{Err: "no such host",
			Name: "servicestage.test"}),
	}
	for name, responder := range responders {
		client, count, bodies := newPostClient(t, responder)

		err := client.do(context.Background(), postCall(), nil)
		require.Error(t, err, name)
		assert.Equal(t, int32(3), count.Load(), name)
		assert.Equal(t, []string{`{"a":"b"}`, `{"a":"b"}`, `{"a":"b"}`}, *bodies, name)
	}
}

func TestRetry_IdempotentBodyResent(t *testing.T) {
	t.Parallel()
	client, count, bodies := newPostClient(t, httpmock.NewStringResponder(503, ``))
	cl := &call{operation: "update job", method: http.MethodPut,
		path: "/assembling/v1/jobs/j-1", body: map[string]int{"n": 1}, jobID: "j-1"}

	err := client.do(context.Background(), cl, nil)
	require.Error(t, err)
	assert.Equal(t, int32(3), count.Load())
	assert.Equal(t, []string{`{"n":1}`, `{"n":1}`, `{"n":1}`}, *bodies)
}

func TestRetryableError_Kinds(t *testing.T) {
	t.Parallel()

	wrap := func(err error) error {
		return &url.Error{Op: "Patch", URL: "https://servicestage.test", Err: err}
	}
	cases := []struct {
		name       string
		err        error
		idempotent bool
		want       bool
	}{
		{"plain error", errors.New("token source failed"), true, false},
		{"redirect", wrap(errRedirect), true, false},
		{"dial", wrap(&net.OpError{Op: "dial", Err: errors.New("refused")}), false, true},
		{"read reset idempotent", wrap(&net.OpError{Op: "read", Err: errors.New("reset")}),
			true, true},
		{"read reset post", wrap(&net.OpError{Op: "read", Err: errors.New("reset")}),
			false, false},
		{"unexpected EOF idempotent", io.ErrUnexpectedEOF, true, true},
		{"unexpected EOF post", io.ErrUnexpectedEOF, false, false},
		{"body too large", resty.ErrResponseBodyTooLarge, true, false},
		{"certificate", wrap(x509.UnknownAuthorityError{}), true, false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, retryableError(tc.err, tc.idempotent), tc.name)
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 11, 14, 8, 0, 0, 0, time.UTC)

	cases := map[string]time.Duration{
		"":                               0,
		"0":                              0,
		"-5":                             0,
		"7":                              7 * time.Second,
		" 12 ":                           12 * time.Second,
		"99999999999999":                 24 * time.Hour,
		"soon":                           0,
		"1.5":                            0,
		"Fri, 14 Nov 2025 08:00:30 GMT":  30 * time.Second,
		"Fri, 14 Nov 2025 07:59:00 GMT":  0,
		"Friday, 14-Nov-25 08:01:00 GMT": time.Minute,
	}
	for value, want := range cases {
		assert.Equal(t, want, parseRetryAfter(value, now), "value %q", value)
	}
}
