package servicestagetest

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// The IAM user the server accepts unless WithIAMUser adds others.
const (
	DefaultIAMDomain   = "servicestagetest-domain"
	DefaultIAMUser     = "servicestagetest-user"
	DefaultIAMPassword = "servicestagetest-password"
)

// iamTokensPath is the path of IAM's token API.
const iamTokensPath = "/v3/auth/tokens"

// iamTimeLayout is the layout of IAM's expires_at and issued_at.
const iamTimeLayout = "2006-01-02T15:04:05.000000Z"

// iamUserKey identifies an IAM user.
type iamUserKey struct {
	domain, user string
}

// WithIAMUser makes the IAM endpoint accept the user of the domain with
// the password, besides DefaultIAMUser. It may be given several times.
func WithIAMUser(domain, user, password string) Option {
	return func(s *Server) {
		s.auth.mu.Lock()
		defer s.auth.mu.Unlock()

		if s.auth.users == nil {
			s.auth.users = make(map[iamUserKey]string)
		}

		s.auth.users[iamUserKey{domain, user}] = password
	}
}

// IAMRequests returns how many token requests the IAM endpoint has
// received: accepted, rejected or failed by InjectIAMFault.
func (s *Server) IAMRequests() int {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()

	return s.auth.iamRequests
}

// passwordTokenRequest is the part of a POST /v3/auth/tokens body the
// server reads.
type passwordTokenRequest struct {
	Auth struct {
		Identity struct {
			Methods  []string `json:"methods"`
			Password struct {
				User struct {
					Name     string `json:"name"`
					Password string `json:"password"`
					Domain   struct {
						Name string `json:"name"`
					} `json:"domain"`
				} `json:"user"`
			} `json:"password"`
		} `json:"identity"`
		Scope struct {
			Project struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"project"`
		} `json:"scope"`
	} `json:"auth"`
}

// withIAM serves IAM's POST /v3/auth/tokens, which needs no credentials,
// with the next fault from InjectIAMFault, and passes every other request
// on.
func (s *Server) withIAM(next http.Handler) http.Handler {
	issue := http.HandlerFunc(s.issueToken)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != iamTokensPath {
			next.ServeHTTP(w, r)
			return
		}

		s.auth.mu.Lock()
		s.auth.iamRequests++
		s.auth.mu.Unlock()

		if f, ok := s.nextFault(&s.iamFaults); ok {
			serveFault(w, r, f, issue)
			return
		}

		issue(w, r)
	})
}

// issueToken checks a project-scoped password identity and responds 201
// with a new token in X-Subject-Token and its expiry in the body.
//
// NOTE: the error bodies follow the Keystone shape that IAM is based on.
// The exact codes and messages of Huawei IAM are not reproduced.
func (s *Server) issueToken(w http.ResponseWriter, r *http.Request) {
	var req passwordTokenRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeIAMError(w, http.StatusBadRequest, "The request body is not valid JSON.")
		return
	}

	identity := req.Auth.Identity
	user := identity.Password.User
	project := req.Auth.Scope.Project
	switch {
	case !slices.Contains(identity.Methods, "password"):
		writeIAMError(w, http.StatusBadRequest, "auth.identity.methods must contain password.")
		return
	case user.Name == "" || user.Password == "" || user.Domain.Name == "":
		writeIAMError(w, http.StatusBadRequest,
			"auth.identity.password.user needs name, password and domain.name.")
		return
	case project.Name == "" && project.ID == "":
		writeIAMError(w, http.StatusBadRequest, "auth.scope.project needs name or id.")
		return
	case !s.auth.checkPassword(user.Domain.Name, user.Name, user.Password):
		writeIAMError(w, http.StatusUnauthorized, "The username or password is wrong.")
		return
	}

	issuedAt := s.now().UTC()
	token, expiresAt := s.auth.issue(issuedAt)
	w.Header().Set("X-Subject-Token", token)
	writeJSON(w, http.StatusCreated, map[string]any{"token": map[string]any{
		"methods":    []string{"password"},
		"issued_at":  issuedAt.Format(iamTimeLayout),
		"expires_at": expiresAt.UTC().Format(iamTimeLayout),
		"project":    map[string]string{"id": project.ID, "name": project.Name},
		"user": map[string]any{
			"name":   user.Name,
			"domain": map[string]string{"name": user.Domain.Name},
		},
	}})
}

// checkPassword reports whether the user of the domain has the password.
func (a *authState) checkPassword(domain, user, password string) bool {
	if domain == DefaultIAMDomain && user == DefaultIAMUser && password == DefaultIAMPassword {
		return true
	}

	a.mu.Lock()
	defer a.mu.Unlock()

	want, ok := a.users[iamUserKey{domain, user}]
	return ok && password == want
}

// issue records a new token that expires one lifetime after issuedAt.
func (a *authState) issue(issuedAt time.Time) (string, time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()

	lifetime := DefaultTokenLifetime
	if a.lifetimeSet {
		lifetime = a.lifetime
	}

	if a.issued == nil {
		a.issued = make(map[string]time.Time)
	}

	token := "servicestagetest-iam-" + newID(48)
	expiresAt := issuedAt.Add(lifetime)
	a.issued[token] = expiresAt
	return token, expiresAt
}

// writeIAMError writes an error in the shape of IAM's token API.
func writeIAMError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"code":    status,
		"message": message,
		"title":   http.StatusText(status),
	}})
}
