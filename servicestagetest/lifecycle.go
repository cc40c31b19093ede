package servicestagetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/servicestage-go/servicestage"
)

// startBuild starts a build of a job, which then runs on the server's
// clock by the job's schedule.
func (s *Server) startBuild(w http.ResponseWriter, r *http.Request) {
	jobID := r.PathValue("job_id")
	now := s.now()

	s.mu.Lock()
	st := s.state()
	job, ok := st.jobs[jobID]
	if !ok {
		s.mu.Unlock()
		writeJobNotFound(w, jobID)
		return
	}

	job.builds++
	build := newBuild(job, job.builds, now)
	title := fmt.Sprintf("Build #%d of job %s", job.builds, job.job.Spec.JobName)
	st.runs[build.BuildID] = newRun(title, now, job.schedule.clone(), st.nextPhaseID)
	st.nextPhaseID += int64(len(phaseOrder))
	job.job.LastBuildID = build.BuildID
	s.builds[build.BuildID] = &build
	stored := s.syncBuildLocked(build.BuildID)
	started := startedBuild(stored)
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, started)
}

// newBuild returns the Build record of build number index of job.
func newBuild(job *jobRecord, index int, now time.Time) servicestage.Build {
	spec := job.job.Spec
	build := servicestage.Build{
		BuildID:             newID(40),
		JobID:               job.job.JobID,
		JobName:             spec.JobName,
		EnterpriseProjectID: spec.EnterpriseProjectID,
		Index:               servicestage.FlexInt(index),
		StartedAt:           timestampAt(now),
		State:               servicestage.BuildStateQueuing,
		Type:                servicestage.BuildTypeUser,
		Creator:             fakeUser,
		ArchiveResult:       json.RawMessage(`{}`),
	}
	if repo := spec.CodeRepo; repo != nil {
		build.RepoType, build.Repo, build.Branch = repo.Type, repo.URL, repo.Branch
	}

	if buildOS := spec.EnvironmentSetting.BuildOS; buildOS != nil {
		build.OS = &servicestage.OS{Arch: buildOS.Arch}
	}

	return build
}

// startedBuild returns the start build response for a build.
func startedBuild(b servicestage.Build) servicestage.StartedBuild {
	return servicestage.StartedBuild{
		BuildID:   b.BuildID,
		JobID:     b.JobID,
		JobName:   b.JobName,
		Index:     b.Index,
		StartedAt: b.StartedAt,
		EndedAt:   b.EndedAt,
		State:     b.State,
		Progress:  "0",
		CommitID:  b.CommitID,
		Committer: b.Committer,
	}
}

// lookupBuildLocked moves the build with the given id to now and returns a
// copy of it, and its run when it was started through the API. The caller
// holds s.mu.
func (s *Server) lookupBuildLocked(id string, now time.Time) (servicestage.Build, *run, bool) {
	if _, ok := s.builds[id]; !ok {
		return servicestage.Build{}, nil, false
	}

	r := s.state().runs[id]
	if r != nil {
		r.advance(now)
	}

	return s.syncBuildLocked(id), r, true
}

// syncBuildLocked copies the state and end time of the build's run, if it
// has one, into the stored build, and returns a copy of it. The caller
// holds s.mu.
func (s *Server) syncBuildLocked(id string) servicestage.Build {
	b := s.builds[id]
	if r := s.state().runs[id]; r != nil {
		b.State = r.state()
		if r.ended {
			b.EndedAt = timestampAt(r.endedAt)
		}
	}

	return cloneBuild(*b)
}

// timestampAt returns t as the service writes it: UTC, whole seconds.
func timestampAt(t time.Time) servicestage.Timestamp {
	return servicestage.NewTimestamp(t.UTC().Truncate(time.Second))
}

// writeBuildNotFound responds to a request for a build id that does not
// exist.
func writeBuildNotFound(w http.ResponseWriter, id string) {
	writeServiceError(w, http.StatusBadRequest, CodeBuildNotFound,
		"build "+id+" does not exist")
}
