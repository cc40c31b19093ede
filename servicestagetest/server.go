// Package servicestagetest runs an in-process fake of the ServiceStage
// build API on loopback, for tests and examples that must not reach the
// real cloud.
//
// A Server keeps jobs and builds in memory and runs builds through their
// phases on a clock the caller can control (Clock). It checks credentials
// the way the API gateway does: a static token, AK/SK signatures, and
// tokens from its own IAM endpoint, POST /v3/auth/tokens. It responds with
// the service's JSON shapes and error bodies, and can inject faults into
// the next requests to the build API (InjectFault) or to its IAM endpoint
// (InjectIAMFault). It is safe for concurrent use and does not depend on
// the testing package, so programs can run it too.
package servicestagetest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"github.com/servicestage-go/servicestage"
)

// DefaultToken is the IAM token a Server accepts unless WithToken sets
// another.
const DefaultToken = "servicestagetest-token"

// Server is a fake ServiceStage listening on a loopback address.
type Server struct {
	// URL is the service root, such as "http://127.0.0.1:40123", to pass
	// to servicestage.NewClient.
	URL string

	// Token is the IAM token the server accepts in X-Auth-Token.
	Token string

	httpServer *httptest.Server
	now        func() time.Time

	mu     sync.Mutex
	builds map[string]*servicestage.Build
	fake   *fakeState

	faultMu   sync.Mutex
	faults    []Fault
	iamFaults []Fault
	requests  atomic.Int64

	auth authState
}

// Option configures a Server.
type Option func(*Server)

// WithToken sets the IAM token the server accepts.
func WithToken(token string) Option {
	return func(s *Server) { s.Token = token }
}

// WithClock sets the function the server reads the current time from,
// such as a fixed time in tests. The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *Server) {
		if now != nil {
			s.now = now
		}
	}
}

// NewServer starts a Server on a loopback address. Call Close when done.
func NewServer(opts ...Option) *Server {
	s := &Server{
		Token:  DefaultToken,
		now:    time.Now,
		builds: make(map[string]*servicestage.Build),
		fake:   newFakeState(),
	}
	for _, opt := range opts {
		if opt != nil {
			opt(s)
		}
	}

	s.httpServer = httptest.NewServer(s.routes())
	s.URL = s.httpServer.URL
	return s
}

// Close shuts the server down and waits for its requests to finish.
func (s *Server) Close() { s.httpServer.Close() }

// HTTPClient returns an *http.Client that reaches the server, for
// servicestage.WithHTTPClient.
func (s *Server) HTTPClient() *http.Client { return s.httpServer.Client() }

// NewClient returns a servicestage.Client for the server, authenticated
// with the server's token. Further options are applied after those.
func (s *Server) NewClient(opts ...servicestage.Option) (*servicestage.Client, error) {
	base := []servicestage.Option{
		servicestage.WithToken(s.Token),
		servicestage.WithHTTPClient(s.HTTPClient()),
	}

	return servicestage.NewClient(s.URL, append(base, opts...)...)
}

// routes returns the handler for every path the server serves.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PATCH /assembling/v1/builds/{build_id}", s.cancelBuild)
	mux.HandleFunc("GET /assembling/v1/builds/{build_id}", s.getBuild)
	mux.HandleFunc("GET /assembling/v1/builds/{build_id}/phases", s.listBuildPhases)
	mux.HandleFunc("GET /assembling/v1/builds/{build_id}/logs", s.getBuildLog)
	mux.HandleFunc("GET /assembling/v1/builds/{build_id}/results", s.getBuildResults)
	mux.HandleFunc("POST /assembling/v1/jobs/{job_id}/builds", s.startBuild)
	mux.HandleFunc("GET /assembling/v1/jobs/{job_id}/builds", s.listBuilds)
	mux.HandleFunc("GET /assembling/v1/jobs", s.listJobs)
	mux.HandleFunc("POST /assembling/v1/jobs", s.createJob)
	mux.HandleFunc("GET /assembling/v1/jobs/{job_id}", s.getJob)
	mux.HandleFunc("PUT /assembling/v1/jobs/{job_id}", s.updateJob)
	mux.HandleFunc("DELETE /assembling/v1/jobs/{job_id}", s.deleteJob)
	mux.HandleFunc("GET /assembling/v1/base_images", s.listBaseImages)
	mux.HandleFunc("/", s.notFound)

	return s.withRequestID(s.withIAM(s.withFaults(s.withAuth(mux))))
}

// withRequestID gives every response an X-Request-Id header, as the
// gateway does.
func (s *Server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", newID(32))
		next.ServeHTTP(w, r)
	})
}

// withAuth responds 401 with the gateway's APIGW.0301 body unless the
// request carries valid credentials: see checkCredentials.
func (s *Server) withAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.checkCredentials(r); err != nil {
			writeGatewayError(w, http.StatusUnauthorized, "APIGW.0301",
				"Incorrect IAM authentication information: verify aksk or token failed: "+
					err.Error())
			return
		}

		next.ServeHTTP(w, r)
	})
}

// notFound responds to a path or method the API does not have, as the gateway
// does.
func (s *Server) notFound(w http.ResponseWriter, _ *http.Request) {
	writeGatewayError(w, http.StatusNotFound, "APIGW.0101",
		"The API does not exist or has not been published in the environment")
}

// writeJSON writes v as a JSON response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "servicestagetest: encode response: "+err.Error(),
			http.StatusInternalServerError)
		return
	}

	w.Header().Set("Content-Type", "application/json;charset=utf8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeServiceError writes an error in the build service's shape.
func writeServiceError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]string{"error_code": code, "error_msg": message})
}

// writeGatewayError writes an error in the API gateway's shape, which adds
// the request id.
func writeGatewayError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]string{
		"error_code": code,
		"error_msg":  message,
		"request_id": w.Header().Get("X-Request-Id"),
	})
}
