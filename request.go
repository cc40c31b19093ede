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
	"unicode/utf8"

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

// argumentError is an argument or option rejected before any request is
// sent. It matches ErrInvalidArgument.
type argumentError struct {
	text string
}

func (e *argumentError) Error() string { return e.text }

// Is reports whether target is ErrInvalidArgument.
func (e *argumentError) Is(target error) bool { return target == ErrInvalidArgument }

// argError returns an *argumentError with a formatted message.
func argError(format string, args ...any) error {
	return &argumentError{text: fmt.Sprintf(format, args...)}
}

// invalidArgument returns an *argumentError about an argument of an
// operation.
func invalidArgument(operation, format string, args ...any) error {
	return &argumentError{text: "servicestage: " + operation + ": " + fmt.Sprintf(format, args...)}
}

// maxIDLength bounds ids, which the service issues as 40 characters.
const maxIDLength = 256

// checkID rejects an id that is blank, is a dot segment that a server or
// proxy could resolve to another path, or cannot be an id the service
// issued: surrounding spaces, control characters, invalid UTF-8, or more
// than maxIDLength bytes.
func checkID(operation, name, id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return invalidArgument(operation, "%s is empty; pass the %s", name, name)
	case id == "." || id == "..":
		return invalidArgument(operation, "%s %q is not a valid id", name, id)
	case len(id) > maxIDLength:
		return invalidArgument(operation, "%s of %d bytes is too long; ids have at most %d",
			name, len(id), maxIDLength)
	case strings.TrimSpace(id) != id:
		return invalidArgument(operation, "%s %q has surrounding spaces; remove them", name, id)
	case hasControl(id) || !utf8.ValidString(id):
		return invalidArgument(operation, "%s %q contains a control character or invalid UTF-8",
			name, id)
	}

	return nil
}

// ErrResponseTooLarge is matched by errors.Is when a response body is
// larger than the limit WithResponseBodyLimit sets.
var ErrResponseTooLarge = errors.New("servicestage: response body too large")

// idempotent reports whether sending a request with the given method twice
// has the same effect as sending it once. Only POST calls, which start
// builds and create jobs, are not.
func idempotent(method string) bool { return method != http.MethodPost }

// do sends the call, with retries, and decodes a 2xx JSON response into
// out, which may be nil when the response has no body to read. A non-2xx
// response returns an *APIError and a body that does not decode returns a
// *DecodeError.
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

	resp, attempts, err := c.sendRenewingCredentials(ctx, cl)
	if err != nil {
		err = c.transportError(cl, resp, attempts, err)
		c.logFailureIfEnabled(ctx, cl, attempts, err)
		return err
	}

	status := resp.StatusCode()
	body := resp.Body()
	if status < 200 || status > 299 {
		apiErr := c.newAPIError(cl, resp.RawResponse, body)
		apiErr.Attempts = attempts
		c.logFailureIfEnabled(ctx, cl, attempts, apiErr)
		return apiErr
	}

	if out == nil {
		return nil
	}

	if err := decodeJSON(body, out); err != nil {
		redactor := c.requestRedactor(resp.RawResponse.Request)
		return &DecodeError{Operation: cl.operation, BuildID: cl.buildID, JobID: cl.jobID,
			StatusCode: status, Body: truncate(redactBytes(redactor, body), maxErrorBody),
			Err: redactWith(redactor, err)}
	}

	return nil
}

// sendRenewingCredentials sends the call with send. When the service
// returns 401 and the client can replace the credentials, as with a
// TokenSource, it discards the rejected ones and sends the call once more,
// unless the source returns the rejected token again: then the 401 is
// returned. The attempts of both sends are added up.
func (c *Client) sendRenewingCredentials(ctx context.Context,
	cl *call) (*resty.Response, int, error) {
	resp, attempts, err := c.send(ctx, cl)
	if err != nil || resp.StatusCode() != http.StatusUnauthorized {
		return resp, attempts, err
	}

	renewable, ok := c.auth.(renewer)
	if !ok {
		return resp, attempts, nil
	}

	sent := resp.Request.RawRequest
	renewable.discard(sent)
	again, more, err := c.send(withRejectedToken(ctx, sent), cl)
	if errors.Is(err, errSameToken) {
		return resp, attempts + more, nil
	}

	return again, attempts + more, err
}

// send executes the call through resty, which retries while
// retryCondition allows, and returns the last response and the number of
// attempts sent: an attempt that failed to get a token is not counted.
func (c *Client) send(ctx context.Context, cl *call) (*resty.Response, int, error) {
	if c.logger != nil {
		// The logging transport and retryCondition read the call from the
		// context. Storing a copy keeps cl off the heap when nothing logs.
		logged := *cl
		ctx = context.WithValue(ctx, callKey{}, &logged)
	}

	req, err := c.newRequest(ctx, cl)
	if err != nil {
		return nil, 0, err
	}

	resp, err := req.Execute(cl.method, c.endpoint+cl.path)
	attempts := req.Attempt
	var notSent *tokenError
	if errors.As(err, &notSent) {
		attempts--
	}

	return resp, attempts, err
}

// transportError wraps an error that ended a call without a complete
// response, with the attempt count and without secrets in its text.
func (c *Client) transportError(cl *call, resp *resty.Response, attempts int, err error) error {
	hasStatus := resp != nil && resp.RawResponse != nil
	if hasStatus && (resp.StatusCode() < 200 || resp.StatusCode() > 299) {
		apiErr := c.newAPIError(cl, resp.RawResponse, resp.Body())
		apiErr.Attempts = attempts
		switch {
		case errors.Is(err, resty.ErrResponseBodyTooLarge):
			return newInterruptedError(ErrResponseTooLarge, fmt.Sprintf(
				"response body exceeds the %d-byte limit; raise it with WithResponseBodyLimit",
				c.bodyLimit), apiErr)
		case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
			return newInterruptedError(err, err.Error(), apiErr)
		}
	}

	if errors.Is(err, resty.ErrResponseBodyTooLarge) {
		return fmt.Errorf("servicestage: %s%s: response body exceeds the %d-byte limit; "+
			"raise it with WithResponseBodyLimit: %w", cl.operation, cl.resourceText(),
			c.bodyLimit, ErrResponseTooLarge)
	}

	// With a status, the exchange failed while the body was being read.
	stage := ""
	if resp != nil && resp.RawResponse != nil {
		stage = fmt.Sprintf("read response body (status %d): ", resp.StatusCode())
	}

	suffix := ""
	if attempts > 1 {
		suffix = fmt.Sprintf(" (after %d attempts)", attempts)
	}

	var sent *http.Request
	if resp != nil && resp.Request != nil {
		sent = resp.Request.RawRequest
	}

	return fmt.Errorf("servicestage: %s%s: %s%w%s", cl.operation, cl.resourceText(), stage,
		redactWith(c.requestRedactor(sent), err), suffix)
}

// logFailureIfEnabled logs a failed call when the client has a logger.
func (c *Client) logFailureIfEnabled(ctx context.Context, cl *call, attempts int, err error) {
	if c.logger != nil {
		c.logFailure(ctx, cl, attempts, err)
	}
}

// newRequest builds the resty request of a call. The standard headers come
// from the resty client.
func (c *Client) newRequest(ctx context.Context, cl *call) (*resty.Request, error) {
	req := c.http.R().SetContext(ctx)
	if len(cl.query) > 0 {
		req.SetQueryParamsFromValues(cl.query)
	}

	// A call without a body sends an empty one. Given no body, resty 2.17
	// sends an empty chunked body without Content-Length, which costs
	// allocations and which a gateway may reject.
	payload := []byte{}
	if cl.body != nil {
		var err error
		payload, err = json.Marshal(cl.body)
		if err != nil {
			return nil, fmt.Errorf("servicestage: %s: encode request body: %w", cl.operation, err)
		}
	}

	req.SetBody(payload)
	return req, nil
}

// newAPIError builds the *APIError of a non-2xx response.
func (c *Client) newAPIError(cl *call, raw *http.Response, body []byte) *APIError {
	status := 0
	var sent *http.Request
	if raw != nil {
		status = raw.StatusCode
		sent = raw.Request
	}

	redactor := c.requestRedactor(sent)
	code, message, requestID, body := parseRedactedErrorBody(redactor, status, body)
	if raw != nil && raw.Header.Get(headerRequestID) != "" {
		requestID = redactor.Replace(raw.Header.Get(headerRequestID))
	}

	return &APIError{
		StatusCode: status,
		Code:       code,
		Message:    message,
		RequestID:  requestID,
		Operation:  cl.operation,
		BuildID:    cl.buildID,
		JobID:      cl.jobID,
		Body:       body,
	}
}

// redactBytes returns body with the secrets of redactor replaced.
func redactBytes(redactor *strings.Replacer, body []byte) []byte {
	text := string(body)
	if redacted := redactor.Replace(text); redacted != text {
		return []byte(redacted)
	}

	return body
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
func decodeJSON(body []byte, out any) error {
	err := json.Unmarshal(body, out)
	if trimmed := bytes.TrimSpace(body); err == nil && (len(trimmed) == 0 || trimmed[0] != '{') {
		err = errNotObject
	}

	if v, ok := out.(validator); ok && err == nil {
		err = v.validate()
	}

	return err
}
