package servicestage

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// sentCredentials returns the credential values in the headers of a
// request that was sent: the token, the security token, the Authorization
// header and its signature.
func sentCredentials(h http.Header) []string {
	values := []string{h.Get(headerAuthToken), h.Get(headerSecurityToken)}
	authorization := h.Get(headerAuthorization)
	if authorization != "" {
		values = append(values, authorization)
	}

	if _, signature, ok := strings.Cut(authorization, "Signature="); ok {
		values = append(values, signature)
	}

	return values
}

// writeFormatted writes text for a Format method: quoted for %q, as is for
// every other verb.
func writeFormatted(w io.Writer, verb rune, text string) {
	if verb == 'q' {
		text = strconv.Quote(text)
	}

	_, _ = io.WriteString(w, text)
}

// redactionForms returns each secret of at least minRedactedLength bytes
// as it is and as it reads inside a JSON string, longest first, so that a
// replacer hides a secret that contains a shorter one whole.
func redactionForms(secrets []string) []string {
	var forms []string
	for _, secret := range secrets {
		if len(secret) >= minRedactedLength {
			forms = append(forms, secret)
			forms = append(forms, jsonForms(secret)...)
		}
	}

	slices.SortFunc(forms, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b))
	})
	return slices.Compact(forms)
}

// jsonForms returns the ways encoding/json writes secret inside a JSON
// string, with and without HTML escaping, that differ from secret itself.
// A server that echoes a request body shows a secret in these forms.
func jsonForms(secret string) []string {
	if !needsJSONEscape(secret) {
		return nil
	}

	var forms []string
	for _, escapeHTML := range []bool{true, false} {
		var b bytes.Buffer
		encoder := json.NewEncoder(&b)
		encoder.SetEscapeHTML(escapeHTML)
		if encoder.Encode(secret) != nil {
			continue
		}

		quoted := strings.TrimSuffix(b.String(), "\n")
		form := quoted[1 : len(quoted)-1]
		if form != secret {
			forms = append(forms, form)
		}
	}

	return forms
}

// needsJSONEscape reports whether encoding/json could write s differently
// inside a JSON string: it has a byte outside printable ASCII, a quote, a
// backslash, or a character that HTML escaping changes.
func needsJSONEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || strings.IndexByte(`"\<>&`, c) >= 0 {
			return true
		}
	}

	return false
}

// requestRedactor returns a replacer for the client's own secrets and the
// credentials that req carried, such as a token from a TokenSource or an
// AK/SK signature. With a nil req it covers the client's secrets alone.
func (c *Client) requestRedactor(req *http.Request) *strings.Replacer {
	if req == nil {
		return c.redactor
	}

	return newRedactor(append(c.auth.secrets(), sentCredentials(req.Header)...))
}

// parseRedactedErrorBody parses an error body with the secrets of redactor
// hidden, and returns the redacted body truncated to maxErrorBody bytes.
// It redacts the body before parsing, so a message sample cut from the
// body cannot keep the start of a secret. It redacts the parsed fields
// again, because a JSON escape can hide a secret from the first pass.
func parseRedactedErrorBody(redactor *strings.Replacer, status int,
	body []byte) (code, message, requestID string, redacted []byte) {
	body = redactBytes(redactor, body)
	code, message, requestID = parseErrorBody(status, body)
	return redactor.Replace(code), redactor.Replace(message), redactor.Replace(requestID),
		truncate(body, maxErrorBody)
}
