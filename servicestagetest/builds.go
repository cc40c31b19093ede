package servicestagetest

import (
	"bytes"
	"maps"
	"net/http"
	"time"

	"github.com/servicestage-go/servicestage"
)

// Error codes the server responds with. CodeBuildNotFound is the code the
// service's documentation shows.
const (
	CodeBuildNotFound = "SVCSTG.CPE.5004401"

	// NOTE: the service does not publish the code it sends when a final
	// build is cancelled; this one is made up for the fake.
	CodeBuildFinal = "SVCSTG.CPE.5004402"
)

// AddBuild stores a copy of b and returns its id. A build without an id
// gets a random 40-character one, a build without a state is Building, and
// a build without a start time started now.
func (s *Server) AddBuild(b servicestage.Build) string {
	if b.BuildID == "" {
		b.BuildID = newID(40)
	}

	if b.State == "" {
		b.State = servicestage.BuildStateBuilding
	}

	if b.StartedAt.IsZero() {
		b.StartedAt = s.timestamp()
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	stored := cloneBuild(b)
	s.builds[b.BuildID] = &stored
	return b.BuildID
}

// Build returns a copy of the stored build with the given id, and whether
// it exists.
func (s *Server) Build(id string) (servicestage.Build, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()

	b, ok := s.builds[id]
	if !ok {
		return servicestage.Build{}, false
	}

	return cloneBuild(*b), true
}

// cloneBuild returns a deep copy of b, so the caller and the server share
// no map or slice.
func cloneBuild(b servicestage.Build) servicestage.Build {
	b.SWRRepository = cloneRefs(b.SWRRepository)
	b.SWRRepoPage = cloneRefs(b.SWRRepoPage)
	b.ArchiveResult = bytes.Clone(b.ArchiveResult)
	if b.CodeRepoAnatomy != nil {
		anatomy := *b.CodeRepoAnatomy
		b.CodeRepoAnatomy = &anatomy
	}

	if b.OS != nil {
		os := *b.OS
		b.OS = &os
	}

	return b
}

func cloneRefs(r servicestage.SWRRefs) servicestage.SWRRefs {
	r.ByKey = maps.Clone(r.ByKey)
	r.Other = bytes.Clone(r.Other)
	return r
}

// timestamp returns the server's current time as the service writes it:
// UTC, whole seconds.
func (s *Server) timestamp() servicestage.Timestamp {
	return servicestage.NewTimestamp(s.now().UTC().Truncate(time.Second))
}

// cancelBuild moves a build that is not final to Cancel and sets its end
// time.
func (s *Server) cancelBuild(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("build_id")

	s.mu.Lock()
	b, ok := s.builds[id]
	if !ok {
		s.mu.Unlock()
		writeServiceError(w, http.StatusBadRequest, CodeBuildNotFound,
			"build "+id+" does not exist")
		return
	}

	if b.State.IsFinal() {
		state := b.State
		s.mu.Unlock()
		writeServiceError(w, http.StatusBadRequest, CodeBuildFinal,
			"build "+id+" is already "+string(state)+" and cannot be cancelled")
		return
	}

	b.State = servicestage.BuildStateCancel
	b.EndedAt = s.timestamp()
	cancelled := cloneBuild(*b)
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, cancelled)
}
