package servicestagetest

import (
	"fmt"
	"time"

	"github.com/servicestage-go/servicestage"
)

// run is the progress of a build started through the API. Its state is a
// function of the latest time a request observed, reached, which never
// moves back, so states and logs only move forward even if the clock does
// not.
type run struct {
	title    string
	start    time.Time
	schedule Schedule
	phaseIDs [len(phaseOrder)]int64

	reached time.Time
	emitted int
	log     []byte

	ended     bool
	endedAt   time.Time
	cancelled bool
}

// phaseWork is the line each phase writes halfway through.
var phaseWork = [len(phaseOrder)]string{
	"preparing the workspace",
	"fetching the sources",
	"resolving dependencies",
	"compiling",
	"packaging the artifact",
	"pushing the image",
}

// logEvent is a line the log gains at a point in time.
type logEvent struct {
	at   time.Time
	text string
}

// newRun returns the run of a build that starts at start, with its first
// log line written.
func newRun(title string, start time.Time, sched Schedule, firstPhaseID int64) *run {
	r := &run{title: title, start: start, schedule: sched, reached: start}
	for i := range r.phaseIDs {
		r.phaseIDs[i] = firstPhaseID + int64(i)
	}

	r.advance(start)
	return r
}

// phaseStart returns when phase i starts.
func (r *run) phaseStart(i int) time.Time {
	at := r.start.Add(r.schedule.QueueDuration)
	for j := range i {
		at = at.Add(r.schedule.phaseDuration(j))
	}

	return at
}

// end returns when the last phase ends.
func (r *run) end() time.Time {
	return r.phaseStart(len(phaseOrder))
}

// events returns every line of the log in order, with when each is
// written. Lines at the end depend on the final state.
func (r *run) events() []logEvent {
	events := []logEvent{{r.start, r.title + " queued"}}
	for i, phase := range phaseOrder {
		start := r.phaseStart(i)
		d := r.schedule.phaseDuration(i)
		events = append(events,
			logEvent{start, fmt.Sprintf("[%s] started", phase)},
			logEvent{start.Add(d / 2), fmt.Sprintf("[%s] %s", phase, phaseWork[i])},
			logEvent{start.Add(d), fmt.Sprintf("[%s] %s", phase, r.phaseEndState(i))})
	}

	return append(events, logEvent{r.end(),
		fmt.Sprintf("%s finished: %s", r.title, r.schedule.FinalState)})
}

// phaseEndState returns the state phase i ends in when the build is not
// cancelled.
func (r *run) phaseEndState(i int) servicestage.BuildState {
	if i == len(phaseOrder)-1 {
		return r.schedule.FinalState
	}

	return servicestage.BuildStateSuccessful
}

// advance moves the run to now, writing the log lines that are due, and
// ends it when its last phase is over. It does nothing once the run ended.
func (r *run) advance(now time.Time) {
	if r.ended {
		return
	}

	if now.After(r.reached) {
		r.reached = now
	}

	events := r.events()
	for r.emitted < len(events) && !events[r.emitted].at.After(r.reached) {
		r.writeLine(events[r.emitted])
		r.emitted++
	}

	if !r.reached.Before(r.end()) {
		r.ended, r.endedAt = true, r.end()
	}
}

// cancel ends the run at now in state Cancel, after the lines due by then.
func (r *run) cancel(now time.Time) {
	r.advance(now)
	if r.ended {
		return
	}

	if i := r.currentPhase(); i >= 0 {
		r.writeLine(logEvent{r.reached, fmt.Sprintf("[%s] %s", phaseOrder[i],
			servicestage.BuildStateCancel)})
	}

	r.writeLine(logEvent{r.reached, r.title + " finished: " +
		string(servicestage.BuildStateCancel)})
	r.ended, r.endedAt, r.cancelled = true, r.reached, true
}

// writeLine appends one line to the log, stamped with its time.
func (r *run) writeLine(event logEvent) {
	stamp := event.at.UTC().Format("15:04:05.000")
	r.log = append(r.log, stamp+" "+event.text+"\n"...)
}

// currentPhase returns the index of the phase running at the reached
// time, or -1 while the build is queuing or after it ended.
func (r *run) currentPhase() int {
	for i := range phaseOrder {
		if !r.reached.Before(r.phaseStart(i)) && r.reached.Before(r.phaseStart(i+1)) {
			return i
		}
	}

	return -1
}

// state returns the build's state at the reached time.
func (r *run) state() servicestage.BuildState {
	switch {
	case r.cancelled:
		return servicestage.BuildStateCancel
	case r.ended:
		return r.schedule.FinalState
	case r.reached.Before(r.phaseStart(0)):
		return servicestage.BuildStateQueuing
	}

	return servicestage.BuildStateBuilding
}

// phaseStates returns the state of each phase at the reached time.
func (r *run) phaseStates() []servicestage.BuildState {
	current := r.currentPhase()
	states := make([]servicestage.BuildState, len(phaseOrder))
	for i := range phaseOrder {
		switch {
		case i == current && r.cancelled:
			states[i] = servicestage.BuildStateCancel
		case i == current:
			states[i] = servicestage.BuildStateBuilding
		case r.reached.Before(r.phaseStart(i + 1)):
			states[i] = servicestage.BuildStateNotStarted
		default:
			states[i] = r.phaseEndState(i)
		}
	}

	return states
}

// elapsed returns how long the build has run, or ran, in whole seconds.
func (r *run) elapsed() int64 {
	end := r.reached
	if r.ended {
		end = r.endedAt
	}

	return int64(end.Sub(r.start) / time.Second)
}
