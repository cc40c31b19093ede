package servicestage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// IAM's token API.
const (
	iamOperation       = "get IAM token"
	iamTokensPath      = "/v3/auth/tokens"
	headerSubjectToken = "X-Subject-Token"
)

// iamTokenRequest is the body of POST /v3/auth/tokens for a password
// identity and a project scope.
type iamTokenRequest struct {
	Auth iamAuth `json:"auth"`
}

type iamAuth struct {
	Identity iamIdentity `json:"identity"`
	Scope    iamScope    `json:"scope"`
}

type iamIdentity struct {
	Methods  []string    `json:"methods"`
	Password iamPassword `json:"password"`
}

type iamPassword struct {
	User iamUser `json:"user"`
}

type iamUser struct {
	Name     string    `json:"name"`
	Password string    `json:"password"`
	Domain   iamDomain `json:"domain"`
}

type iamDomain struct {
	Name string `json:"name"`
}

type iamScope struct {
	Project iamProject `json:"project"`
}

type iamProject struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// iamTokenResponse is the part of IAM's token response this package reads.
type iamTokenResponse struct {
	Token struct {
		ExpiresAt string `json:"expires_at"`
	} `json:"token"`
}

// errNoExpiry is the reason a token response without token.expires_at is
// rejected: without it the token cannot be refreshed in time.
var errNoExpiry = errors.New("response has no token.expires_at")

// fetchToken gets a new token from IAM and returns it with its expiry.
func (s *IAMTokenSource) fetchToken(ctx context.Context) (string, time.Time, error) {
	body := iamTokenRequest{Auth: iamAuth{
		Identity: iamIdentity{
			Methods: []string{"password"},
			Password: iamPassword{User: iamUser{
				Name:     s.creds.UserName,
				Password: s.creds.Password,
				Domain:   iamDomain{Name: s.creds.DomainName},
			}},
		},
		Scope: iamScope{Project: iamProject{ID: s.creds.ProjectID, Name: s.creds.ProjectName}},
	}}

	// nocatalog=true leaves the service catalog, tens of kilobytes that
	// this package does not read, out of the response.
	resp, err := s.http.R().
		SetContext(ctx).
		SetHeader("Content-Type", contentTypeJSON).
		SetHeader("Accept", "application/json").
		SetHeader("User-Agent", defaultAgent).
		SetQueryParam("nocatalog", "true").
		SetBody(body).
		Post(s.endpoint + iamTokensPath)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("servicestage: %s: %w", iamOperation,
			redactWith(s.redactor, err))
	}

	status := resp.StatusCode()
	if status < 200 || status > 299 {
		return "", time.Time{}, s.newAPIError(resp.RawResponse, resp.Body())
	}

	return s.parseTokenResponse(status, resp.Header().Get(headerSubjectToken), resp.Body())
}

// parseTokenResponse reads the token and its expiry from a 2xx response.
// An error hides the password and the token.
func (s *IAMTokenSource) parseTokenResponse(status int, token string,
	body []byte) (string, time.Time, error) {
	switch {
	case token == "":
		return "", time.Time{}, fmt.Errorf("servicestage: %s: IAM returned %d without an %s "+
			"header; check that the endpoint is IAM's", iamOperation, status, headerSubjectToken)
	case hasControl(token):
		return "", time.Time{}, fmt.Errorf("servicestage: %s: the %s header contains a "+
			"control character", iamOperation, headerSubjectToken)
	}

	var parsed iamTokenResponse
	err := json.Unmarshal(body, &parsed)
	if err == nil && parsed.Token.ExpiresAt == "" {
		err = errNoExpiry
	}

	var expiresAt time.Time
	if err == nil {
		expiresAt, err = time.Parse(time.RFC3339Nano, parsed.Token.ExpiresAt)
	}

	if err != nil {
		redactor := newRedactor([]string{s.creds.Password, token})
		return "", time.Time{}, &DecodeError{Operation: iamOperation, StatusCode: status,
			Body: truncate(redactBytes(redactor, body), maxErrorBody),
			Err:  redactWith(redactor, err)}
	}

	return token, expiresAt, nil
}

// newAPIError builds the *APIError of a non-2xx IAM response, with the
// password removed from every field.
func (s *IAMTokenSource) newAPIError(raw *http.Response, body []byte) *APIError {
	status := 0
	if raw != nil {
		status = raw.StatusCode
	}

	code, message, requestID, body := parseRedactedErrorBody(s.redactor, status, body)
	if raw != nil && raw.Header.Get(headerRequestID) != "" {
		requestID = s.redactor.Replace(raw.Header.Get(headerRequestID))
	}

	return &APIError{
		StatusCode: status,
		Code:       code,
		Message:    message,
		RequestID:  requestID,
		Operation:  iamOperation,
		Body:       body,
	}
}
