package servicestage

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The second published vector, from the tests of Huawei's Go SDK, signs
// only x-sdk-date, which Sign never does because it always signs the host.
func TestSignHeaders_GoSDKVector(t *testing.T) {
	req, err := http.NewRequest(http.MethodGet, "https://example.huaweicloud.com/path?limit=1", nil)
	require.NoError(t, err)
	req.Header.Set("X-Sdk-Date", "20060102T150405Z")

	err = signHeaders(req, "AccessKey", "SecretKey", []string{"x-sdk-date"})

	require.NoError(t, err)
	require.Equal(t, "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "+
		"Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
		req.Header.Get("Authorization"))
}

func TestSignHeaders_InvalidDate(t *testing.T) {
	req, err := http.NewRequest(http.MethodGet, "https://example.huaweicloud.com/", nil)
	require.NoError(t, err)
	req.Header.Set("X-Sdk-Date", "2006-01-02T15:04:05Z")

	err = signHeaders(req, "AccessKey", "SecretKey", []string{"x-sdk-date"})

	require.ErrorContains(t, err, `X-Sdk-Date "2006-01-02T15:04:05Z" is not in the layout`)
	require.Empty(t, req.Header.Get("Authorization"))
}

func TestCanonicalPath(t *testing.T) {
	tests := []struct {
		name    string
		escaped string
		want    string
	}{
		{"empty", "", "/"},
		{"root", "/", "/"},
		{"appends slash", "/v1/vpcs", "/v1/vpcs/"},
		{"keeps trailing slash", "/v1/vpcs/", "/v1/vpcs/"},
		{"unreserved stay", "/a-b_c.d~e/AZaz09", "/a-b_c.d~e/AZaz09/"},
		{"space", "/builds/a%20b", "/builds/a%20b/"},
		{"plus is not a space", "/builds/a+b", "/builds/a%2Bb/"},
		{"reserved", "/builds/a:b@c;d=e,f$g&h!i'j(k)l*m", "/builds/" +
			"a%3Ab%40c%3Bd%3De%2Cf%24g%26h%21i%27j%28k%29l%2Am/"},
		{"encoded slash stays in its segment", "/builds/a%2Fb", "/builds/a%2Fb/"},
		{"lower-case escape becomes upper-case", "/builds/a%2fb", "/builds/a%2Fb/"},
		{"non-ASCII", "/builds/%C3%BC%E6%9E%84", "/builds/%C3%BC%E6%9E%84/"},
		{"empty segment", "/a//b", "/a//b/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := canonicalPath(tt.escaped)

			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestCanonicalPath_MalformedEscape(t *testing.T) {
	_, err := canonicalPath("/builds/%zz")

	require.ErrorContains(t, err, `invalid path "/builds/%zz"`)
}

func TestCanonicalQuery(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want string
	}{
		{"empty", "", ""},
		{"sorted by name", "marker=x&limit=2", "limit=2&marker=x"},
		{"repeated name sorted by value", "k=b&k=a&k=c", "k=a&k=b&k=c"},
		{"repeated name and value", "k=a&k=a", "k=a&k=a"},
		{"name without value", "flag&a=1", "a=1&flag="},
		{"empty value", "a=", "a="},
		{"empty items skipped", "&a=1&&b=2&", "a=1&b=2"},
		{"plus is a space", "q=a+b", "q=a%20b"},
		{"encoded plus", "q=a%2Bb", "q=a%2Bb"},
		{"reserved", "q=a%2Fb%3Fc%3Dd%26e", "q=a%2Fb%3Fc%3Dd%26e"},
		{"non-ASCII", "name=%E6%9E%84%E5%BB%BA", "name=%E6%9E%84%E5%BB%BA"},
		{"encoded name", "a%20b=1", "a%20b=1"},
		// Sorting happens before encoding: ":" (0x3A) sorts after "0"
		// (0x30), although "%3A" would sort before it.
		{"sorted on decoded text", "k=%3A&k=0", "k=0&k=%3A"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := canonicalQuery(tt.raw)

			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestCanonicalQuery_MalformedEscape(t *testing.T) {
	_, err := canonicalQuery("a=%G1")

	require.ErrorContains(t, err, `invalid query "a=%G1"`)
}

func TestCanonicalRequest_Layout(t *testing.T) {
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:8080/v1/jobs?b=2&a=1",
		strings.NewReader(`{"x":1}`))
	require.NoError(t, err)
	req.Header.Set("X-Sdk-Date", "20240101T000000Z")
	req.Header.Add("X-Multi", " one ")
	req.Header.Add("X-Multi", "two")

	got, err := canonicalRequest(req, []string{"host", "x-multi", "x-sdk-date"}, "HASH")

	require.NoError(t, err)
	require.Equal(t, "POST\n/v1/jobs/\na=1&b=2\n"+
		"host:127.0.0.1:8080\nx-multi:one,two\nx-sdk-date:20240101T000000Z\n\n"+
		"host;x-multi;x-sdk-date\nHASH", got)
}

func TestCanonicalRequest_HostField(t *testing.T) {
	req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:8080/", nil)
	require.NoError(t, err)
	req.Host = "gateway.example"

	got, err := canonicalRequest(req, []string{"host"}, "HASH")

	require.NoError(t, err)
	require.Contains(t, got, "\nhost:gateway.example\n")
}

func TestCanonicalRequest_RawPath(t *testing.T) {
	u, err := url.Parse("http://127.0.0.1/builds/a%2Fb")
	require.NoError(t, err)
	req := &http.Request{Method: http.MethodGet, URL: u, Header: http.Header{}}

	got, err := canonicalRequest(req, nil, "HASH")

	require.NoError(t, err)
	require.True(t, strings.HasPrefix(got, "GET\n/builds/a%2Fb/\n"), got)
}

func TestSignedHeaderNames(t *testing.T) {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Sdk-Date", "20240101T000000Z")
	h.Set("Authorization", "old")
	h.Set("Host", "ignored.example")
	h.Set("Content-Length", "5")
	h.Set("Transfer-Encoding", "chunked")
	h.Set("Trailer", "X-Checksum")
	h["X_Underscore"] = []string{"dropped by gateways"}
	h.Set("X-Project-Id", "p")

	got := signedHeaderNames(h)

	require.Equal(t, []string{"content-type", "host", "x-project-id", "x-sdk-date"}, got)
}

func TestEscapeSegment_EveryByte(t *testing.T) {
	var all strings.Builder
	for c := 0; c < 256; c++ {
		all.WriteByte(byte(c))
	}

	got := escapeSegment(all.String())

	require.Len(t, got, 66+3*(256-66))
	require.Contains(t, got, "%20%21%22")
	require.Contains(t, got, "-.%2F0123456789%3A")
	require.Contains(t, got, "Z%5B%5C%5D%5E_%60a")
	require.Contains(t, got, "z%7B%7C%7D~%7F%80")
	require.True(t, strings.HasSuffix(got, "%FE%FF"))
}
