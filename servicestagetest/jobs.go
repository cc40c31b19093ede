package servicestagetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/servicestage-go/servicestage"
)

// fakeUser is the user the server records as the creator of jobs and
// builds.
const fakeUser = "servicestagetest"

// maxBodyBytes limits the size of a request body the server reads.
const maxBodyBytes = 1 << 20

// jobNameRule is the service's rule for job names: 2 to 64 letters,
// digits, '-' and '_', starting with a letter and ending with a letter or
// digit.
var jobNameRule = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,62}[A-Za-z0-9]$`)

// jobRecord is a stored job with the schedule of its builds.
type jobRecord struct {
	job      servicestage.Job
	schedule Schedule
	builds   int
}

// AddJob stores a job as if it were created through the API, and returns
// its id. It fails when spec breaks the service's rules for names and
// descriptions or when a job of that name exists. Its builds follow the
// schedule set by SetSchedule until SetJobSchedule sets another.
func (s *Server) AddJob(spec servicestage.JobSpec) (string, error) {
	if message := checkJobSpec(spec); message != "" {
		return "", fmt.Errorf("servicestagetest: AddJob: %s", message)
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	if other := s.jobNamedLocked(spec.JobName); other != "" {
		return "", fmt.Errorf("servicestagetest: AddJob: job %s is already named %q",
			other, spec.JobName)
	}

	return s.addJobLocked(spec), nil
}

// Job returns a copy of the stored job with the given id, and whether it
// exists.
func (s *Server) Job(id string) (servicestage.Job, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()

	job, ok := s.state().jobs[id]
	if !ok {
		return servicestage.Job{}, false
	}

	return cloneJob(job.job), true
}

// addJobLocked stores a job made from spec and returns its id. The caller
// holds s.mu and has checked spec.
func (s *Server) addJobLocked(spec servicestage.JobSpec) string {
	st := s.state()
	id := newID(40)
	st.jobs[id] = &jobRecord{
		job: servicestage.Job{
			JobID:               id,
			EnterpriseProjectID: spec.EnterpriseProjectID,
			Creator:             json.RawMessage(`{"user_name":"` + fakeUser + `"}`),
			Spec:                cloneSpec(spec),
		},
		schedule: st.schedule.clone(),
	}
	st.jobOrder = append(st.jobOrder, id)
	return id
}

// jobNamedLocked returns the id of the job with the given name, compared
// without regard to case as the service does, or "". The caller holds
// s.mu.
func (s *Server) jobNamedLocked(name string) string {
	for id, job := range s.state().jobs {
		if strings.EqualFold(job.job.Spec.JobName, name) {
			return id
		}
	}

	return ""
}

// checkJobSpec returns why spec breaks the service's rules, or "".
func checkJobSpec(spec servicestage.JobSpec) string {
	if !jobNameRule.MatchString(spec.JobName) {
		return fmt.Sprintf("job_name %q is invalid: use 2 to 64 letters, digits, '-' and '_', "+
			"starting with a letter and ending with a letter or digit", spec.JobName)
	}

	if utf8.RuneCountInString(spec.JobDescription) > 64 {
		return "job_description is longer than 64 characters"
	}

	return ""
}

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

// cloneJob returns a deep copy of job.
func cloneJob(job servicestage.Job) servicestage.Job {
	job.Creator = append(json.RawMessage(nil), job.Creator...)
	job.Spec = cloneSpec(job.Spec)
	if job.Extra != nil {
		extra := make(map[string]json.RawMessage, len(job.Extra))
		for key, value := range job.Extra {
			extra[key] = append(json.RawMessage(nil), value...)
		}

		job.Extra = extra
	}

	return job
}

// cloneSpec returns a deep copy of spec.
func cloneSpec(spec servicestage.JobSpec) servicestage.JobSpec {
	if spec.CodeRepo != nil {
		repo := *spec.CodeRepo
		spec.CodeRepo = &repo
	}

	if spec.EnvironmentSetting.BuildOS != nil {
		buildOS := *spec.EnvironmentSetting.BuildOS
		spec.EnvironmentSetting.BuildOS = &buildOS
	}

	return spec
}
