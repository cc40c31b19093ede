package servicestagetest

import (
	"net"
	"net/http"
	"strconv"
	"time"
)

// Fault is a failure the server injects into a request in place of, or
// before, its normal handling. Exactly one of Drop, Reset, Truncate, HTML
// and a non-zero Status decides the response; Latency may accompany any of
// them, or stand alone to slow requests that are then served normally.
type Fault struct {
	// Status is the status code to respond with, with Body and Header.
	Status int

	// Body is the response body sent with Status.
	Body string

	// Header holds extra response headers, such as Retry-After.
	Header http.Header

	// Latency delays the request before anything else happens.
	Latency time.Duration

	// Drop closes the connection without responding.
	Drop bool

	// Reset closes the connection with a TCP reset.
	Reset bool

	// Truncate sends a 200 response whose body stops halfway, then closes
	// the connection.
	Truncate bool

	// HTML responds with a proxy's HTML error page, with status Status or
	// 502 when Status is 0.
	HTML bool
}

// InjectFault makes the next count requests fail with f, after any faults
// injected before. Requests count from arrival, before the credential
// check. Token requests to the IAM endpoint are neither counted nor
// faulted here: use InjectIAMFault for them.
func (s *Server) InjectFault(f Fault, count int) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()

	for range count {
		s.faults = append(s.faults, f)
	}
}

// InjectIAMFault makes the next count token requests to the IAM endpoint,
// POST /v3/auth/tokens, fail with f, after any IAM faults injected before.
// A fault with a Status sends Body and Header in place of IAM's response,
// so a 201 with an X-Subject-Token header in Header stands for a token
// IAM issued.
func (s *Server) InjectIAMFault(f Fault, count int) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()

	for range count {
		s.iamFaults = append(s.iamFaults, f)
	}
}

// ClearFaults drops every fault not used yet, IAM faults included.
func (s *Server) ClearFaults() {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()

	s.faults = nil
	s.iamFaults = nil
}

// PendingFaults returns how many injected faults, IAM faults included,
// have not been used yet.
func (s *Server) PendingFaults() int {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()

	return len(s.faults) + len(s.iamFaults)
}

// RequestCount returns how many requests the server has received, faulted
// ones included. Token requests to the IAM endpoint are counted by
// IAMRequests instead.
func (s *Server) RequestCount() int64 { return s.requests.Load() }

// nextFault removes and returns the next fault of queue, if any.
func (s *Server) nextFault(queue *[]Fault) (Fault, bool) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()

	if len(*queue) == 0 {
		return Fault{}, false
	}

	f := (*queue)[0]
	*queue = (*queue)[1:]
	return f, true
}

// withFaults counts each request and applies the next injected fault.
func (s *Server) withFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		f, ok := s.nextFault(&s.faults)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}

		serveFault(w, r, f, next)
	})
}

// serveFault waits for the latency of f, then writes the failure f
// describes, or serves the request with next when f has only a latency.
func serveFault(w http.ResponseWriter, r *http.Request, f Fault, next http.Handler) {
	if f.Latency > 0 {
		select {
		case <-time.After(f.Latency):
		case <-r.Context().Done():
			return
		}
	}

	if !applyFault(w, f) {
		next.ServeHTTP(w, r)
	}
}

// applyFault writes the failure f describes and reports whether it did.
// A fault with only Latency writes nothing.
func applyFault(w http.ResponseWriter, f Fault) bool {
	switch {
	case f.Drop || f.Reset:
		closeConnection(w, f.Reset)
	case f.Truncate:
		w.Header().Set("Content-Type", "application/json;charset=utf8")
		w.Header().Set("Content-Length", "400")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"build_id": "truncat`))
		panic(http.ErrAbortHandler)
	case f.HTML:
		status := f.Status
		if status == 0 {
			status = http.StatusBadGateway
		}

		writeWithHeader(w, f.Header, "text/html", status,
			"<html><head><title>"+strconv.Itoa(status)+" "+http.StatusText(status)+
				"</title></head><body><center><h1>"+http.StatusText(status)+
				"</h1></center><hr><center>nginx</center></body></html>")
	case f.Status != 0:
		writeWithHeader(w, f.Header, "application/json;charset=utf8", f.Status, f.Body)
	default:
		return false
	}

	return true
}

// writeWithHeader writes a response with extra headers.
func writeWithHeader(w http.ResponseWriter, header http.Header, contentType string,
	status int, body string) {
	for name, values := range header {
		w.Header()[name] = values
	}

	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", contentType)
	}

	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// closeConnection closes the client's connection without a response, with
// a TCP reset when reset is true.
func closeConnection(w http.ResponseWriter, reset bool) {
	hijacker, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}

	conn, _, err := hijacker.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}

	if tcp, ok := conn.(*net.TCPConn); ok && reset {
		_ = tcp.SetLinger(0)
	}

	_ = conn.Close()
}
