package servicestage_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

func TestBuildState_IsFinal(t *testing.T) {
	t.Parallel()

	cases := map[servicestage.BuildState]bool{
		servicestage.BuildStateNotStarted: false,
		servicestage.BuildStateQueuing:    false,
		servicestage.BuildStateBuilding:   false,
		servicestage.BuildStatePushing:    false,
		servicestage.BuildStateSuccessful: true,
		servicestage.BuildStateFailed:     true,
		servicestage.BuildStateTimeout:    true,
		servicestage.BuildStateCancel:     true,
		servicestage.BuildStateDeleted:    true,
		"Archiving":                       false,
		"":                                false,
	}
	for state, final := range cases {
		assert.Equal(t, final, state.IsFinal(), "state %q", state)
	}
}

func TestBuild_UnknownStateKept(t *testing.T) {
	t.Parallel()

	var b servicestage.Build
	require.NoError(t, json.Unmarshal([]byte(`{"build_id": "b", "build_state": "Archiving"}`), &b))

	assert.Equal(t, servicestage.BuildState("Archiving"), b.State)
}

func TestBuild_IndexForms(t *testing.T) {
	t.Parallel()

	cases := map[string]servicestage.FlexInt{
		`4`:      4,
		`"4"`:    4,
		`"17"`:   17,
		`""`:     0,
		`null`:   0,
		`-1`:     -1,
		`4.0`:    4,
		`1e3`:    1000,
		`"12.0"`: 12,
	}
	for raw, want := range cases {
		var b servicestage.Build
		require.NoError(t, json.Unmarshal([]byte(`{"index": `+raw+`}`), &b), raw)
		assert.Equal(t, want, b.Index, raw)
	}
}

func TestBuild_InvalidIndex(t *testing.T) {
	t.Parallel()

	for _, raw := range []string{`"four"`, `4.5`, `true`, `"4 "`, `1e300`, `99999999999999999999`} {
		var b servicestage.Build
		err := json.Unmarshal([]byte(`{"index": `+raw+`}`), &b)
		require.Error(t, err, raw)
		assert.Contains(t, err.Error(), "invalid integer", raw)
	}
}

func TestFlexInt_MarshalsNumber(t *testing.T) {
	t.Parallel()

	encoded, err := json.Marshal(servicestage.FlexInt(12))
	require.NoError(t, err)
	assert.Equal(t, `12`, string(encoded))
}

func TestSWRRefs_Forms(t *testing.T) {
	t.Parallel()

	cases := []struct {
		raw    string
		text   string
		byKey  map[string]string
		other  string
		values []string
	}{
		{raw: `"swr.test/ns/app:1"`, text: "swr.test/ns/app:1",
			values: []string{"swr.test/ns/app:1"}},
		{raw: `{"b": "img-b", "a": "img-a"}`, byKey: map[string]string{"a": "img-a", "b": "img-b"},
			values: []string{"img-a", "img-b"}},
		{raw: `{}`, byKey: map[string]string{}},
		{raw: `null`},
		{raw: `""`},
		{raw: `["x", "y"]`, other: `["x", "y"]`},
		{raw: `{"a": 1}`, other: `{"a": 1}`},
	}
	for _, tc := range cases {
		var b servicestage.Build
		require.NoError(t, json.Unmarshal([]byte(`{"swr_repository": `+tc.raw+`}`), &b), tc.raw)

		refs := b.SWRRepository
		assert.Equal(t, tc.text, refs.Text, tc.raw)
		assert.Equal(t, tc.byKey, refs.ByKey, tc.raw)
		assert.Equal(t, tc.other, string(refs.Other), tc.raw)
		assert.Equal(t, tc.values, refs.Values(), tc.raw)
	}
}

func TestSWRRefs_RoundTrip(t *testing.T) {
	t.Parallel()

	for _, raw := range []string{`"swr.test/a:1"`, `{"k":"v"}`, `["x"]`, `""`, `{}`} {
		var refs servicestage.SWRRefs
		require.NoError(t, json.Unmarshal([]byte(raw), &refs), raw)

		encoded, err := json.Marshal(refs)
		require.NoError(t, err)
		assert.JSONEq(t, raw, string(encoded), raw)
	}
}

func TestBuild_ArchiveResultKept(t *testing.T) {
	t.Parallel()
	raw := `{"build_id": "b", "archive_result": {"obs": {"path": "obs://x", "size": 12}, "n": [1]}}`

	var b servicestage.Build
	require.NoError(t, json.Unmarshal([]byte(raw), &b))
	assert.JSONEq(t, `{"obs": {"path": "obs://x", "size": 12}, "n": [1]}`, string(b.ArchiveResult))

	encoded, err := json.Marshal(b)
	require.NoError(t, err)

	var again servicestage.Build
	require.NoError(t, json.Unmarshal(encoded, &again))
	assert.JSONEq(t, string(b.ArchiveResult), string(again.ArchiveResult))
}

func TestBuild_CodeRepoAnatomy(t *testing.T) {
	t.Parallel()
	raw := `{"code_repo_anatomy": {"name": "demo", "archiveURL": "obs://bucket/demo.zip"}}`

	var b servicestage.Build
	require.NoError(t, json.Unmarshal([]byte(raw), &b))

	require.NotNil(t, b.CodeRepoAnatomy)
	assert.Equal(t, "demo", b.CodeRepoAnatomy.Name)
	assert.Equal(t, "obs://bucket/demo.zip", b.CodeRepoAnatomy.ArchiveURL)
}

func TestTimestamp_Layouts(t *testing.T) {
	t.Parallel()
	want := time.Date(2025, 11, 14, 8, 0, 42, 0, time.UTC)

	cases := map[string]time.Time{
		"2025-11-14 08:00:42 +0000 UTC":                     want,
		"2025-11-14 16:00:42 +0800 CST":                     want,
		"2025-11-14 08:00:42.5 +0000 UTC":                   want.Add(500 * time.Millisecond),
		"2025-11-14 08:00:42.123456789 +0000 UTC m=+0.0123": want.Add(123456789),
		"2025-11-14T08:00:42Z":                              want,
		"2025-11-14T16:00:42+08:00":                         want,
		"2025-11-14T08:00:42.250Z":                          want.Add(250 * time.Millisecond),
		"2025-11-14 08:00:42 +0000":                         want,
		"2025-11-14 08:00:42":                               want,
		"2025-11-14T08:00:42":                               want,
		"2025-11-14 08:00:42.75":                            want.Add(750 * time.Millisecond),
		"2025-11-14 16:00:42 +0800 +0800":                   want,
		"2025-11-14 08:00:42 UTC":                           want,
	}
	for text, instant := range cases {
		ts, ok := servicestage.ParseTimestamp(text)
		require.True(t, ok, text)
		assert.True(t, ts.Valid(), text)
		assert.True(t, instant.Equal(ts.Time()), "%s: got %v", text, ts.Time())
		assert.Equal(t, text, ts.Raw())
	}
}

func TestTimestamp_UnknownLayoutKept(t *testing.T) {
	t.Parallel()

	var b servicestage.Build
	err := json.Unmarshal([]byte(`{"build_id": "b", "started_at": "14/11/2025 8am"}`), &b)
	require.NoError(t, err)

	assert.Equal(t, "b", b.BuildID)
	assert.Equal(t, "14/11/2025 8am", b.StartedAt.Raw())
	assert.Equal(t, "14/11/2025 8am", b.StartedAt.String())
	assert.False(t, b.StartedAt.Valid())
	assert.False(t, b.StartedAt.IsZero())
	assert.True(t, b.StartedAt.Time().IsZero())
}

func TestTimestamp_EmptyAndNull(t *testing.T) {
	t.Parallel()

	for _, raw := range []string{`""`, `null`, `"  "`} {
		var ts servicestage.Timestamp
		require.NoError(t, json.Unmarshal([]byte(raw), &ts), raw)
		assert.False(t, ts.Valid(), raw)
		assert.True(t, ts.Time().IsZero(), raw)
	}

	var ts servicestage.Timestamp
	require.NoError(t, json.Unmarshal([]byte(`""`), &ts))
	assert.True(t, ts.IsZero())
}

func TestTimestamp_UnixNumbers(t *testing.T) {
	t.Parallel()
	want := time.Date(2025, 11, 14, 8, 0, 42, 0, time.UTC)

	cases := map[string]time.Time{
		"1763107242":    want,
		"1763107242000": want,
		"0":             {},
	}
	for raw, instant := range cases {
		var ts servicestage.Timestamp
		require.NoError(t, json.Unmarshal([]byte(raw), &ts), raw)
		assert.True(t, instant.Equal(ts.Time()), "%s: got %v", raw, ts.Time())

		encoded, err := json.Marshal(ts)
		require.NoError(t, err)
		assert.Equal(t, raw, string(encoded))
	}
}

func TestTimestamp_InvalidJSON(t *testing.T) {
	t.Parallel()

	var ts servicestage.Timestamp
	require.Error(t, ts.UnmarshalJSON([]byte(`"unterminated`)))
}

func TestTimestamp_MarshalsOriginalText(t *testing.T) {
	t.Parallel()

	for _, text := range []string{
		"2025-11-14 08:00:42 +0000 UTC", "2025-11-14T16:00:42+08:00", "someday", "",
	} {
		ts, _ := servicestage.ParseTimestamp(text)

		encoded, err := json.Marshal(ts)
		require.NoError(t, err)

		var back string
		require.NoError(t, json.Unmarshal(encoded, &back))
		assert.Equal(t, text, back)
	}
}

func TestNewTimestamp(t *testing.T) {
	t.Parallel()
	instant := time.Date(2025, 11, 14, 8, 0, 42, 0, time.UTC)

	ts := servicestage.NewTimestamp(instant)
	assert.Equal(t, "2025-11-14 08:00:42 +0000 UTC", ts.Raw())
	assert.True(t, instant.Equal(ts.Time()))

	unnamed := time.Date(2025, 11, 14, 16, 0, 42, 500, time.FixedZone("", 8*3600))
	parsed, ok := servicestage.ParseTimestamp(servicestage.NewTimestamp(unnamed).Raw())
	require.True(t, ok)
	assert.True(t, unnamed.Equal(parsed.Time()))

	zero := servicestage.NewTimestamp(time.Time{})
	assert.True(t, zero.IsZero())
	assert.Equal(t, "", zero.Raw())
}
