package servicestagetest

import (
	"fmt"
	"maps"
	"time"

	"github.com/servicestage-go/servicestage"
)

// phaseOrder lists the phases of a build in the order they run.
var phaseOrder = [...]servicestage.PhaseName{
	servicestage.PhaseInit,
	servicestage.PhaseDownload,
	servicestage.PhasePreProcess,
	servicestage.PhaseBuild,
	servicestage.PhaseArtifact,
	servicestage.PhasePostProcess,
}

// Schedule sets how a build of a job runs on the server's clock: it is
// Queuing for QueueDuration, then Building while its six phases run one
// after another, then it ends in FinalState.
type Schedule struct {
	// QueueDuration is how long a build stays Queuing. It may be 0.
	QueueDuration time.Duration

	// PhaseDuration is how long each phase runs unless PhaseDurations
	// sets that phase. It may be 0.
	PhaseDuration time.Duration

	// PhaseDurations sets the duration of single phases, by name.
	PhaseDurations map[servicestage.PhaseName]time.Duration

	// FinalState is the state a build ends in, and "" means Successful.
	// Any other final state is also the state of the last phase,
	// PostProcess.
	FinalState servicestage.BuildState
}

// DefaultSchedule returns the schedule of a server that SetSchedule has not
// changed: 200 ms Queuing, then 300 ms for each phase, ending Successful
// about 2 seconds after the start.
func DefaultSchedule() Schedule {
	return Schedule{
		QueueDuration: 200 * time.Millisecond,
		PhaseDuration: 300 * time.Millisecond,
	}
}

// validate rejects negative durations, unknown phase names and a final
// state that is not final.
func (sched Schedule) validate() error {
	if sched.QueueDuration < 0 || sched.PhaseDuration < 0 {
		return fmt.Errorf("servicestagetest: schedule has a negative duration "+
			"(queue %v, phase %v); pass 0 or more", sched.QueueDuration, sched.PhaseDuration)
	}

	for name, d := range sched.PhaseDurations {
		if phaseIndex(name) < 0 {
			return fmt.Errorf("servicestagetest: schedule names unknown phase %q; use one of %v",
				name, phaseOrder)
		}

		if d < 0 {
			return fmt.Errorf("servicestagetest: schedule gives phase %s negative duration %v",
				name, d)
		}
	}

	if sched.FinalState != "" && !sched.FinalState.IsFinal() {
		return fmt.Errorf("servicestagetest: schedule final state %q is not final; pass "+
			"Successful, Failed, Timeout, Cancel or Deleted", sched.FinalState)
	}

	return nil
}

// clone returns a copy of sched that shares no map with it, with the final
// state filled in.
func (sched Schedule) clone() Schedule {
	sched.PhaseDurations = maps.Clone(sched.PhaseDurations)
	if sched.FinalState == "" {
		sched.FinalState = servicestage.BuildStateSuccessful
	}

	return sched
}

// phaseDuration returns how long phase i runs.
func (sched Schedule) phaseDuration(i int) time.Duration {
	if d, ok := sched.PhaseDurations[phaseOrder[i]]; ok {
		return d
	}

	return sched.PhaseDuration
}

// phaseIndex returns the position of name in phaseOrder, or -1.
func phaseIndex(name servicestage.PhaseName) int {
	for i, phase := range phaseOrder {
		if phase == name {
			return i
		}
	}

	return -1
}

// SetSchedule sets the schedule of jobs created after the call, through
// the API or AddJob. Builds and jobs that exist keep theirs.
func (s *Server) SetSchedule(sched Schedule) error {
	if err := sched.validate(); err != nil {
		return err
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	s.state().schedule = sched.clone()
	return nil
}

// SetJobSchedule sets the schedule of the builds of a job that start after
// the call.
func (s *Server) SetJobSchedule(jobID string, sched Schedule) error {
	if err := sched.validate(); err != nil {
		return err
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	job, ok := s.state().jobs[jobID]
	if !ok {
		return fmt.Errorf("servicestagetest: job %q does not exist; create it first", jobID)
	}

	job.schedule = sched.clone()
	return nil
}

// SetFinalState sets the state that a build started through the API ends
// in, and fails for a build that has ended or was not started through the
// API. A build that the clock has moved past its end but that no request
// has read since still takes the new state.
func (s *Server) SetFinalState(buildID string, state servicestage.BuildState) error {
	if !state.IsFinal() {
		return fmt.Errorf("servicestagetest: state %q is not final; pass Successful, Failed, "+
			"Timeout, Cancel or Deleted", state)
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	r, ok := s.state().runs[buildID]
	switch {
	case !ok:
		return fmt.Errorf("servicestagetest: build %q was not started through the API", buildID)
	case r.ended:
		return fmt.Errorf("servicestagetest: build %q has already ended %s", buildID, r.state())
	}

	r.schedule.FinalState = state
	return nil
}
