package servicestagetest

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// testSchedule runs builds for 10 s Queuing and 20 s a phase.
var testSchedule = Schedule{QueueDuration: 10 * time.Second, PhaseDuration: 20 * time.Second}

func TestRun_NeverMovesBack(t *testing.T) {
	r := newRun("Build #1", testStart, testSchedule.clone(), 1)
	r.advance(testStart.Add(50 * time.Second))
	log := string(r.log)
	states := r.phaseStates()

	r.advance(testStart.Add(5 * time.Second))
	require.Equal(t, servicestage.BuildStateBuilding, r.state())
	require.Equal(t, log, string(r.log))
	require.Equal(t, states, r.phaseStates())
}

func TestRun_LogOnlyGrows(t *testing.T) {
	r := newRun("Build #1", testStart, testSchedule.clone(), 1)
	previous := ""
	for elapsed := time.Duration(0); elapsed <= 3*time.Minute; elapsed += 7 * time.Second {
		r.advance(testStart.Add(elapsed))
		require.True(t, strings.HasPrefix(string(r.log), previous), "at %v", elapsed)
		previous = string(r.log)
	}

	require.True(t, r.ended)
	require.Equal(t, 1+3*len(phaseOrder)+1, strings.Count(previous, "\n"))
}

func TestRun_ZeroDurationsEndAtOnce(t *testing.T) {
	r := newRun("Build #1", testStart, Schedule{}.clone(), 1)

	require.True(t, r.ended)
	require.Equal(t, servicestage.BuildStateSuccessful, r.state())
	require.Equal(t, testStart, r.endedAt)
	require.Equal(t, int64(0), r.elapsed())
}

func TestRun_PhaseDurations(t *testing.T) {
	sched := Schedule{PhaseDurations: map[servicestage.PhaseName]time.Duration{
		servicestage.PhaseBuild: time.Minute}}
	r := newRun("Build #1", testStart, sched.clone(), 1)

	r.advance(testStart.Add(30 * time.Second))
	require.Equal(t, 3, r.currentPhase())
	require.Equal(t, servicestage.BuildStateBuilding, r.state())

	r.advance(testStart.Add(time.Minute))
	require.True(t, r.ended)
	require.Equal(t, int64(60), r.elapsed())
}

func TestRun_CancelWhileQueuing(t *testing.T) {
	r := newRun("Build #1", testStart, testSchedule.clone(), 1)
	r.cancel(testStart.Add(time.Second))

	require.Equal(t, servicestage.BuildStateCancel, r.state())
	for _, state := range r.phaseStates() {
		require.Equal(t, servicestage.BuildStateNotStarted, state)
	}

	require.True(t, strings.HasSuffix(string(r.log), "Build #1 finished: Cancel\n"))
	require.NotContains(t, string(r.log), "[Init]")
}

func TestSchedule_Validate(t *testing.T) {
	invalid := map[string]Schedule{
		"negative queue": {QueueDuration: -1},
		"negative phase": {PhaseDuration: -1},
		"negative single phase": {PhaseDurations: map[servicestage.PhaseName]time.Duration{
			servicestage.PhaseInit: -1}},
		"unknown phase": {PhaseDurations: map[servicestage.PhaseName]time.Duration{
			"Deploy": time.Second}},
		"state not final": {FinalState: servicestage.BuildStateBuilding},
	}
	for name, sched := range invalid {
		require.Error(t, sched.validate(), name)
	}

	require.NoError(t, Schedule{}.validate())
	require.NoError(t, DefaultSchedule().validate())
	require.NoError(t, Schedule{FinalState: servicestage.BuildStateDeleted}.validate())
}

func TestServer_ScheduleSetters(t *testing.T) {
	server := NewServer()
	defer server.Close()

	require.Error(t, server.SetSchedule(Schedule{QueueDuration: -1}))
	require.Error(t, server.SetJobSchedule("missing", Schedule{}))
	require.Error(t, server.SetFinalState("missing", servicestage.BuildStateFailed))

	id := server.AddBuild(servicestage.Build{})
	require.Error(t, server.SetFinalState(id, servicestage.BuildStateFailed),
		"a build stored with AddBuild has no schedule")
	require.Error(t, server.SetFinalState(id, servicestage.BuildStateBuilding))
}

func TestServer_AddJob(t *testing.T) {
	server := NewServer()
	defer server.Close()

	id, err := server.AddJob(servicestage.JobSpec{JobName: "demo"})
	require.NoError(t, err)
	job, ok := server.Job(id)
	require.True(t, ok)
	require.Equal(t, "demo", job.Spec.JobName)

	_, err = server.AddJob(servicestage.JobSpec{JobName: "DEMO"})
	require.ErrorContains(t, err, "already named")

	_, err = server.AddJob(servicestage.JobSpec{JobName: "1bad"})
	require.ErrorContains(t, err, "job_name")

	_, err = server.AddJob(servicestage.JobSpec{JobName: "ok",
		JobDescription: strings.Repeat("d", 65)})
	require.ErrorContains(t, err, "job_description")
}

func TestServer_BuildLogUnknown(t *testing.T) {
	server := NewServer()
	defer server.Close()

	_, ok := server.BuildLog("missing")
	require.False(t, ok)
}
