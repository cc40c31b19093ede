package servicestagetest

import (
	"sync"
	"time"
)

// Clock is a clock that a test sets and moves, so that builds on the fake
// server progress deterministically: pass its Now method to WithClock. It
// is safe for concurrent use.
//
// The server reads the clock once in each request about builds (start,
// get, list, cancel, phases, log and results). Its credential check reads
// it once more for a request signed with a registered access key pair, to
// check the X-Sdk-Date window, and for a token from its IAM endpoint, to
// check the expiry, but not for the static Token. The IAM endpoint reads
// it once for each token it issues. Job and base image requests read it
// only in the credential check, a request failed by an injected fault does
// not read it, and of the Server's methods only AddBuild does, for a build
// without a start time. So with a step, a build request moves a Clock by
// one step with the static Token and by two with AK/SK or an IAM token.
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
