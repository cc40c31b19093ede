package servicestage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
)

// FlexInt is an integer that the service sends either as a JSON number or
// as a numeric string, such as a build's index. An empty string and null
// decode as 0, and a whole number written as 4.0 or 1e3 decodes too. It
// encodes as a JSON number.
type FlexInt int64

// UnmarshalJSON decodes a JSON number, a numeric string, "" or null.
func (n *FlexInt) UnmarshalJSON(data []byte) error {
	text := data
	if len(data) > 0 && data[0] == '"' {
		s, ok := unquotePlain(data)
		if !ok {
			// A separate variable keeps s off the heap on the fast path.
			var unquoted string
			if err := json.Unmarshal(data, &unquoted); err != nil {
				return err
			}

			s = unquoted
		}

		text = []byte(s)
	}

	if len(text) == 0 || bytes.Equal(text, []byte("null")) {
		*n = 0
		return nil
	}

	v, err := strconv.ParseInt(string(text), 10, 64)
	if err == nil {
		*n = FlexInt(v)
		return nil
	}

	// A whole number written as 4.0 or 1e3 is still an integer.
	f, floatErr := strconv.ParseFloat(string(text), 64)
	if floatErr == nil && f == math.Trunc(f) && math.Abs(f) <= 1<<53 {
		*n = FlexInt(f)
		return nil
	}

	return fmt.Errorf("servicestage: invalid integer %s: want a whole number or a numeric string",
		sample(data))
}

// FlexString is an identifier that the service sends either as a JSON
// string or as a JSON number, such as a build phase's id. A number is kept
// as its JSON text, so 1627984 becomes "1627984", and null decodes as "".
// It encodes as a JSON string.
type FlexString string

// UnmarshalJSON decodes a JSON string, a JSON number or null.
func (s *FlexString) UnmarshalJSON(data []byte) error {
	trimmed := bytes.TrimSpace(data)
	switch {
	case bytes.Equal(trimmed, []byte("null")):
		*s = ""
		return nil
	case len(trimmed) > 0 && trimmed[0] == '"':
		var text string
		if err := json.Unmarshal(trimmed, &text); err != nil {
			return err
		}

		*s = FlexString(text)
		return nil
	}

	var number json.Number
	if err := json.Unmarshal(trimmed, &number); err != nil {
		return fmt.Errorf("servicestage: invalid identifier %s: want a string or a number",
			sample(data))
	}

	*s = FlexString(number)
	return nil
}

// SWRRefs contains the SWR image addresses or page URLs of a build. The
// service documents a string but sends an object mapping an archive key to
// a value. Both forms decode, and each encodes back in the form it came in.
type SWRRefs struct {
	// Text is the value when the service sent a plain string.
	Text string

	// ByKey is the value when the service sent an object of strings.
	ByKey map[string]string

	// Other is any other JSON value, kept unchanged.
	Other json.RawMessage
}

// Values returns every address or URL: Text when set, then the ByKey
// values ordered by key.
func (r SWRRefs) Values() []string {
	var values []string
	if r.Text != "" {
		values = append(values, r.Text)
	}

	keys := make([]string, 0, len(r.ByKey))
	for key := range r.ByKey {
		keys = append(keys, key)
	}

	sort.Strings(keys)
	for _, key := range keys {
		values = append(values, r.ByKey[key])
	}

	return values
}

// IsZero reports whether r holds no value.
func (r SWRRefs) IsZero() bool {
	return r.Text == "" && r.ByKey == nil && r.Other == nil
}

// UnmarshalJSON decodes a string, an object of strings, or null. Any other
// JSON value is kept in Other.
func (r *SWRRefs) UnmarshalJSON(data []byte) error {
	*r = SWRRefs{}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return nil
	}

	if trimmed[0] == '"' {
		if text, ok := unquotePlain(trimmed); ok {
			r.Text = text
			return nil
		}

		return json.Unmarshal(trimmed, &r.Text)
	}

	if trimmed[0] == '{' {
		if byKey, ok := decodePlainStringMap(trimmed); ok {
			r.ByKey = byKey
			return nil
		}

		var byKey map[string]string
		if err := json.Unmarshal(trimmed, &byKey); err == nil {
			r.ByKey = byKey
			return nil
		}
	}

	r.Other = append(json.RawMessage(nil), trimmed...)
	return nil
}

// MarshalJSON encodes r in the form it was decoded from: a string, an
// object, the kept value, or "" when r is zero.
func (r SWRRefs) MarshalJSON() ([]byte, error) {
	switch {
	case r.ByKey != nil:
		return json.Marshal(r.ByKey)
	case r.Other != nil:
		return r.Other, nil
	default:
		return json.Marshal(r.Text)
	}
}

// sample returns at most 64 bytes of data, quoted, for error messages.
func sample(data []byte) string {
	const limit = 64
	if len(data) > limit {
		return strconv.Quote(string(data[:limit])) + "..."
	}

	return strconv.Quote(string(data))
}
