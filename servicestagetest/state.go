package servicestagetest

import (
	"encoding/json"

	"github.com/servicestage-go/servicestage"
)

// fakeState holds the server's jobs, the runs of the builds it started and
// its settings. The Server's mu guards every field.
type fakeState struct {
	schedule    Schedule
	jobs        map[string]*jobRecord
	jobOrder    []string
	runs        map[string]*run
	results     map[string]json.RawMessage
	baseImages  servicestage.BaseImages
	nextPhaseID int64
}

// newFakeState returns the state of a new server.
func newFakeState() *fakeState {
	return &fakeState{
		schedule:    DefaultSchedule(),
		jobs:        make(map[string]*jobRecord),
		runs:        make(map[string]*run),
		results:     make(map[string]json.RawMessage),
		baseImages:  defaultBaseImages(),
		nextPhaseID: 1627984,
	}
}

// state returns the server's fakeState. Callers hold s.mu while they read
// or change it.
func (s *Server) state() *fakeState { return s.fake }
