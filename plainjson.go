package servicestage

import "unicode/utf8"

// The functions in this file decode the common, simple forms of JSON
// strings and string objects without a nested call to json.Unmarshal, which
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

// decodePlainStringMap decodes a JSON object whose keys and values are all
// strings that unquotePlain accepts, such as {"1754123329469": "swr/a:1"}.
// A repeated key keeps its last value, as with encoding/json, and {}
// decodes as an empty, non-nil map.
func decodePlainStringMap(data []byte) (map[string]string, bool) {
	i := skipJSONSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, false
	}

	values := make(map[string]string)
	i = skipJSONSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return endOfValue(data, i, values)
	}

	for {
		key, next, ok := scanPlainString(data, i)
		if !ok {
			return nil, false
		}

		i = skipJSONSpace(data, next)
		if i >= len(data) || data[i] != ':' {
			return nil, false
		}

		value, next, ok := scanPlainString(data, skipJSONSpace(data, i+1))
		if !ok {
			return nil, false
		}

		values[key] = value
		i = skipJSONSpace(data, next)
		if i >= len(data) {
			return nil, false
		}

		switch data[i] {
		case ',':
			i = skipJSONSpace(data, i+1)
		case '}':
			return endOfValue(data, i, values)
		default:
			return nil, false
		}
	}
}

// endOfValue returns values when the closing brace at data[brace] is
// followed by nothing but white space.
func endOfValue(data []byte, brace int, values map[string]string) (map[string]string, bool) {
	if skipJSONSpace(data, brace+1) != len(data) {
		return nil, false
	}

	return values, true
}

// skipJSONSpace returns the index of the first byte at or after i that is
// not JSON white space (space, tab, line feed or carriage return).
func skipJSONSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}

	return i
}
