package servicestage_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// logResponse is a log response in the documented shape.
const logResponse = `{
	"buildlog": "[Init] started\n[Init] done\n",
	"next": 27,
	"phase_states": "Successful,Building,NotStarted",
	"phases": "Init,Download,PreProcess"
}`

func TestGetBuildLog_Request(t *testing.T) {
	tests := []struct {
		from  int
		query string
	}{
		{0, "from=0"},
		{27, "from=27"},
	}
	for _, tt := range tests {
		client, api := newMockAPI(t, reply(200, logResponse))

		_, err := client.GetBuildLog(context.Background(), "b/1", tt.from)
		require.NoError(t, err)
		requireRequest(t, api.only(t), "GET", "/assembling/v1/builds/b%2F1/logs", tt.query)
	}
}

func TestGetBuildLog_DecodesResponse(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, logResponse))

	log, err := client.GetBuildLog(context.Background(), "b", 0)
	require.NoError(t, err)

	require.Equal(t, "[Init] started\n[Init] done\n", log.Log)
	require.Equal(t, servicestage.FlexInt(27), log.Next)
	require.Equal(t, servicestage.CommaList[servicestage.BuildState]{
		servicestage.BuildStateSuccessful, servicestage.BuildStateBuilding,
		servicestage.BuildStateNotStarted,
	}, log.PhaseStates)
	require.Equal(t, servicestage.CommaList[servicestage.PhaseName]{
		servicestage.PhaseInit, servicestage.PhaseDownload, servicestage.PhasePreProcess,
	}, log.Phases)
}

func TestBuildLog_PhaseState(t *testing.T) {
	var log servicestage.BuildLog
	require.NoError(t, json.Unmarshal([]byte(logResponse), &log))

	state, ok := log.PhaseState(servicestage.PhaseDownload)
	require.True(t, ok)
	require.Equal(t, servicestage.BuildStateBuilding, state)

	_, ok = log.PhaseState(servicestage.PhaseArtifact)
	require.False(t, ok)
}

func TestGetBuildLog_NegativeOffset(t *testing.T) {
	client, api := newMockAPI(t, reply(200, logResponse))

	_, err := client.GetBuildLog(context.Background(), "b", -1)
	require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
	require.Empty(t, api.all())
}

func TestGetBuildLog_InvalidID(t *testing.T) {
	client, api := newMockAPI(t, reply(200, logResponse))

	_, err := client.GetBuildLog(context.Background(), "", 0)
	require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
	require.Empty(t, api.all())
}

func TestGetBuildLog_Error(t *testing.T) {
	client, _ := newMockAPI(t, reply(400, serviceError))

	_, err := client.GetBuildLog(context.Background(), "b", 0)
	requireServiceError(t, err, "get build log")
}

func TestCommaList_Decode(t *testing.T) {
	tests := []struct {
		name string
		json string
		want servicestage.CommaList[servicestage.PhaseName]
	}{
		{"string", `"Init,Build"`, servicestage.CommaList[servicestage.PhaseName]{"Init", "Build"}},
		{"spaces", `" Init , Build "`,
			servicestage.CommaList[servicestage.PhaseName]{"Init", "Build"}},
		{"empty element keeps its place", `"Init,,Build"`,
			servicestage.CommaList[servicestage.PhaseName]{"Init", "", "Build"}},
		{"empty string", `""`, nil},
		{"null", `null`, nil},
		{"array", `["Init","Build"]`,
			servicestage.CommaList[servicestage.PhaseName]{"Init", "Build"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got servicestage.CommaList[servicestage.PhaseName]
			require.NoError(t, json.Unmarshal([]byte(tt.json), &got))
			require.Equal(t, tt.want, got)
		})
	}
}

func TestCommaList_DecodeInvalid(t *testing.T) {
	for _, text := range []string{`1`, `{}`, `[1,2]`, `true`} {
		var got servicestage.CommaList[servicestage.BuildState]
		require.Error(t, json.Unmarshal([]byte(text), &got), "input %s", text)
	}
}

func TestCommaList_Encode(t *testing.T) {
	list := servicestage.CommaList[servicestage.BuildState]{"Successful", "Building"}

	data, err := json.Marshal(list)
	require.NoError(t, err)
	require.Equal(t, `"Successful,Building"`, string(data))
}

func TestFlexString_Decode(t *testing.T) {
	tests := map[string]servicestage.FlexString{
		`"abc"`:   "abc",
		`1627984`: "1627984",
		`-3.5`:    "-3.5",
		`null`:    "",
	}
	for input, want := range tests {
		var got servicestage.FlexString
		require.NoError(t, json.Unmarshal([]byte(input), &got), "input %s", input)
		require.Equal(t, want, got, "input %s", input)
	}

	var invalid servicestage.FlexString
	require.Error(t, json.Unmarshal([]byte(`{}`), &invalid))
}
