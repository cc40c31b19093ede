package servicestage_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// phasesResponse is the phases response the service documents, whose ids
// are numbers, with the last id as a string as the table types it.
const phasesResponse = `{
	"total": 6,
	"list": [
		{"id": 1627984, "name": "Init", "state": "Successful"},
		{"id": 1627985, "name": "Download", "state": "Successful"},
		{"id": 1627986, "name": "PreProcess", "state": "Successful"},
		{"id": 1627987, "name": "Build", "state": "Building"},
		{"id": 1627988, "name": "Artifact", "state": "NotStarted"},
		{"id": "1627989", "name": "PostProcess", "state": "NotStarted"}
	]
}`

func TestListBuildPhases_Request(t *testing.T) {
	client, api := newMockAPI(t, reply(200, phasesResponse))

	_, err := client.ListBuildPhases(context.Background(), "b#1")
	require.NoError(t, err)

	requireRequest(t, api.only(t), "GET", "/assembling/v1/builds/b%231/phases", "")
}

func TestListBuildPhases_DecodesResponse(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, phasesResponse))

	list, err := client.ListBuildPhases(context.Background(), "b")
	require.NoError(t, err)

	require.Equal(t, servicestage.FlexInt(6), list.Total)
	require.Equal(t, []servicestage.Phase{
		{ID: "1627984", Name: servicestage.PhaseInit, State: servicestage.BuildStateSuccessful},
		{ID: "1627985", Name: servicestage.PhaseDownload, State: servicestage.BuildStateSuccessful},
		{ID: "1627986", Name: servicestage.PhasePreProcess,
			State: servicestage.BuildStateSuccessful},
		{ID: "1627987", Name: servicestage.PhaseBuild, State: servicestage.BuildStateBuilding},
		{ID: "1627988", Name: servicestage.PhaseArtifact, State: servicestage.BuildStateNotStarted},
		{ID: "1627989", Name: servicestage.PhasePostProcess,
			State: servicestage.BuildStateNotStarted},
	}, list.Phases)
}

func TestListBuildPhases_InvalidPhaseID(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, `{"total": 1, "list": [{"id": true}]}`))

	_, err := client.ListBuildPhases(context.Background(), "b")
	requireDecodeError(t, err, "list build phases")
}

func TestListBuildPhases_Error(t *testing.T) {
	client, _ := newMockAPI(t, reply(400, serviceError))

	_, err := client.ListBuildPhases(context.Background(), "b")
	requireServiceError(t, err, "list build phases")
}

func TestListBuildPhases_InvalidID(t *testing.T) {
	client, api := newMockAPI(t, reply(200, phasesResponse))

	_, err := client.ListBuildPhases(context.Background(), " ")
	require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
	require.Empty(t, api.all())
}
