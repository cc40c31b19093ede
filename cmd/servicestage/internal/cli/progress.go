package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/servicestage-go/servicestage"
)

// spinnerFrames are drawn in turn at the start of the spinner line.
const spinnerFrames = `|/-\`

// clearLine moves the cursor to the start of the line and erases it.
const clearLine = "\r\x1b[K"

// progress reports a build's state changes on stderr as lines and, when
// stderr is a terminal, keeps a spinner line below them with the current
// state and the time waited.
type progress struct {
	w       io.Writer
	buildID string

	// spin draws the spinner every tick.
	spin bool
	tick time.Duration

	mu      sync.Mutex
	state   servicestage.BuildState
	started time.Time
	frame   int
	drawn   bool
	stop    chan struct{}
	done    chan struct{}
}

// newProgress returns a progress for one build. Call start, then close.
func newProgress(w io.Writer, buildID string, spin bool) *progress {
	return &progress{w: w, buildID: buildID, spin: spin, tick: 100 * time.Millisecond}
}

// start begins drawing the spinner, if there is one.
func (p *progress) start() {
	p.started = time.Now()
	if !p.spin {
		return
	}

	p.stop = make(chan struct{})
	p.done = make(chan struct{})
	go p.run()
}

// run redraws the spinner every tick until close.
func (p *progress) run() {
	defer close(p.done)

	ticker := time.NewTicker(p.tick)
	defer ticker.Stop()

	for {
		p.draw()
		select {
		case <-ticker.C:
		case <-p.stop:
			return
		}
	}
}

// draw writes the spinner line over the previous one.
func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()

	state := "waiting"
	if p.state != "" {
		state = string(p.state)
	}

	frame := spinnerFrames[p.frame%len(spinnerFrames)]
	p.frame++
	elapsed := time.Since(p.started).Truncate(time.Second)
	fmt.Fprintf(p.w, "%s%c build %s: %s (%v)", clearLine, frame, p.buildID, state, elapsed)
	p.drawn = true
}

// onState prints the build's new state on a line of its own. It is the
// callback passed to servicestage.OnStateChange, and it skips the state
// printed last, because a log follow and the wait after it both report
// the final state.
func (p *progress) onState(build *servicestage.Build) {
	p.mu.Lock()
	defer p.mu.Unlock()

	if build.State == p.state {
		return
	}

	p.state = build.State
	p.erase()
	fmt.Fprintf(p.w, "build %s: %s\n", p.buildID, printable(string(build.State)))
}

// lastState returns the state the last poll found, or "" before the first.
func (p *progress) lastState() servicestage.BuildState {
	p.mu.Lock()
	defer p.mu.Unlock()

	return p.state
}

// close stops the spinner and erases its line.
func (p *progress) close() {
	if p.stop != nil {
		close(p.stop)
		<-p.done
		p.stop = nil
	}

	p.mu.Lock()
	defer p.mu.Unlock()

	p.erase()
}

// erase clears the spinner line, if one is drawn. The caller holds mu.
func (p *progress) erase() {
	if p.drawn {
		fmt.Fprint(p.w, clearLine)
		p.drawn = false
	}
}
