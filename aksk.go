package servicestage

import (
	"net/http"
	"time"
)

// WithAKSK authenticates every request with an access key pair: each HTTP
// attempt is signed afresh with Sign at the time of sending, so a retry
// carries a new X-Sdk-Date. Add WithProjectID to choose the project and
// WithSecurityToken for temporary credentials.
func WithAKSK(accessKey, secretKey string) Option {
	return func(cfg *config) error {
		err := checkKeyPair("WithAKSK", "access key", accessKey, "secret key", secretKey)
		if err != nil {
			return err
		}

		return cfg.setAuth(&akskAuth{option: "WithAKSK", accessKey: accessKey, secretKey: secretKey})
	}
}

// WithProjectID sends projectID in the signed X-Project-Id header, which
// selects the project of a request signed with WithAKSK. It requires
// WithAKSK or CredentialsFromEnv: a token carries its project in its scope.
func WithProjectID(projectID string) Option {
	return func(cfg *config) error {
		if err := checkCredential("WithProjectID", "project id", projectID); err != nil {
			return err
		}

		return setOnce(&cfg.projectID, "WithProjectID", "project id", projectID)
	}
}

// WithSecurityToken sends the security token of temporary AK/SK
// credentials in the signed X-Security-Token header. It requires WithAKSK
// or CredentialsFromEnv with the temporary access key pair.
func WithSecurityToken(token string) Option {
	return func(cfg *config) error {
		if err := checkCredential("WithSecurityToken", "security token", token); err != nil {
			return err
		}

		return setOnce(&cfg.securityToken, "WithSecurityToken", "security token", token)
	}
}

// akskAuth signs each attempt with an access key pair.
type akskAuth struct {
	// option names the option that supplied the pair, for error messages.
	option        string
	accessKey     string
	secretKey     string
	projectID     string
	securityToken string
	now           func() time.Time
}

func (a *akskAuth) authenticate(req *http.Request) error {
	if a.projectID != "" {
		req.Header.Set(headerProjectID, a.projectID)
	}

	if a.securityToken != "" {
		req.Header.Set(headerSecurityToken, a.securityToken)
	}

	return Sign(req, a.accessKey, a.secretKey, a.now())
}

func (a *akskAuth) kind() string { return a.option }

func (a *akskAuth) secrets() []string { return []string{a.secretKey, a.securityToken} }
