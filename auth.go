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

// renewer is an authenticator whose credentials can be replaced after the
// service rejected them, such as a token from a TokenSource.
type renewer interface {
	// discard drops the credentials that sent carried, so the next
	// authenticate call adds new ones.
	discard(sent *http.Request)
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

// buildAuth returns the client's authenticator once every option has been
// applied, completing AK/SK credentials with the project id, the security
// token and the clock.
func (cfg *config) buildAuth() (authenticator, error) {
	if cfg.auth == nil {
		return nil, argError("servicestage: no credentials; pass WithToken, WithTokenSource, " +
			"WithAKSK or CredentialsFromEnv")
	}

	aksk, isAKSK := cfg.auth.(*akskAuth)
	switch {
	case !isAKSK && cfg.projectID != "":
		return nil, argError("servicestage: WithProjectID needs WithAKSK or CredentialsFromEnv; "+
			"with %s the project comes from the token's scope", cfg.auth.kind())
	case !isAKSK && cfg.securityToken != "":
		return nil, argError("servicestage: WithSecurityToken needs the temporary access key "+
			"pair in WithAKSK or CredentialsFromEnv, not %s", cfg.auth.kind())
	case !isAKSK:
		return cfg.auth, nil
	}

	signer := *aksk
	signer.projectID = cfg.projectID
	signer.securityToken = cfg.securityToken
	signer.now = cfg.now
	return &signer, nil
}
