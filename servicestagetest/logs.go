package servicestagetest

import (
	"net/http"
	"strconv"

	"github.com/servicestage-go/servicestage"
)

// getBuildLog responds with a build's log from the from offset on, in
// bytes, with next at the end of the log and the state of each phase. A
// build stored with AddBuild has an empty log and no phases.
func (s *Server) getBuildLog(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("build_id")
	now := s.now()
	fromText := r.URL.Query().Get("from")
	from, err := strconv.Atoi(fromText)
	if err != nil || from < 0 {
		writeServiceError(w, http.StatusBadRequest, CodeInvalidRequest,
			"query parameter from="+strconv.Quote(fromText)+" must be an integer of 0 or more")
		return
	}

	s.mu.Lock()
	_, run, ok := s.lookupBuildLocked(id, now)
	log := servicestage.BuildLog{Next: servicestage.FlexInt(from)}
	if run != nil {
		if from < len(run.log) {
			log.Log = string(run.log[from:])
			log.Next = servicestage.FlexInt(len(run.log))
		}

		log.PhaseStates = run.phaseStates()
		log.Phases = phaseOrder[:]
	}
	s.mu.Unlock()

	if !ok {
		writeBuildNotFound(w, id)
		return
	}

	writeJSON(w, http.StatusOK, log)
}

// BuildLog returns the log of a build started through the API as the last
// request that read the build left it, and whether such a build exists. It
// does not read the server's clock.
func (s *Server) BuildLog(buildID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()

	r, ok := s.state().runs[buildID]
	if !ok {
		return "", false
	}

	return string(r.log), true
}
