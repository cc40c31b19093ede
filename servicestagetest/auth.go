package servicestagetest

import (
	"errors"
	"net/http"
	"sync"
	"time"
)

// DefaultTokenLifetime is how long the tokens the IAM endpoint issues stay
// valid unless WithTokenLifetime sets another. Real IAM tokens last 24
// hours.
const DefaultTokenLifetime = 24 * time.Hour

// authState contains the credentials the server accepts besides its static
// token. Its maps are created on first use, so the zero value is ready.
type authState struct {
	mu          sync.Mutex
	keys        map[string]accessKey
	users       map[iamUserKey]string
	lifetime    time.Duration
	lifetimeSet bool
	issued      map[string]time.Time
	iamRequests int
}

// accessKey is a registered access key pair. A non-empty securityToken
// makes it temporary: requests must carry that token, signed.
type accessKey struct {
	secretKey     string
	securityToken string
}

// WithAKSK makes the server accept requests signed with the access key
// pair, as the API gateway does. It may be given several times.
func WithAKSK(accessKeyID, secretKey string) Option {
	return func(s *Server) { s.auth.addKey(accessKeyID, accessKey{secretKey: secretKey}) }
}

// WithTemporaryAKSK makes the server accept requests signed with the
// temporary access key pair that carry securityToken in a signed
// X-Security-Token header.
func WithTemporaryAKSK(accessKeyID, secretKey, securityToken string) Option {
	return func(s *Server) {
		s.auth.addKey(accessKeyID, accessKey{secretKey: secretKey, securityToken: securityToken})
	}
}

// WithTokenLifetime sets how long the tokens the IAM endpoint issues stay
// valid, measured on the server's clock. A lifetime of 0 or less issues
// tokens that have already expired.
func WithTokenLifetime(d time.Duration) Option {
	return func(s *Server) {
		s.auth.mu.Lock()
		defer s.auth.mu.Unlock()

		s.auth.lifetime = d
		s.auth.lifetimeSet = true
	}
}

// RevokeTokens makes the server reject every token its IAM endpoint has
// issued so far, as if they had been revoked. The static Token stays valid.
func (s *Server) RevokeTokens() {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()

	clear(s.auth.issued)
}

func (a *authState) addKey(id string, key accessKey) {
	a.mu.Lock()
	defer a.mu.Unlock()

	if a.keys == nil {
		a.keys = make(map[string]accessKey)
	}

	a.keys[id] = key
}

func (a *authState) key(id string) (accessKey, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()

	key, ok := a.keys[id]
	return key, ok
}

// checkCredentials returns why the request is not authenticated, or nil.
// It accepts the static Token, an unexpired token the IAM endpoint issued,
// or an AK/SK signature.
func (s *Server) checkCredentials(r *http.Request) error {
	if token := r.Header.Get("X-Auth-Token"); token != "" {
		return s.checkToken(token)
	}

	if authorization := r.Header.Get("Authorization"); authorization != "" {
		return s.verifySignature(r, authorization)
	}

	return errors.New("the request has neither X-Auth-Token nor Authorization")
}

// checkToken accepts the static Token and unexpired issued tokens.
func (s *Server) checkToken(token string) error {
	if s.Token != "" && token == s.Token {
		return nil
	}

	s.auth.mu.Lock()
	expiresAt, issued := s.auth.issued[token]
	s.auth.mu.Unlock()

	switch {
	case !issued:
		return errors.New("the token is not valid")
	case !s.now().Before(expiresAt):
		return errors.New("the token has expired")
	}

	return nil
}
