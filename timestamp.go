package servicestage

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// GoTimeLayout is the layout of Go's time.Time.String, in which the service
// writes its timestamps, such as "2025-11-14 08:00:42 +0000 UTC".
const GoTimeLayout = "2006-01-02 15:04:05.999999999 -0700 MST"

// timestampLayouts are tried in order when a timestamp is decoded. Parsing
// accepts fractional seconds after the seconds field in every layout.
var timestampLayouts = []string{
	GoTimeLayout,
	// time.String writes the offset twice for a zone without a name.
	"2006-01-02 15:04:05.999999999 -0700 -0700",
	"2006-01-02 15:04:05.999999999 MST",
	time.RFC3339Nano,
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
}

// monotonicSuffix matches the monotonic clock reading that time.String
// appends to a time read from time.Now, such as " m=+0.000123".
var monotonicSuffix = regexp.MustCompile(` m=[+-]\d+(\.\d+)?$`)

// Timestamp is a point in time as the service sent it. It keeps the text it
// was decoded from, so a value in a layout this package does not know is
// still retrievable through Raw, and it encodes back to that same text.
// The zero Timestamp means "not set", which the service sends as "".
type Timestamp struct {
	time     time.Time
	raw      string
	isNumber bool
}

// NewTimestamp returns a Timestamp for t, written in GoTimeLayout as the
// service writes its own timestamps.
func NewTimestamp(t time.Time) Timestamp {
	if t.IsZero() {
		return Timestamp{}
	}

	return Timestamp{time: t, raw: t.Format(GoTimeLayout)}
}

// ParseTimestamp reads text in any layout the service is known to use and
// returns ok false, with the text kept, when none matches.
func ParseTimestamp(text string) (ts Timestamp, ok bool) {
	ts.raw = text
	// The pattern allocates even when it does not match, so it runs only
	// on text that contains its fixed part.
	trimmed := text
	if strings.Contains(text, " m=") {
		trimmed = monotonicSuffix.ReplaceAllString(text, "")
	}

	trimmed = strings.TrimSpace(trimmed)
	if trimmed == "" {
		return ts, true
	}

	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, trimmed); err == nil {
			ts.time = t
			return ts, true
		}
	}

	return ts, false
}

// Time returns the instant, or the zero time.Time when the timestamp is
// not set or its text is in no known layout.
func (ts Timestamp) Time() time.Time { return ts.time }

// Raw returns the text the timestamp was decoded from.
func (ts Timestamp) Raw() string { return ts.raw }

// IsZero reports whether the timestamp is not set.
func (ts Timestamp) IsZero() bool { return ts.raw == "" && ts.time.IsZero() }

// Valid reports whether the timestamp is set and was read as a time.
func (ts Timestamp) Valid() bool { return !ts.time.IsZero() }

// String returns the text the timestamp was decoded from.
func (ts Timestamp) String() string { return ts.raw }

// UnmarshalJSON decodes a string in a known layout, "", null, or a number
// of Unix seconds or milliseconds. Text in no known layout is kept in Raw
// and does not fail decoding.
func (ts *Timestamp) UnmarshalJSON(data []byte) error {
	*ts = Timestamp{}
	if bytes.Equal(data, []byte("null")) {
		return nil
	}

	if len(data) > 0 && data[0] != '"' {
		return ts.unmarshalNumber(data)
	}

	text, ok := unquotePlain(data)
	if !ok {
		// A separate variable keeps text off the heap on the fast path.
		var unquoted string
		if err := json.Unmarshal(data, &unquoted); err != nil {
			return err
		}

		text = unquoted
	}

	*ts, _ = ParseTimestamp(text)
	return nil
}

// unmarshalNumber reads Unix seconds, or milliseconds when the number is
// too large to be seconds before the year 5000.
func (ts *Timestamp) unmarshalNumber(data []byte) error {
	ts.raw = string(data)
	ts.isNumber = true
	n, err := strconv.ParseInt(string(data), 10, 64)
	if err != nil {
		return nil
	}

	const maxSeconds = 95617584000 // 5000-01-01T00:00:00Z
	if n > maxSeconds {
		ts.time = time.UnixMilli(n).UTC()
	} else if n > 0 {
		ts.time = time.Unix(n, 0).UTC()
	}

	return nil
}

// MarshalJSON encodes the text the timestamp was decoded from, so a
// decoded Build encodes back as it arrived. A number stays a number.
func (ts Timestamp) MarshalJSON() ([]byte, error) {
	if ts.isNumber {
		return []byte(ts.raw), nil
	}

	return json.Marshal(ts.raw)
}
