package servicestagetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/servicestage-go/servicestage"
)

// getBuild responds with a build as it is at the server's current time.
func (s *Server) getBuild(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("build_id")
	now := s.now()

	s.mu.Lock()
	b, _, ok := s.lookupBuildLocked(id, now)
	s.mu.Unlock()

	if !ok {
		writeBuildNotFound(w, id)
		return
	}

	writeJSON(w, http.StatusOK, b)
}

// listBuilds responds with the builds of a job, newest first. Like the service,
// it requires the job's name in the name query parameter.
func (s *Server) listBuilds(w http.ResponseWriter, r *http.Request) {
	jobID := r.PathValue("job_id")
	name := r.URL.Query().Get("name")
	now := s.now()

	s.mu.Lock()
	job, ok := s.state().jobs[jobID]
	if !ok {
		s.mu.Unlock()
		writeJobNotFound(w, jobID)
		return
	}

	if jobName := job.job.Spec.JobName; !strings.EqualFold(name, jobName) {
		s.mu.Unlock()
		writeServiceError(w, http.StatusBadRequest, CodeInvalidRequest,
			fmt.Sprintf("query parameter name=%q does not match job %s, named %s", name,
				jobID, jobName))
		return
	}

	list := s.buildListLocked(jobID, now)
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, list)
}

// buildListLocked returns the list of a job's builds at now. The caller
// holds s.mu.
func (s *Server) buildListLocked(jobID string, now time.Time) servicestage.BuildList {
	var builds []servicestage.Build
	for id, b := range s.builds {
		if b.JobID == jobID {
			build, _, _ := s.lookupBuildLocked(id, now)
			builds = append(builds, build)
		}
	}

	sort.Slice(builds, func(i, j int) bool {
		if builds[i].Index != builds[j].Index {
			return builds[i].Index > builds[j].Index
		}

		return builds[i].BuildID < builds[j].BuildID
	})

	list := servicestage.BuildList{
		Total:   servicestage.FlexInt(len(builds)),
		Page:    1,
		PerPage: servicestage.FlexInt(max(len(builds), 20)),
		Builds:  []servicestage.BuildSummary{},
	}
	for _, b := range builds {
		if b.State.IsFinal() {
			list.Finished++
		}

		if b.State == servicestage.BuildStateSuccessful {
			list.Successful++
		}

		list.Builds = append(list.Builds, servicestage.BuildSummary{
			BuildID:         b.BuildID,
			State:           b.State,
			DurationSeconds: s.durationLocked(b),
		})
	}

	return list
}

// durationLocked returns how long a build has run, in seconds. The caller
// holds s.mu.
func (s *Server) durationLocked(b servicestage.Build) servicestage.FlexInt {
	if r := s.state().runs[b.BuildID]; r != nil {
		return servicestage.FlexInt(r.elapsed())
	}

	if b.EndedAt.Valid() && b.StartedAt.Valid() {
		return servicestage.FlexInt(b.EndedAt.Time().Sub(b.StartedAt.Time()).Seconds())
	}

	return 0
}

// phaseEntry is one phase in the phases response. Its id is a JSON
// number, as the service sends it.
type phaseEntry struct {
	ID    int64                   `json:"id"`
	Name  servicestage.PhaseName  `json:"name"`
	State servicestage.BuildState `json:"state"`
}

// listBuildPhases responds with the phases of a build and their states. A build
// stored with AddBuild has no phases.
func (s *Server) listBuildPhases(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("build_id")
	now := s.now()

	s.mu.Lock()
	_, run, ok := s.lookupBuildLocked(id, now)
	phases := []phaseEntry{}
	if run != nil {
		for i, state := range run.phaseStates() {
			phases = append(phases, phaseEntry{ID: run.phaseIDs[i], Name: phaseOrder[i],
				State: state})
		}
	}
	s.mu.Unlock()

	if !ok {
		writeBuildNotFound(w, id)
		return
	}

	writeJSON(w, http.StatusOK, map[string]any{"total": len(phases), "list": phases})
}

// SetBuildResults sets the document that the results endpoint returns for
// a build. It must be a JSON object.
func (s *Server) SetBuildResults(buildID string, results json.RawMessage) error {
	var object map[string]json.RawMessage
	if err := json.Unmarshal(results, &object); err != nil || object == nil {
		return fmt.Errorf("servicestagetest: results for build %q are not a JSON object", buildID)
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	if _, ok := s.builds[buildID]; !ok {
		return fmt.Errorf("servicestagetest: build %q does not exist", buildID)
	}

	s.state().results[buildID] = append(json.RawMessage(nil), results...)
	return nil
}

// getBuildResults responds with what SetBuildResults set for a build. Otherwise
// a build that ended Successful has a check result in the shape of the
// service's documentation example, with no errors found, and any other
// build has {}.
func (s *Server) getBuildResults(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("build_id")
	now := s.now()

	s.mu.Lock()
	b, _, ok := s.lookupBuildLocked(id, now)
	results, set := s.state().results[id]
	s.mu.Unlock()

	switch {
	case !ok:
		writeBuildNotFound(w, id)
	case set:
		writeJSON(w, http.StatusOK, results)
	case b.State == servicestage.BuildStateSuccessful:
		writeJSON(w, http.StatusOK, checkResults(b))
	default:
		writeJSON(w, http.StatusOK, json.RawMessage(`{}`))
	}
}

// checkResults returns a check result with no errors for a build.
func checkResults(b servicestage.Build) map[string]any {
	count := map[string]any{"build_id": b.BuildID, "build_order": b.Index, "total_count": 0}
	return map[string]any{
		"checkstyle": map[string]any{
			"static": map[string]any{"count_info": []any{count}},
		},
	}
}
