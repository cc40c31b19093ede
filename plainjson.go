package servicestage

import "unicode/utf8"

// The functions in this file decode the common, simple form of JSON
// strings without a nested call to json.Unmarshal, which
// would check and scan the value again and allocate a decoder. Each returns
// ok false for any input it does not handle, and the caller then decodes
// that input with encoding/json. When ok is true, the result equals what
// encoding/json returns for the same input.

// unquotePlain returns the text of the JSON string literal data when the
// literal contains no escape sequence, no control character and only
// valid UTF-8, so the text is the bytes between the quotes unchanged.
func unquotePlain(data []byte) (string, bool) {
	text, end, ok := scanPlainString(data, 0)
	if !ok || end != len(data) {
		return "", false
	}

	return text, true
}

// scanPlainString reads the string literal that starts at data[start] and
// returns its text and the index after its closing quote, under the same
// conditions as unquotePlain.
func scanPlainString(data []byte, start int) (text string, end int, ok bool) {
	if start >= len(data) || data[start] != '"' {
		return "", 0, false
	}

	ascii := true
	for i := start + 1; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '"':
			content := data[start+1 : i]
			if !ascii && !utf8.Valid(content) {
				return "", 0, false
			}

			return string(content), i + 1, true
		case c == '\\' || c < 0x20:
			return "", 0, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}

	return "", 0, false
}
