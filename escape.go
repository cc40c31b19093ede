package servicestage

import "strings"

// escapeSegment percent-encodes every byte of s except the unreserved
// characters A-Z a-z 0-9 - _ . ~, with upper-case hex digits. An id
// escaped this way stays one path segment, and the path on the wire is
// already in the canonical form that request signing uses.
func escapeSegment(s string) string {
	const hex = "0123456789ABCDEF"

	// An id the service issued needs no escaping, and s is returned as is.
	clean := 0
	for clean < len(s) && isUnreserved(s[clean]) {
		clean++
	}

	if clean == len(s) {
		return s
	}

	var b strings.Builder
	b.Grow(len(s) + 2*(len(s)-clean))
	b.WriteString(s[:clean])
	for i := clean; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) {
			b.WriteByte(c)
			continue
		}

		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0f])
	}

	return b.String()
}

// isUnreserved reports whether c is an unreserved URI character.
func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}
