package servicestage

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUnquotePlain(t *testing.T) {
	t.Parallel()

	cases := []struct {
		data   string
		want   string
		wantOK bool
	}{
		{`"2025-11-14 08:00:42 +0000 UTC"`, "2025-11-14 08:00:42 +0000 UTC", true},
		{`""`, "", true},
		{`"构建 é"`, "构建 é", true},
		{`"a\"b"`, "", false},
		{`"a\nb"`, "", false},
		{`"\u00e9"`, "", false},
		{"\"a\tb\"", "", false},
		{"\"\xff\"", "", false},
		{`"open`, "", false},
		{`"a"x`, "", false},
		{` "a"`, "", false},
		{`abc`, "", false},
		{``, "", false},
	}
	for _, tc := range cases {
		got, ok := unquotePlain([]byte(tc.data))
		assert.Equal(t, tc.wantOK, ok, "ok for %q", tc.data)
		assert.Equal(t, tc.want, got, "text for %q", tc.data)
	}
}

// FuzzPlainJSON checks that whenever unquotePlain accepts an input,
// encoding/json accepts it too and returns the same value.
func FuzzPlainJSON(f *testing.F) {
	f.Add([]byte(`"2025-11-14 08:00:42 +0000 UTC"`))
	f.Add([]byte("\"\xe6\x9e\x84\""))
	f.Add([]byte("\"\xff\""))
	f.Add([]byte(`"a\"b"`))

	f.Fuzz(func(t *testing.T, data []byte) {
		if text, ok := unquotePlain(data); ok {
			var want string
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatalf("unquotePlain accepted %q, which encoding/json rejects: %v", data, err)
			}

			if text != want {
				t.Fatalf("unquotePlain(%q) = %q, encoding/json gives %q", data, text, want)
			}
		}
	})
}
