package servicestage

import (
	"io"
	"net/http"
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
