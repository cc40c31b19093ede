package servicestagetest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// newVerifyingServer returns a Server that is not listening, for calling
// the verifier directly.
func newVerifyingServer(now time.Time, opts ...Option) *Server {
	s := &Server{Token: DefaultToken, now: func() time.Time { return now }}
	for _, opt := range opts {
		opt(s)
	}

	return s
}

// The verifier must accept both published vectors on its own, without the
// client's signer.
func TestVerifySignature_HuaweiGuideVector(t *testing.T) {
	s := newVerifyingServer(time.Date(2019, 11, 15, 3, 40, 0, 0, time.UTC),
		WithAKSK("QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"))
	r := httptest.NewRequest(http.MethodGet, "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?"+
		"limit=2&marker=13551d6b-755d-4757-b956-536f674975c0", nil)
	r.Host = "service.region.example.com"
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Sdk-Date", "20191115T033655Z")

	err := s.verifySignature(r, "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, "+
		"SignedHeaders=content-type;host;x-sdk-date, "+
		"Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe")

	require.NoError(t, err)
}

func TestVerifySignature_GoSDKVector(t *testing.T) {
	s := newVerifyingServer(time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC),
		WithAKSK("AccessKey", "SecretKey"))
	r := httptest.NewRequest(http.MethodGet, "/path?limit=1", nil)
	r.Host = "example.huaweicloud.com"
	r.Header.Set("X-Sdk-Date", "20060102T150405Z")

	err := s.verifySignature(r, "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "+
		"Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624")

	require.NoError(t, err)
}

func TestVerifySignature_RestoresBody(t *testing.T) {
	s := newVerifyingServer(time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC),
		WithAKSK("AccessKey", "SecretKey"))
	r := httptest.NewRequest(http.MethodPost, "/path", strings.NewReader(`{"a":1}`))
	r.Header.Set("X-Sdk-Date", "20060102T150405Z")

	err := s.verifySignature(r, "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "+
		"Signature=0000")

	require.ErrorContains(t, err, "the signature does not match the request")
	body, readErr := io.ReadAll(r.Body)
	require.NoError(t, readErr)
	require.Equal(t, `{"a":1}`, string(body))
}

func TestParseAuthorization_Errors(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   string
	}{
		{"other scheme", "Basic dXNlcjpwdw==", "is not SDK-HMAC-SHA256"},
		{"no parameters", "SDK-HMAC-SHA256 ", "is malformed"},
		{"parameter without value", "SDK-HMAC-SHA256 Access", "is malformed"},
		{"no signature", "SDK-HMAC-SHA256 Access=ak, SignedHeaders=host", "lacks Access"},
		{"no access key", "SDK-HMAC-SHA256 SignedHeaders=host, Signature=00", "lacks Access"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseAuthorization(tt.header)

			require.ErrorContains(t, err, tt.want)
		})
	}
}

func TestPercentDecode(t *testing.T) {
	tests := []struct {
		in          string
		plusIsSpace bool
		want        string
		ok          bool
	}{
		{"a%20b", false, "a b", true},
		{"a+b", false, "a+b", true},
		{"a+b", true, "a b", true},
		{"%e6%9E%84", false, "构", true},
		{"%", false, "", false},
		{"%4", false, "", false},
		{"%zz", false, "", false},
	}
	for _, tt := range tests {
		got, ok := percentDecode(tt.in, tt.plusIsSpace)

		require.Equal(t, tt.ok, ok, tt.in)
		require.Equal(t, tt.want, got, tt.in)
	}
}

func TestPercentEncode(t *testing.T) {
	require.Equal(t, "AZaz09-_.~%20%2B%2F%3F%25%E6%9E%84", percentEncode("AZaz09-_.~ +/?%构"))
}
