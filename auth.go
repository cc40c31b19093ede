package servicestage

import "net/http"

// authenticator adds credentials to each HTTP attempt just before it is
// sent, so every attempt carries fresh ones.
type authenticator interface {
	// authenticate adds the credential headers to req.
	authenticate(req *http.Request) error

	// kind names the credentials in error messages, such as "WithToken".
	kind() string

	// secrets returns the values that must never appear in an error.
	secrets() []string
}

// tokenAuth sends a static IAM token.
type tokenAuth struct {
	token string
}

func (a *tokenAuth) authenticate(req *http.Request) error {
	req.Header.Set(headerAuthToken, a.token)
	return nil
}

func (a *tokenAuth) kind() string { return "WithToken" }

func (a *tokenAuth) secrets() []string { return []string{a.token} }

// String hides the token, so printing the value with fmt never shows it.
func (a *tokenAuth) String() string { return "WithToken([REDACTED])" }

// GoString hides the token from the %#v verb.
func (a *tokenAuth) GoString() string { return a.String() }
