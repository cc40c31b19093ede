package servicestage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-resty/resty/v2"
)

// ErrInvalidArgument is matched by errors.Is for every error that rejects
// a caller's argument before any request is sent.
var ErrInvalidArgument = errors.New("servicestage: invalid argument")

// call describes one API operation.
type call struct {
	operation string
	method    string
	path      string
	query     url.Values
	body      any
	buildID   string
	jobID     string
}

// resourceText returns ` "<id>"` for the build or job of the call, for
// error messages.
func (cl *call) resourceText() string {
	switch {
	case cl.buildID != "":
		return fmt.Sprintf(" %q", cl.buildID)
	case cl.jobID != "":
		return fmt.Sprintf(" %q", cl.jobID)
	}

	return ""
}

// invalidArgument returns an error about a caller's argument that matches
// ErrInvalidArgument.
func invalidArgument(operation, format string, args ...any) error {
	return fmt.Errorf("servicestage: %s: %s: %w", operation, fmt.Sprintf(format, args...),
		ErrInvalidArgument)
}

// checkID rejects an id that is blank or is a dot segment, which a server
// or proxy could resolve to another path.
func checkID(operation, name, id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return invalidArgument(operation, "%s is empty; pass the %s", name, name)
	case id == "." || id == "..":
		return invalidArgument(operation, "%s %q is not a valid id", name, id)
	}

	return nil
}

// do sends the call and decodes a 2xx JSON response into out, which may be
// nil when the response has no body to read. A non-2xx response returns an
// *APIError and a body that does not decode returns a *DecodeError.
func (c *Client) do(ctx context.Context, cl *call, out any) error {
	if c == nil || c.http == nil {
		return fmt.Errorf("servicestage: %s: client is nil; create one with NewClient",
			cl.operation)
	}

	if ctx == nil {
		return invalidArgument(cl.operation, "context is nil; pass context.Background()")
	}

	if err := ctx.Err(); err != nil {
		return fmt.Errorf("servicestage: %s%s: %w", cl.operation, cl.resourceText(), err)
	}

	resp, err := c.sendRenewingCredentials(ctx, cl)
	if err != nil {
		return err
	}

	status := resp.StatusCode()
	body := resp.Body()
	if status < 200 || status > 299 {
		return c.newAPIError(cl, resp.RawResponse, body)
	}

	if out == nil {
		return nil
	}

	return decodeJSON(cl.operation, status, body, out)
}

// sendRenewingCredentials sends the call. When the service returns 401 and
// the client can replace the credentials, as with a TokenSource, it
// discards the rejected ones and sends the call once more.
func (c *Client) sendRenewingCredentials(ctx context.Context, cl *call) (*resty.Response, error) {
	resp, err := c.sendOnce(ctx, cl)
	if err != nil || resp.StatusCode() != http.StatusUnauthorized {
		return resp, err
	}

	renewable, ok := c.auth.(renewer)
	if !ok {
		return resp, nil
	}

	renewable.discard(resp.Request.RawRequest)
	return c.sendOnce(ctx, cl)
}

// sendOnce sends the call once. A transport error comes back wrapped with
// the operation and with secrets removed.
func (c *Client) sendOnce(ctx context.Context, cl *call) (*resty.Response, error) {
	req, err := c.newRequest(ctx, cl)
	if err != nil {
		return nil, err
	}

	resp, err := req.Execute(cl.method, c.endpoint+cl.path)
	if err != nil {
		return nil, fmt.Errorf("servicestage: %s%s: %w", cl.operation, cl.resourceText(),
			c.redactError(err))
	}

	return resp, nil
}

// newRequest builds the resty request of a call with the standard headers.
func (c *Client) newRequest(ctx context.Context, cl *call) (*resty.Request, error) {
	req := c.http.R().
		SetContext(ctx).
		SetHeader("Content-Type", contentTypeJSON).
		SetHeader("Accept", "application/json").
		SetHeader("User-Agent", c.userAgent)
	if len(cl.query) > 0 {
		req.SetQueryParamsFromValues(cl.query)
	}

	if cl.body != nil {
		payload, err := json.Marshal(cl.body)
		if err != nil {
			return nil, fmt.Errorf("servicestage: %s: encode request body: %w", cl.operation, err)
		}

		req.SetBody(payload)
	}

	return req, nil
}

// newAPIError builds the *APIError of a non-2xx response.
func (c *Client) newAPIError(cl *call, raw *http.Response, body []byte) *APIError {
	status := 0
	if raw != nil {
		status = raw.StatusCode
	}

	code, message, requestID := parseErrorBody(status, body)
	if raw != nil && raw.Header.Get(headerRequestID) != "" {
		requestID = raw.Header.Get(headerRequestID)
	}

	redactor := c.redactor
	if raw != nil && raw.Request != nil {
		redactor = newRedactor(append(c.auth.secrets(), sentCredentials(raw.Request.Header)...))
	}

	return &APIError{
		StatusCode: status,
		Code:       redactor.Replace(code),
		Message:    redactor.Replace(message),
		RequestID:  redactor.Replace(requestID),
		Operation:  cl.operation,
		BuildID:    cl.buildID,
		JobID:      cl.jobID,
		Body:       []byte(redactor.Replace(string(truncate(body, maxErrorBody)))),
	}
}

// redactError hides secrets in the text of a transport error while keeping
// the error chain for errors.Is and errors.As.
func (c *Client) redactError(err error) error {
	return redactWith(c.redactor, err)
}

// redactWith hides the secrets of redactor in the text of err while keeping
// the error chain.
func redactWith(redactor *strings.Replacer, err error) error {
	text := err.Error()
	if redacted := redactor.Replace(text); redacted != text {
		return &redactedError{text: redacted, err: err}
	}

	return err
}

// redactedError is an error whose text had secrets removed.
type redactedError struct {
	text string
	err  error
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }

// validator is a response model that checks it holds what every response
// of its kind carries, such as a Build's id.
type validator interface {
	validate() error
}

// errNotObject is the reason a 2xx body that is valid JSON but not an
// object, such as null, is rejected.
var errNotObject = errors.New("response is not a JSON object")

// decodeJSON decodes a 2xx body that must be a JSON object into out.
func decodeJSON(operation string, status int, body []byte, out any) error {
	err := json.Unmarshal(body, out)
	if trimmed := bytes.TrimSpace(body); err == nil && (len(trimmed) == 0 || trimmed[0] != '{') {
		err = errNotObject
	}

	if v, ok := out.(validator); ok && err == nil {
		err = v.validate()
	}

	if err != nil {
		return &DecodeError{Operation: operation, StatusCode: status,
			Body: truncate(body, maxErrorBody), Err: err}
	}

	return nil
}
