package servicestagetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/servicestage-go/servicestage"
)

// listJobs responds with one page of jobs in the order they were created,
// filtered by job_name when it is given.
func (s *Server) listJobs(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	page, pageErr := positiveParam(query, "page")
	perPage, perPageErr := positiveParam(query, "per_page")
	if err := errors.Join(pageErr, perPageErr); err != nil {
		writeServiceError(w, http.StatusBadRequest, CodeInvalidRequest,
			strings.ReplaceAll(err.Error(), "\n", "; "))
		return
	}

	filter := strings.ToLower(query.Get("job_name"))

	s.mu.Lock()
	st := s.state()
	var matched []servicestage.JobSummary
	for _, id := range st.jobOrder {
		name := st.jobs[id].job.Spec.JobName
		if strings.Contains(strings.ToLower(name), filter) {
			matched = append(matched, servicestage.JobSummary{JobID: id, JobName: name})
		}
	}
	s.mu.Unlock()

	first := min((page-1)*perPage, len(matched))
	last := min(first+perPage, len(matched))
	writeJSON(w, http.StatusOK, servicestage.JobList{
		Total:   servicestage.FlexInt(len(matched)),
		Page:    servicestage.FlexInt(page),
		PerPage: servicestage.FlexInt(perPage),
		Jobs:    append([]servicestage.JobSummary{}, matched[first:last]...),
	})
}

// positiveParam reads a required query parameter that must be a positive
// integer.
func positiveParam(query url.Values, name string) (int, error) {
	if !query.Has(name) {
		return 0, fmt.Errorf("query parameter %s is required", name)
	}

	n, err := strconv.Atoi(query.Get(name))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("query parameter %s=%q must be a positive integer", name,
			query.Get(name))
	}

	return n, nil
}

// createJob stores a new job from the request body and responds with its
// id.
func (s *Server) createJob(w http.ResponseWriter, r *http.Request) {
	spec, ok := readJobSpec(w, r)
	if !ok {
		return
	}

	s.mu.Lock()
	if other := s.jobNamedLocked(spec.JobName); other != "" {
		s.mu.Unlock()
		writeServiceError(w, http.StatusBadRequest, CodeJobNameExists,
			"job name "+spec.JobName+" is already used by job "+other)
		return
	}

	id := s.addJobLocked(spec)
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, map[string]string{"job_id": id})
}

// getJob responds with a job.
func (s *Server) getJob(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("job_id")

	s.mu.Lock()
	job, ok := s.state().jobs[id]
	var copied servicestage.Job
	if ok {
		copied = cloneJob(job.job)
	}
	s.mu.Unlock()

	if !ok {
		writeJobNotFound(w, id)
		return
	}

	writeJSON(w, http.StatusOK, copied)
}

// updateJob replaces a job's spec with the request body and responds with
// the updated job.
//
// NOTE: the service does not publish its update response; this one is the
// job as a get request returns it.
func (s *Server) updateJob(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("job_id")
	spec, ok := readJobSpec(w, r)
	if !ok {
		return
	}

	s.mu.Lock()
	job, ok := s.state().jobs[id]
	if !ok {
		s.mu.Unlock()
		writeJobNotFound(w, id)
		return
	}

	if other := s.jobNamedLocked(spec.JobName); other != "" && other != id {
		s.mu.Unlock()
		writeServiceError(w, http.StatusBadRequest, CodeJobNameExists,
			"job name "+spec.JobName+" is already used by job "+other)
		return
	}

	job.job.Spec = cloneSpec(spec)
	job.job.EnterpriseProjectID = spec.EnterpriseProjectID
	updated := cloneJob(job.job)
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, updated)
}

// deleteJob removes a job and responds 204 with no body. Its builds stay.
func (s *Server) deleteJob(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("job_id")

	s.mu.Lock()
	st := s.state()
	_, ok := st.jobs[id]
	if ok {
		delete(st.jobs, id)
		for i, other := range st.jobOrder {
			if other == id {
				st.jobOrder = append(st.jobOrder[:i], st.jobOrder[i+1:]...)
				break
			}
		}
	}
	s.mu.Unlock()

	if !ok {
		writeJobNotFound(w, id)
		return
	}

	w.WriteHeader(http.StatusNoContent)
}

// readJobSpec decodes and checks the job spec in a request body, and
// responds 400 when it is invalid.
func readJobSpec(w http.ResponseWriter, r *http.Request) (servicestage.JobSpec, bool) {
	var spec servicestage.JobSpec
	body := http.MaxBytesReader(w, r.Body, maxBodyBytes)
	if err := json.NewDecoder(body).Decode(&spec); err != nil {
		writeServiceError(w, http.StatusBadRequest, CodeInvalidRequest,
			"request body is not a valid job: "+err.Error())
		return spec, false
	}

	if message := checkJobSpec(spec); message != "" {
		writeServiceError(w, http.StatusBadRequest, CodeInvalidRequest, message)
		return spec, false
	}

	return spec, true
}

// writeJobNotFound responds to a request for a job id that does not exist.
func writeJobNotFound(w http.ResponseWriter, id string) {
	writeServiceError(w, http.StatusBadRequest, CodeJobNotFound, "job "+id+" does not exist")
}
