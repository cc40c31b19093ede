package servicestage

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

func TestDecodePlainStringMap(t *testing.T) {
	t.Parallel()

	cases := []struct {
		data string
		want map[string]string
	}{
		{`{"1754123329469": "test.com/test/test-0802-1:afdafds"}`,
			map[string]string{"1754123329469": "test.com/test/test-0802-1:afdafds"}},
		{" {\n\t\"a\" :\"1\" , \"b\":\"2\"\r} ", map[string]string{"a": "1", "b": "2"}},
		{`{"a": "1", "a": "2"}`, map[string]string{"a": "2"}},
		{`{}`, map[string]string{}},
		{`{ }`, map[string]string{}},
	}
	for _, tc := range cases {
		got, ok := decodePlainStringMap([]byte(tc.data))
		require.True(t, ok, tc.data)
		assert.Equal(t, tc.want, got, tc.data)
		assert.NotNil(t, got, tc.data)
	}
}

func TestDecodePlainStringMap_Declines(t *testing.T) {
	t.Parallel()

	for _, data := range []string{
		`{"a": 1}`,
		`{"a": null}`,
		`{"a": "x\/y"}`,
		`{"a\u0062": "x"}`,
		`{"a": "1",}`,
		`{"a": "1"} x`,
		`{"a" "1"}`,
		`{"a": "1"`,
		`{,}`,
		`{`,
		`["a"]`,
		`"a"`,
		"{\"a\":\f\"1\"}",
		``,
	} {
		got, ok := decodePlainStringMap([]byte(data))
		assert.False(t, ok, data)
		assert.Nil(t, got, data)
	}
}

// FuzzPlainJSON checks that whenever unquotePlain or decodePlainStringMap
// accepts an input, encoding/json accepts it too and returns the same value.
func FuzzPlainJSON(f *testing.F) {
	f.Add([]byte(`"2025-11-14 08:00:42 +0000 UTC"`))
	f.Add([]byte("\"\xe6\x9e\x84\""))
	f.Add([]byte("\"\xff\""))
	f.Add([]byte(`"a\"b"`))
	f.Add([]byte(`{"1754123329469": "test.com/test/test-0802-1:afdafds"}`))
	f.Add([]byte(`{"a": "1", "a": "2", "b": ""}`))
	f.Add([]byte("{\"\xe6\x9e\x84\": \"\xff\"}"))
	f.Add([]byte(`{"a": "1"} `))

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

		if values, ok := decodePlainStringMap(data); ok {
			var want map[string]string
			if err := json.Unmarshal(data, &want); err != nil {
				t.Fatalf("decodePlainStringMap accepted %q, which encoding/json rejects: %v",
					data, err)
			}

			if !assert.ObjectsAreEqual(want, values) {
				t.Fatalf("decodePlainStringMap(%q) = %v, encoding/json gives %v", data, values, want)
			}
		}
	})
}
