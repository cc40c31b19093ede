package servicestage_test

import (
	"net/http"
	"sync"
	"time"
)

// fakeClock is a clock that moves only when a test advances it, shared by
// a client and a fake server in tests.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 11, 14, 8, 0, 42, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()

	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()

	c.now = c.now.Add(d)
}

// sentRequest is what a recordingTransport keeps of a request.
type sentRequest struct {
	method string
	url    string
	header http.Header
}

// recordingTransport keeps the method, URL and headers of every request it
// sends. When gate is set, each request waits for it to close first.
type recordingTransport struct {
	next http.RoundTripper
	gate chan struct{}

	mu       sync.Mutex
	requests []sentRequest
}

func (rt *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.requests = append(rt.requests, sentRequest{
		method: req.Method,
		url:    req.URL.String(),
		header: req.Header.Clone(),
	})
	rt.mu.Unlock()

	if rt.gate != nil {
		select {
		case <-rt.gate:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}

	return rt.next.RoundTrip(req)
}

// sent returns the headers of every request sent so far.
func (rt *recordingTransport) sent() []http.Header {
	rt.mu.Lock()
	defer rt.mu.Unlock()

	headers := make([]http.Header, len(rt.requests))
	for i, req := range rt.requests {
		headers[i] = req.header
	}

	return headers
}

// sentRequests returns every request sent so far.
func (rt *recordingTransport) sentRequests() []sentRequest {
	rt.mu.Lock()
	defer rt.mu.Unlock()

	return append([]sentRequest(nil), rt.requests...)
}

// recordingClient returns an HTTP client that records what it sends
// through base's transport.
func recordingClient(base *http.Client) (*http.Client, *recordingTransport) {
	next := base.Transport
	if next == nil {
		next = http.DefaultTransport
	}

	rt := &recordingTransport{next: next}
	return &http.Client{Transport: rt}, rt
}
