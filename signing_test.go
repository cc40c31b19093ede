package servicestage_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// The first published vector, from Huawei's API signing guide.
func TestSign_HuaweiGuideVector(t *testing.T) {
	req, err := http.NewRequest(http.MethodGet, "https://service.region.example.com/v1/"+
		"77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
		nil)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	signTime := time.Date(2019, 11, 15, 3, 36, 55, 0, time.UTC)

	err = servicestage.Sign(req, "QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
		signTime)

	require.NoError(t, err)
	require.Equal(t, "20191115T033655Z", req.Header.Get("X-Sdk-Date"))
	require.Equal(t, "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, "+
		"SignedHeaders=content-type;host;x-sdk-date, "+
		"Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
		req.Header.Get("Authorization"))
}

func TestSign_DateInUTC(t *testing.T) {
	req := newRequest(t, http.MethodGet, "http://127.0.0.1/", "")
	beijing := time.FixedZone("CST", 8*60*60)

	err := servicestage.Sign(req, "ak", "sk", time.Date(2024, 1, 1, 8, 0, 0, 0, beijing))

	require.NoError(t, err)
	require.Equal(t, "20240101T000000Z", req.Header.Get("X-Sdk-Date"))
}

func TestSign_ReplacesEarlierSignature(t *testing.T) {
	req := newRequest(t, http.MethodGet, "http://127.0.0.1/v1", "")
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, servicestage.Sign(req, "ak", "sk", start))
	first := req.Header.Get("Authorization")

	err := servicestage.Sign(req, "ak", "sk", start.Add(16*time.Minute))

	require.NoError(t, err)
	require.Equal(t, "20240101T001600Z", req.Header.Get("X-Sdk-Date"))
	require.Len(t, req.Header.Values("Authorization"), 1)
	require.NotEqual(t, first, req.Header.Get("Authorization"))
	require.Contains(t, req.Header.Get("Authorization"), "SignedHeaders=host;x-sdk-date,")
}

func TestSign_BodyStaysReadable(t *testing.T) {
	body := `{"job_name":"demo","note":"构建 ü"}`
	req := newRequest(t, http.MethodPost, "http://127.0.0.1/v1/jobs", body)
	signTime := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

	require.NoError(t, servicestage.Sign(req, "ak", "sk", signTime))

	require.Equal(t, int64(len(body)), req.ContentLength)
	require.Equal(t, body, readAll(t, req.Body))
	again, err := req.GetBody()
	require.NoError(t, err)
	require.Equal(t, body, readAll(t, again))
}

func TestSign_SignsBody(t *testing.T) {
	signTime := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	sign := func(body string) string {
		req := newRequest(t, http.MethodPost, "http://127.0.0.1/v1/jobs", body)
		require.NoError(t, servicestage.Sign(req, "ak", "sk", signTime))
		return req.Header.Get("Authorization")
	}

	require.Equal(t, sign(`{"a":1}`), sign(`{"a":1}`))
	require.NotEqual(t, sign(`{"a":1}`), sign(`{"a":2}`))
	require.Equal(t, sign(""), signNoBody(t, signTime))
}

func signNoBody(t *testing.T, signTime time.Time) string {
	t.Helper()

	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/v1/jobs", nil)
	require.NoError(t, err)
	require.NoError(t, servicestage.Sign(req, "ak", "sk", signTime))
	require.Equal(t, http.NoBody, req.Body)
	return req.Header.Get("Authorization")
}

func TestSign_BodyReadError(t *testing.T) {
	readErr := errors.New("disk on fire")
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/",
		io.MultiReader(strings.NewReader("x"), failingReader{readErr}))
	require.NoError(t, err)

	err = servicestage.Sign(req, "ak", "sk", time.Now())

	require.ErrorIs(t, err, readErr)
	require.ErrorContains(t, err, "servicestage: Sign: read request body")
	require.Empty(t, req.Header.Get("Authorization"))
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestSign_InvalidArguments(t *testing.T) {
	const secret = "sk-VERY-SECRET"
	valid := func() *http.Request { return newRequest(t, http.MethodGet, "http://127.0.0.1/", "") }
	tests := []struct {
		name      string
		req       *http.Request
		accessKey string
		secretKey string
		want      string
	}{
		{"nil request", nil, "ak", secret, "request or its URL is nil"},
		{"nil URL", &http.Request{Method: http.MethodGet}, "ak", secret,
			"request or its URL is nil"},
		{"empty access key", valid(), "", secret, "access key is empty"},
		{"empty secret key", valid(), "ak", " ", "secret key is empty"},
		{"padded secret key", valid(), "ak", secret + " ", "secret key has leading or trailing"},
		{"secret key with line break", valid(), "ak", secret + "\nx",
			"secret key contains a control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := servicestage.Sign(tt.req, tt.accessKey, tt.secretKey, time.Now())

			require.ErrorContains(t, err, tt.want)
			require.NotContains(t, err.Error(), secret)
			require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
		})
	}
}

// TestSign_ServerCrossCheck sends requests signed by Sign to the fake
// server, whose verifier rebuilds the canonical request from the request
// target it received. A 404 from the gateway means the signature passed,
// because the server checks credentials before routing, so every target
// is a path the API does not have.
func TestSign_ServerCrossCheck(t *testing.T) {
	clock := newFakeClock()
	server := servicestagetest.NewServer(servicestagetest.WithAKSK("ak", "sk"),
		servicestagetest.WithClock(clock.Now))
	t.Cleanup(server.Close)

	tests := []struct {
		name   string
		method string
		target string
		body   string
		header map[string]string
	}{
		{"plain", http.MethodGet, "/assembling/v0/jobs", "", nil},
		{"space and plus in segment", http.MethodGet, "/x/a%20b+c", "", nil},
		{"reserved characters in segment", http.MethodGet,
			"/x/a:b@c;d=e,f$g&h!i'j(k)l*m%2Fn%3Fo%23p%25q", "", nil},
		{"non-ASCII segment", http.MethodGet, "/x/%E6%9E%84%E5%BB%BA/%C3%BC", "", nil},
		{"lower-case escapes", http.MethodGet, "/x/%c3%bc?q=%c3%bc", "", nil},
		{"trailing slash", http.MethodGet, "/x/y/", "", nil},
		{"repeated query keys", http.MethodGet, "/x?k=b&k=a&j=1&k=a", "", nil},
		{"reserved query values", http.MethodGet,
			"/x?q=a%2Bb+c&r=%26%3D%3F%23&s=%2F&t=%25", "", nil},
		{"non-ASCII query", http.MethodGet, "/x?name=%E6%9E%84%E5%BB%BA&%C3%BC=1", "", nil},
		{"query names without values", http.MethodGet, "/x?flag&empty=&a=1", "", nil},
		{"decoded sort order", http.MethodGet, "/x?k=%3A&k=0&k=%C3%BC&k=~", "", nil},
		{"empty body POST", http.MethodPost, "/x", "", nil},
		{"JSON body", http.MethodPost, "/assembling/v0/jobs",
			`{"job_name":"demo","code_repo":{"url":"https://example.com/a b?c=d"}}`, nil},
		{"non-ASCII body", http.MethodPut, "/x", `{"job_description":"构建 ü"}`, nil},
		{"extra headers", http.MethodDelete, "/x", "", map[string]string{
			"X-Project-Id": "0123456789abcdef", "X-Padded": "  spaced value  ",
			"X_Underscore": "not signed"}},
		{"non-canonical header key", http.MethodGet, "/x", "", map[string]string{"x-custom": "v"}},
		{"header keys differing in case", http.MethodGet, "/x", "", map[string]string{
			"x-custom": "lower", "X-Custom": "canonical", "X-CUSTOM": "upper"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, tt.method, server.URL+tt.target, tt.body)
			for name, value := range tt.header {
				req.Header[name] = []string{value}
			}

			require.NoError(t, servicestage.Sign(req, "ak", "sk", clock.Now()))
			status, code := send(t, server, req)

			require.Equal(t, http.StatusNotFound, status)
			require.Equal(t, "APIGW.0101", code)
		})
	}
}

// TestSign_EmptyMethodIsGET signs a request built without http.NewRequest,
// whose empty Method net/http sends as GET.
func TestSign_EmptyMethodIsGET(t *testing.T) {
	clock := newFakeClock()
	server := servicestagetest.NewServer(servicestagetest.WithAKSK("ak", "sk"),
		servicestagetest.WithClock(clock.Now))
	t.Cleanup(server.Close)
	u, err := url.Parse(server.URL + "/x?k=v")
	require.NoError(t, err)
	req := &http.Request{URL: u, Header: http.Header{}}

	require.NoError(t, servicestage.Sign(req, "ak", "sk", clock.Now()))
	status, code := send(t, server, req)

	require.Equal(t, http.StatusNotFound, status)
	require.Equal(t, "APIGW.0101", code)
}

// TestSign_ServerRejectsTampering changes one part of a signed request at a
// time, and the server must reject each change.
func TestSign_ServerRejectsTampering(t *testing.T) {
	clock := newFakeClock()
	server := servicestagetest.NewServer(servicestagetest.WithAKSK("ak", "sk"),
		servicestagetest.WithClock(clock.Now))
	t.Cleanup(server.Close)

	tests := []struct {
		name   string
		tamper func(req *http.Request)
	}{
		{"path", func(req *http.Request) { req.URL.Path += "x" }},
		{"encoded slash", func(req *http.Request) {
			req.URL.Path, req.URL.RawPath = "/x/a/b", ""
		}},
		{"query value", func(req *http.Request) { req.URL.RawQuery = "k=b&k=c" }},
		{"added query item", func(req *http.Request) { req.URL.RawQuery += "&z=1" }},
		{"method", func(req *http.Request) { req.Method = http.MethodPut }},
		{"body", func(req *http.Request) {
			req.Body = io.NopCloser(strings.NewReader(`{"a":2}`))
		}},
		{"signed header", func(req *http.Request) { req.Header.Set("Content-Type", "text/plain") }},
		{"date", func(req *http.Request) {
			req.Header.Set("X-Sdk-Date", clock.Now().Add(time.Second).Format("20060102T150405Z"))
		}},
		{"signature", func(req *http.Request) {
			req.Header.Set("Authorization",
				strings.Replace(req.Header.Get("Authorization"), "Signature=", "Signature=0", 1))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, http.MethodPost, server.URL+"/x/a%2Fb?k=a&k=b", `{"a":1}`)
			req.Header.Set("Content-Type", "application/json")
			require.NoError(t, servicestage.Sign(req, "ak", "sk", clock.Now()))

			tt.tamper(req)
			status, code := send(t, server, req)

			require.Equal(t, http.StatusUnauthorized, status)
			require.Equal(t, "APIGW.0301", code)
		})
	}
}

// TestSign_ServerDateWindow checks the 15-minute window on both sides of
// the server's clock.
func TestSign_ServerDateWindow(t *testing.T) {
	clock := newFakeClock()
	server := servicestagetest.NewServer(servicestagetest.WithAKSK("ak", "sk"),
		servicestagetest.WithClock(clock.Now))
	t.Cleanup(server.Close)

	tests := []struct {
		offset time.Duration
		want   int
	}{
		{-16 * time.Minute, http.StatusUnauthorized},
		{-15*time.Minute - time.Second, http.StatusUnauthorized},
		{-15 * time.Minute, http.StatusNotFound},
		{-14 * time.Minute, http.StatusNotFound},
		{0, http.StatusNotFound},
		{14 * time.Minute, http.StatusNotFound},
		{15 * time.Minute, http.StatusNotFound},
		{16 * time.Minute, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.offset.String(), func(t *testing.T) {
			req := newRequest(t, http.MethodGet, server.URL+"/x", "")
			require.NoError(t, servicestage.Sign(req, "ak", "sk", clock.Now().Add(tt.offset)))

			status, _ := send(t, server, req)

			require.Equal(t, tt.want, status)
		})
	}
}

func newRequest(t *testing.T, method, target, body string) *http.Request {
	t.Helper()

	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}

	req, err := http.NewRequest(method, target, reader)
	require.NoError(t, err)
	return req
}

// send sends req to server and returns the status and the error code.
func send(t *testing.T, server *servicestagetest.Server, req *http.Request) (int, string) {
	t.Helper()

	resp, err := server.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()

	var body struct {
		Code string `json:"error_code"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body.Code
}

func readAll(t *testing.T, r io.Reader) string {
	t.Helper()

	data, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(data)
}
