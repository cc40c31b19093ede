package servicestage

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"
)

// DefaultRefreshMargin is how long before its expiry an IAMTokenSource
// starts fetching a new token, unless WithIAMRefreshMargin sets another.
// It leaves room for clock skew between this host and IAM and for requests
// still in flight with the old token.
const DefaultRefreshMargin = 5 * time.Minute

// IAMEndpoint returns the IAM endpoint of a Huawei Cloud region, such as
// "https://iam.cn-north-4.myhuaweicloud.com" for "cn-north-4".
func IAMEndpoint(region string) string {
	return "https://iam." + strings.TrimSpace(region) + ".myhuaweicloud.com"
}

// IAMOption configures an IAMTokenSource.
type IAMOption func(*iamConfig) error

// iamConfig collects what the IAM options set.
type iamConfig struct {
	httpClient *http.Client
	now        func() time.Time
	margin     time.Duration
}

// WithIAMHTTPClient sends token requests through a copy of hc, as
// WithHTTPClient does for a Client.
func WithIAMHTTPClient(hc *http.Client) IAMOption {
	return func(cfg *iamConfig) error {
		if hc == nil {
			return argError("servicestage: WithIAMHTTPClient: client is nil; pass an *http.Client")
		}

		cfg.httpClient = hc
		return nil
	}
}

// WithIAMClock sets the function that returns the current time, against
// which token expiry and the backoff after failed fetches are measured,
// such as a fake clock in tests. The default is time.Now.
func WithIAMClock(now func() time.Time) IAMOption {
	return func(cfg *iamConfig) error {
		if now == nil {
			return argError("servicestage: WithIAMClock: clock is nil; " +
				"pass a function such as time.Now")
		}

		cfg.now = now
		return nil
	}
}

// WithIAMRefreshMargin sets how long before its expiry a token is replaced.
// The default is DefaultRefreshMargin. A margin as long as the token
// lifetime makes every Token call start a fetch, one at a time.
func WithIAMRefreshMargin(d time.Duration) IAMOption {
	return func(cfg *iamConfig) error {
		if d < 0 {
			return argError("servicestage: WithIAMRefreshMargin: margin %v is negative; "+
				"pass 0 or a positive duration", d)
		}

		cfg.margin = d
		return nil
	}
}

// IAMTokenSource is a TokenSource that gets project-scoped tokens from
// Huawei Cloud IAM with a user's password, with POST /v3/auth/tokens. It
// caches the token and is safe for concurrent use.
//
// Token returns the cached token until the refresh margin before its
// expiry. Within the margin it still returns the cached token and starts
// one fetch of a new token in the background. Once the token has expired,
// or after InvalidateToken dropped it, callers wait for one shared fetch.
//
// After a failed fetch, such as one with a wrong password, no fetch starts
// for a backoff wait of 1 second, doubling with each further failure up to
// 1 minute and reset by a success. Until the wait ends, callers without a
// valid token get the last fetch's error, wrapped with the time the next
// fetch is allowed, and callers within the refresh margin keep getting
// the cached token.
type IAMTokenSource struct {
	endpoint string
	creds    PasswordCredentials
	http     *resty.Client
	now      func() time.Time
	margin   time.Duration
	redactor *strings.Replacer

	mu        sync.Mutex
	token     string
	expiresAt time.Time
	pending   *tokenFetch

	// failures counts the fetches that failed since the last success.
	// lastErr is the error of the last one, and no fetch starts before
	// retryAt.
	failures int
	lastErr  error
	retryAt  time.Time
}

// tokenFetch is one request for a new token, shared by every caller that
// needs a token while it runs. Its fields are set before done is closed.
type tokenFetch struct {
	done  chan struct{}
	token string
	err   error
}

// NewIAMTokenSource returns a TokenSource that gets tokens from the IAM
// endpoint, such as IAMEndpoint("cn-north-4"), for the user in creds. It
// checks its arguments and does no network I/O.
func NewIAMTokenSource(iamEndpoint string, creds PasswordCredentials,
	opts ...IAMOption) (*IAMTokenSource, error) {
	if strings.TrimSpace(iamEndpoint) == "" {
		return nil, argError("servicestage: NewIAMTokenSource: IAM endpoint is empty; " +
			"pass a URL such as " + IAMEndpoint("cn-north-4"))
	}

	base, err := parseEndpoint(iamEndpoint)
	if err != nil {
		return nil, fmt.Errorf("servicestage: NewIAMTokenSource: %w", err)
	}

	if err := creds.validate(); err != nil {
		return nil, err
	}

	cfg := iamConfig{now: time.Now, margin: DefaultRefreshMargin}
	for i, opt := range opts {
		if opt == nil {
			return nil, argError("servicestage: NewIAMTokenSource: option %d is nil", i)
		}

		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}

	return &IAMTokenSource{
		endpoint: base,
		creds:    creds,
		http:     newIAMRestyClient(cfg.httpClient),
		now:      cfg.now,
		margin:   cfg.margin,
		redactor: newRedactor([]string{creds.Password}),
	}, nil
}

// Token returns a valid IAM token, fetching one when the cached token has
// expired or is about to. An error from IAM is an *APIError, which
// errors.As also finds in the error returned during the backoff wait after
// a failed fetch. When ctx ends while Token waits for a fetch, Token
// returns ctx's error and the fetch goes on for later callers.
func (s *IAMTokenSource) Token(ctx context.Context) (string, error) {
	if s == nil || s.http == nil {
		return "", errors.New("servicestage: IAMTokenSource is nil; create one with " +
			"NewIAMTokenSource")
	}

	if ctx == nil {
		return "", argError("servicestage: IAMTokenSource.Token: context is nil; " +
			"pass context.Background()")
	}

	s.mu.Lock()
	now := s.now()
	token := s.token
	valid := token != "" && now.Before(s.expiresAt)
	refresh := !valid || !now.Before(s.expiresAt.Add(-s.margin))
	var fetch *tokenFetch
	var backoffErr error
	switch {
	case !refresh:
		// The cached token is not due for replacement yet.
	case s.pending == nil && now.Before(s.retryAt):
		// A fetch failed recently, so none starts before the backoff ends.
		backoffErr = &backoffError{err: s.lastErr, retryAt: s.retryAt, wait: s.retryAt.Sub(now),
			failures: s.failures}
	default:
		fetch = s.startFetch(ctx)
	}
	s.mu.Unlock()

	if valid {
		return token, nil
	}

	if backoffErr != nil {
		return "", backoffErr
	}

	select {
	case <-fetch.done:
		return fetch.token, fetch.err
	case <-ctx.Done():
		return "", fmt.Errorf("servicestage: %s: %w", iamOperation, ctx.Err())
	}
}

// startFetch returns the running fetch, or starts one. The fetch keeps the
// values of ctx but not its cancellation, because callers that did not
// start it wait for it too. s.mu must be held.
func (s *IAMTokenSource) startFetch(ctx context.Context) *tokenFetch {
	if s.pending != nil {
		return s.pending
	}

	fetch := &tokenFetch{done: make(chan struct{})}
	s.pending = fetch
	go s.runFetch(context.WithoutCancel(ctx), fetch)
	return fetch
}

// runFetch gets a token from IAM, caches it on success and completes fetch.
func (s *IAMTokenSource) runFetch(ctx context.Context, fetch *tokenFetch) {
	token, expiresAt, err := s.fetchToken(ctx)

	s.mu.Lock()
	if err == nil {
		s.token = token
		s.expiresAt = expiresAt
		s.failures = 0
		s.lastErr = nil
		s.retryAt = time.Time{}
	} else {
		s.failures++
		s.lastErr = err
		s.retryAt = s.now().Add(backoffWait(s.failures))
	}

	s.pending = nil
	fetch.token = token
	fetch.err = err
	s.mu.Unlock()

	close(fetch.done)
}

// InvalidateToken drops token if it is the cached one, so the next Token
// call fetches a new token. The client calls it when the service rejects
// token with 401.
func (s *IAMTokenSource) InvalidateToken(token string) {
	if s == nil {
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	if token != "" && token == s.token {
		s.token = ""
		s.expiresAt = time.Time{}
	}
}

// String returns the IAM endpoint, the user and the project of s, never the
// password or a token.
func (s *IAMTokenSource) String() string {
	if s == nil {
		return "servicestage.IAMTokenSource(nil)"
	}

	return fmt.Sprintf("servicestage.IAMTokenSource{endpoint: %s, credentials: %s}",
		s.endpoint, s.creds.String())
}

// Format writes String for every verb and flag, so printing the source
// with the fmt package never shows the password or a token.
func (s *IAMTokenSource) Format(f fmt.State, verb rune) { writeFormatted(f, verb, s.String()) }

// newIAMRestyClient builds the HTTP client of a token source: one attempt
// per fetch, because the next Token call fetches again, without
// credentials, with the Client's timeout, body limit and redirect policy.
func newIAMRestyClient(hc *http.Client) *resty.Client {
	return newRestyClient(&config{
		httpClient: hc,
		timeout:    DefaultTimeout,
		bodyLimit:  DefaultResponseBodyLimit,
		retry:      retryPolicy{maxAttempts: 1},
		now:        time.Now,
	}, defaultAgent)
}
