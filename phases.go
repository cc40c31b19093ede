package servicestage

import (
	"context"
	"net/http"
)

// PhaseName names a phase of a build. Values that this package has no
// constant for are kept as they arrive.
type PhaseName string

// Build phases in the order a build runs them, spelled as the service
// sends them.
const (
	PhaseInit        PhaseName = "Init"
	PhaseDownload    PhaseName = "Download"
	PhasePreProcess  PhaseName = "PreProcess"
	PhaseBuild       PhaseName = "Build"
	PhaseArtifact    PhaseName = "Artifact"
	PhasePostProcess PhaseName = "PostProcess"
)

// Phase is one phase of a build and its state.
type Phase struct {
	// ID identifies the phase. The service sends it as a number although
	// it documents a string, so both decode.
	ID FlexString `json:"id"`

	// Name is the phase, such as PhaseBuild.
	Name PhaseName `json:"name"`

	// State is the phase's state, spelled like a build's.
	State BuildState `json:"state"`
}

// PhaseList is the list of a build's phases.
type PhaseList struct {
	// Total is the number of phases.
	Total FlexInt `json:"total"`

	// Phases are the phases in order.
	Phases []Phase `json:"list"`
}

// ListBuildPhases returns the phases of the build with the given id and
// the state of each. It sends GET /assembling/v1/builds/{build_id}/phases.
// A blank id fails before any request with an error matching
// ErrInvalidArgument.
func (c *Client) ListBuildPhases(ctx context.Context, buildID string) (*PhaseList, error) {
	cl := &call{
		operation: "list build phases",
		method:    http.MethodGet,
		path:      buildPath(buildID) + "/phases",
		buildID:   buildID,
	}
	if err := checkID(cl.operation, "build id", buildID); err != nil {
		return nil, err
	}

	var list PhaseList
	if err := c.do(ctx, cl, &list); err != nil {
		return nil, err
	}

	return &list, nil
}
