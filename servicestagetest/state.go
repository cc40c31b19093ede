package servicestagetest

import (
	"encoding/json"
	"sync"

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

// states maps each Server to its fakeState.
//
// TODO: move fakeState into a Server field. Until then a closed Server's
// state stays in memory for the life of the process.
var (
	statesMu sync.Mutex
	states   = make(map[*Server]*fakeState)
)

// state returns the server's fakeState, creating it on first use. Callers
// hold s.mu while they read or change it.
func (s *Server) state() *fakeState {
	statesMu.Lock()
	defer statesMu.Unlock()

	st, ok := states[s]
	if !ok {
		st = &fakeState{
			schedule:    DefaultSchedule(),
			jobs:        make(map[string]*jobRecord),
			runs:        make(map[string]*run),
			results:     make(map[string]json.RawMessage),
			baseImages:  defaultBaseImages(),
			nextPhaseID: 1627984,
		}
		states[s] = st
	}

	return st
}
