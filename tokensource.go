package servicestage

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// TokenSource supplies IAM tokens, such as an *IAMTokenSource that fetches
// and caches them. The client calls Token before every HTTP attempt, so
// Token should return a cached token quickly. It must be safe for
// concurrent use.
type TokenSource interface {
	// Token returns a valid IAM token, or an error that the request which
	// needed it fails with.
	Token(ctx context.Context) (string, error)
}

// TokenInvalidator is implemented by a TokenSource that can drop a token
// the service rejected. When the service returns 401 for a request that
// carried a token from the source, the client calls InvalidateToken with
// that token and then sends the request once more with the token the
// source returns next.
type TokenInvalidator interface {
	// InvalidateToken drops token if it is still the source's current
	// one. A token the source has already replaced is ignored, so a late
	// call cannot drop the new one.
	InvalidateToken(token string)
}

// WithTokenSource authenticates every request with a token from ts, sent in
// the X-Auth-Token header. When the service returns 401, the client
// invalidates the token if ts implements TokenInvalidator and retries the
// request once with a new token.
func WithTokenSource(ts TokenSource) Option {
	return func(cfg *config) error {
		if ts == nil {
			return argError("servicestage: WithTokenSource: token source is nil; " +
				"pass one such as the result of NewIAMTokenSource")
		}

		return cfg.setAuth(sourceAuth{source: ts})
	}
}

// sourceAuth sends a token from a TokenSource.
type sourceAuth struct {
	source TokenSource
}

func (a sourceAuth) authenticate(req *http.Request) error {
	token, err := a.source.Token(req.Context())
	if err != nil {
		return fmt.Errorf("get token from TokenSource: %w", err)
	}

	if strings.TrimSpace(token) == "" {
		return errors.New("TokenSource returned an empty token; return a token or an error")
	}

	if hasControl(token) {
		return errors.New("TokenSource returned a token that contains a control character, " +
			"which no header may carry")
	}

	req.Header.Set(headerAuthToken, token)
	return nil
}

func (a sourceAuth) kind() string { return "WithTokenSource" }

// secrets returns nothing: the tokens change, so the client redacts the
// token each request carried instead.
func (a sourceAuth) secrets() []string { return nil }

func (a sourceAuth) discard(sent *http.Request) {
	invalidator, ok := a.source.(TokenInvalidator)
	if ok && sent != nil {
		invalidator.InvalidateToken(sent.Header.Get(headerAuthToken))
	}
}
