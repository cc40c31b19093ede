package servicestagetest

import (
	"encoding/json"
	"fmt"
	"regexp"
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
