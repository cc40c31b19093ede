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

	// CodeBuildFinal is the code the server sends when asked to cancel a
	// build that has already ended.
	//
	// NOTE: the service does not publish the code it sends in that case,
	// so this one is made up for the fake.
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
// time. A build started through the API stops running, and its log ends
// with the cancellation.
func (s *Server) cancelBuild(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("build_id")
	now := s.now()

	s.mu.Lock()
	b, run, ok := s.lookupBuildLocked(id, now)
	if !ok {
		s.mu.Unlock()
		writeBuildNotFound(w, id)
		return
	}

	if b.State.IsFinal() {
		s.mu.Unlock()
		writeServiceError(w, http.StatusBadRequest, CodeBuildFinal,
			"build "+id+" is already "+string(b.State)+" and cannot be cancelled")
		return
	}

	stored := s.builds[id]
	if run != nil {
		run.cancel(now)
		stored.EndedAt = timestampAt(run.endedAt)
	} else {
		stored.EndedAt = timestampAt(now)
	}

	stored.State = servicestage.BuildStateCancel
	cancelled := cloneBuild(*stored)
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, cancelled)
}
