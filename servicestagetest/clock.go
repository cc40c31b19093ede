package servicestagetest

import (
	"sync"
	"time"
)

// Clock is a clock that a test sets and moves, so that builds on the fake
// server progress deterministically: pass its Now method to WithClock. It
// is safe for concurrent use.
//
// Each request about builds (start, get, list, cancel, phases, log and
// results) reads the clock once, so a Clock with a step moves forward by
// the same amount on each of them. Job and base image requests do not read
// it, and of the Server's methods only AddBuild does.
type Clock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

// NewClock returns a Clock that reads start until it is moved.
func NewClock(start time.Time) *Clock {
	return &Clock{now: start}
}

// Now returns the clock's time, then moves the clock forward by its step.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()

	now := c.now
	c.now = c.now.Add(c.step)
	return now
}

// Advance moves the clock forward by d. A negative d is ignored, because
// the server's builds never move back in time.
func (c *Clock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}

	c.mu.Lock()
	defer c.mu.Unlock()

	c.now = c.now.Add(d)
}

// SetStep makes every later call to Now move the clock forward by d after
// reading it. 0, the default, stops the clock between calls to Advance. A
// negative d is treated as 0.
func (c *Clock) SetStep(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()

	c.step = max(d, 0)
}
