package servicestage

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// DefaultTimeout is how long one HTTP attempt may take, from sending the
// request to reading the whole response, unless WithTimeout sets another.
const DefaultTimeout = 30 * time.Second

// DefaultResponseBodyLimit is the largest response body, in bytes, that a
// Client reads unless WithResponseBodyLimit sets another.
const DefaultResponseBodyLimit = 8 << 20

// Option configures a Client. Options are applied in order by NewClient,
// which returns the first error an option reports.
type Option func(*config) error

// config collects what the options set before NewClient builds a Client.
type config struct {
	httpClient *http.Client
	userAgent  string
	timeout    time.Duration
	timeoutSet bool
	auth       authenticator
	retry      retryPolicy
	logger     *slog.Logger
	bodyLimit  int64

	// now returns the current time, at which requests are signed and
	// against which Retry-After dates are measured.
	now func() time.Time

	// projectID and securityToken complete AK/SK credentials.
	projectID     string
	securityToken string
}

// setAuth records the client's credentials, rejecting a second kind.
func (cfg *config) setAuth(auth authenticator) error {
	if cfg.auth != nil {
		if auth.kind() == cfg.auth.kind() {
			return argError("servicestage: %s is given twice; pass it once", auth.kind())
		}

		return argError("servicestage: %s conflicts with %s given earlier; "+
			"pass one kind of credentials", auth.kind(), cfg.auth.kind())
	}

	cfg.auth = auth
	return nil
}

// WithToken authenticates every request with an IAM token, sent in the
// X-Auth-Token header. IAM tokens expire after 24 hours.
func WithToken(token string) Option {
	return func(cfg *config) error {
		if strings.TrimSpace(token) == "" {
			return argError("servicestage: WithToken: token is empty; pass an IAM token")
		}

		if hasControl(token) {
			return argError("servicestage: WithToken: token contains a control character; " +
				"pass the token without line breaks")
		}

		return cfg.setAuth(&tokenAuth{token: token})
	}
}

// WithHTTPClient sends requests through a copy of hc, so its transport,
// proxy and TLS settings apply. The Client never modifies hc itself. The
// copy's Timeout is replaced by the per-attempt timeout only when
// WithTimeout is given or hc.Timeout is 0, and its redirect policy is
// replaced by one that never follows a redirect to another host.
func WithHTTPClient(hc *http.Client) Option {
	return func(cfg *config) error {
		if hc == nil {
			return argError("servicestage: WithHTTPClient: client is nil; pass an *http.Client")
		}

		cfg.httpClient = hc
		return nil
	}
}

// WithUserAgent appends product to the default User-Agent,
// "servicestage-go/<Version>", separated by a space.
func WithUserAgent(product string) Option {
	return func(cfg *config) error {
		product = strings.TrimSpace(product)
		if product == "" {
			return argError("servicestage: WithUserAgent: user agent is empty; " +
				"pass a product such as \"mytool/1.2\"")
		}

		if hasControl(product) {
			return argError("servicestage: WithUserAgent: user agent %q contains a control character",
				product)
		}

		cfg.userAgent = product
		return nil
	}
}

// WithTimeout limits each HTTP attempt, from sending the request to reading
// the whole response, to d. Zero disables the per-attempt limit, leaving
// only the context's deadline. The default is DefaultTimeout.
func WithTimeout(d time.Duration) Option {
	return func(cfg *config) error {
		if d < 0 {
			return argError("servicestage: WithTimeout: timeout %v is negative; "+
				"pass a positive duration, or 0 for none", d)
		}

		cfg.timeout = d
		cfg.timeoutSet = true
		return nil
	}
}

// WithResponseBodyLimit makes a call fail with an error matching
// ErrResponseTooLarge when a response body, after decompression, is larger
// than limit bytes. The default is DefaultResponseBodyLimit.
func WithResponseBodyLimit(limit int64) Option {
	return func(cfg *config) error {
		if limit <= 0 {
			return argError("servicestage: WithResponseBodyLimit: limit %d is not positive; "+
				"pass a size in bytes", limit)
		}

		cfg.bodyLimit = limit
		return nil
	}
}

// WithClock sets the function that returns the current time, at which
// requests are signed with AK/SK credentials and against which Retry-After
// dates are measured, such as a fixed time in tests. The default is
// time.Now.
func WithClock(now func() time.Time) Option {
	return func(cfg *config) error {
		if now == nil {
			return argError("servicestage: WithClock: clock is nil; pass a function such as time.Now")
		}

		cfg.now = now
		return nil
	}
}

// hasControl reports whether s contains an ASCII control character, which
// no HTTP header value may carry.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}
