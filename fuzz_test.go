package servicestage

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzDecodeBuild checks that no response body makes Build decoding panic,
// and that a decoded Build encodes and decodes again to the same Build.
func FuzzDecodeBuild(f *testing.F) {
	f.Add([]byte(`{"build_id": "b", "index": "4", "started_at": "2025-11-14 08:00:42 +0000 UTC"}`))
	f.Add([]byte(`{"build_id": "b", "swr_repository": {"k": "v"}, "swr_repo_page": "p"}`))
	f.Add([]byte(`{"build_id": "b", "index": 1e3, "ended_at": 1763107242000, "os": null}`))
	f.Add([]byte(`{"build_id": "b", "archive_result": [1, {"a": null}], "commit_time": "x"}`))
	f.Add([]byte(`{"build_id": "b", "code_repo_anatomy": {"name": "n", "archiveURL": "u"}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`null`))

	f.Fuzz(func(t *testing.T, body []byte) {
		var build Build
		if decodeJSON(body, &build) != nil {
			return
		}

		encoded, err := json.Marshal(build)
		if err != nil {
			t.Fatalf("encode decoded build: %v", err)
		}

		var again Build
		if err := json.Unmarshal(encoded, &again); err != nil {
			t.Fatalf("decode re-encoded build %s: %v", encoded, err)
		}

		if again.BuildID != build.BuildID || again.Index != build.Index ||
			again.StartedAt.Raw() != build.StartedAt.Raw() {
			t.Fatalf("round trip changed the build: %+v became %+v", build, again)
		}
	})
}

// FuzzParseErrorBody checks that no error body makes parsing panic, that
// the message is never empty, and that APIError.Error stays on one line.
func FuzzParseErrorBody(f *testing.F) {
	f.Add(400, []byte(`{"error_code": "SVCSTG.CPE.5004401", "error_msg": "not found"}`))
	f.Add(401, []byte(`{"error_msg": "x", "error_code": "APIGW.0301", "request_id": "r"}`))
	f.Add(500, []byte(`{"error": {"code": 12, "message": "m"}}`))
	f.Add(502, []byte("<html><title>502</title></html>"))
	f.Add(429, []byte(`{"errorCode": "A", "errorMessage": "line\nbreak"}`))
	f.Add(599, []byte{})
	f.Add(404, []byte("\xff\xfe"))

	f.Fuzz(func(t *testing.T, status int, body []byte) {
		code, message, requestID := parseErrorBody(status, body)
		if message == "" {
			t.Fatalf("empty message for status %d body %q", status, body)
		}

		apiErr := &APIError{StatusCode: status, Code: code, Message: message,
			RequestID: requestID, Operation: "cancel build", BuildID: "b"}
		if text := apiErr.Error(); strings.ContainsAny(text, "\r\n") {
			t.Fatalf("error text spans lines: %q", text)
		}
	})
}

// FuzzCanonicalize checks that no path or query as sent makes the signer's
// canonicalisation panic, that its output contains only unreserved
// characters, "%XX" escapes with upper-case digits and the separators, and
// that canonicalising the canonical form again changes nothing.
func FuzzCanonicalize(f *testing.F) {
	f.Add("/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs", "limit=2&marker=13551d6b")
	f.Add("/assembling/v1/builds/a%2Fb%20c", "k=b&k=a&j=1")
	f.Add("/x/%E6%9E%84%E5%BB%BA/", "q=a%2Bb+c&flag&empty=")
	f.Add("/x/%c3%bc", "name=%C3%BC&%zz=1")
	f.Add("", "")

	f.Fuzz(func(t *testing.T, path, query string) {
		canonical, err := canonicalPath(path)
		if err == nil {
			assertCanonical(t, canonical, "/")
			again, err := canonicalPath(canonical)
			if err != nil || again != canonical {
				t.Fatalf("path %q: canonical %q became %q (%v)", path, canonical, again, err)
			}
		}

		canonicalQ, err := canonicalQuery(query)
		if err == nil {
			assertCanonical(t, canonicalQ, "&=")
			again, err := canonicalQuery(canonicalQ)
			if err != nil || again != canonicalQ {
				t.Fatalf("query %q: canonical %q became %q (%v)", query, canonicalQ, again, err)
			}
		}
	})
}

// assertCanonical fails unless s contains only unreserved characters,
// upper-case "%XX" escapes and the given separators.
func assertCanonical(t *testing.T, s, separators string) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isUnreserved(c), strings.IndexByte(separators, c) >= 0:
		case c == '%' && i+2 < len(s) && isUpperHex(s[i+1]) && isUpperHex(s[i+2]):
			i += 2
		default:
			t.Fatalf("canonical form %q has %q at %d", s, c, i)
		}
	}
}

func isUpperHex(c byte) bool { return '0' <= c && c <= '9' || 'A' <= c && c <= 'F' }
