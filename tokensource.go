package servicestage

import (
	"context"
	"errors"
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
// that token. It sends the request once more only if the token the source
// returns next differs from the rejected one.
type TokenInvalidator interface {
	// InvalidateToken drops token if it is still the source's current
	// one. A token the source has already replaced is ignored, so a late
	// call cannot drop the new one.
	InvalidateToken(token string)
}

// WithTokenSource authenticates every request with a token from ts, sent in
// the X-Auth-Token header. When the service returns 401, the client
// invalidates the token if ts implements TokenInvalidator and calls Token
// again. If ts returns a different token, the client sends the request
// once more with it. If ts returns the rejected token, the call fails with
// the 401 without sending the request again.
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
		// The call's error starts with "servicestage: " already.
		text := strings.TrimPrefix(err.Error(), "servicestage: ")
		return &tokenError{text: "get token from TokenSource: " + text, err: err}
	}

	if strings.TrimSpace(token) == "" {
		return &tokenError{text: "TokenSource returned an empty token; " +
			"return a token or an error"}
	}

	if hasControl(token) {
		return &tokenError{text: "TokenSource returned a token that contains a control " +
			"character, which no header may carry"}
	}

	if rejected, ok := req.Context().Value(rejectedTokenKey{}).(string); ok && token == rejected {
		return &tokenError{text: errSameToken.Error(), err: errSameToken}
	}

	req.Header.Set(headerAuthToken, token)
	return nil
}

// tokenError is a failure to get a usable token for an attempt, which
// was therefore not sent.
type tokenError struct {
	text string
	err  error
}

func (e *tokenError) Error() string { return e.text }
func (e *tokenError) Unwrap() error { return e.err }

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

// errSameToken stops an attempt that would resend a token the service has
// just rejected, which could only bring another 401.
var errSameToken = errors.New("TokenSource returned the token the service rejected")

// rejectedTokenKey is the context key of the token the service rejected
// with 401, which sourceAuth.authenticate refuses to send again.
type rejectedTokenKey struct{}

// withRejectedToken returns ctx carrying the token that sent carried.
func withRejectedToken(ctx context.Context, sent *http.Request) context.Context {
	if sent == nil {
		return ctx
	}

	return context.WithValue(ctx, rejectedTokenKey{}, sent.Header.Get(headerAuthToken))
}
