package servicestage

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"
)

// Sentinel errors for the HTTP status classes a caller usually handles.
// An *APIError matches one of them through errors.Is by its status code.
var (
	ErrBadRequest      = errors.New("servicestage: bad request (400)")
	ErrUnauthorized    = errors.New("servicestage: unauthorized (401)")
	ErrForbidden       = errors.New("servicestage: forbidden (403)")
	ErrNotFound        = errors.New("servicestage: not found (404)")
	ErrConflict        = errors.New("servicestage: conflict (409)")
	ErrTooManyRequests = errors.New("servicestage: too many requests (429)")
	ErrServerError     = errors.New("servicestage: server error (5xx)")
)

// maxErrorBody is how many bytes of an error response APIError.Body keeps.
const maxErrorBody = 4 << 10

// APIError is a response from the service, or from the API gateway in front
// of it, with a status code outside 2xx.
type APIError struct {
	// StatusCode is the HTTP status code, such as 400.
	StatusCode int

	// Code is the service error code, such as "SVCSTG.CPE.5004401" or
	// "APIGW.0301". It is empty when the body carries none.
	Code string

	// Message is the service's error message. When the body carries none,
	// it is the status text followed by a short sample of the body.
	Message string

	// RequestID is the X-Request-Id response header, or the body's
	// request_id when the header is absent.
	RequestID string

	// Operation names the call that failed, such as "cancel build".
	Operation string

	// BuildID is the build the call was about, if any.
	BuildID string

	// JobID is the job the call was about, if any.
	JobID string

	// Body is the start of the raw response body, at most 4 KiB.
	Body []byte

	// Attempts is how many HTTP attempts the call made, retries included.
	Attempts int
}

// Error returns one line naming the operation, the resource, the status,
// the service code, the message and the request id.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("servicestage: ")
	b.WriteString(e.Operation)
	if id := e.resourceID(); id != "" {
		fmt.Fprintf(&b, " %q", id)
	}

	b.WriteString(": ")
	b.WriteString(e.summary())
	return oneLine(b.String())
}

// summary returns the status, code, message, request id and attempts,
// without the operation.
func (e *APIError) summary() string {
	var b strings.Builder
	statusText := http.StatusText(e.StatusCode)
	fmt.Fprintf(&b, "%d", e.StatusCode)
	if statusText != "" {
		b.WriteString(" " + statusText)
	}

	if e.Code != "" {
		b.WriteString(": " + e.Code)
	}

	if message := e.detail(statusText); message != "" {
		b.WriteString(": " + message)
	}

	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}

	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}

	return b.String()
}

// interruptedError is a call that ended for cause, such as its context
// ending while it waited to retry, after a response that is kept as an
// *APIError. errors.Is and errors.As reach both.
type interruptedError struct {
	text   string
	cause  error
	apiErr *APIError
}

func (e *interruptedError) Error() string { return e.text }

// Unwrap returns the cause and the last response's *APIError.
func (e *interruptedError) Unwrap() []error { return []error{e.cause, e.apiErr} }

// newInterruptedError returns an error for cause that keeps apiErr.
func newInterruptedError(cause error, reason string, apiErr *APIError) *interruptedError {
	text := fmt.Sprintf("servicestage: %s", apiErr.Operation)
	if id := apiErr.resourceID(); id != "" {
		text += fmt.Sprintf(" %q", id)
	}

	text += ": " + reason + "; last response: " + apiErr.summary()
	return &interruptedError{text: oneLine(text), cause: cause, apiErr: apiErr}
}

// detail returns the message without the status text that Error already
// shows, so a fallback message does not repeat it.
func (e *APIError) detail(statusText string) string {
	if statusText == "" {
		statusText = "status " + strconv.Itoa(e.StatusCode)
	}

	if e.Message == statusText {
		return ""
	}

	return strings.TrimPrefix(e.Message, statusText+": ")
}

func (e *APIError) resourceID() string {
	if e.BuildID != "" {
		return e.BuildID
	}

	return e.JobID
}

// Is reports whether target is the sentinel error for e's status code, so
// errors.Is(err, ErrNotFound) holds for a 404.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrTooManyRequests:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServerError:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}

	return false
}

// DecodeError is a 2xx response whose body is not the JSON document the
// operation returns. It unwraps to the JSON error, if any.
type DecodeError struct {
	// Operation names the call, such as "cancel build".
	Operation string

	// BuildID is the build the call was about, if any.
	BuildID string

	// JobID is the job the call was about, if any.
	JobID string

	// StatusCode is the HTTP status code of the response.
	StatusCode int

	// Body is the start of the response body, at most 4 KiB.
	Body []byte

	// Err is the reason decoding failed.
	Err error
}

// Error returns one line with the operation, the status, the reason and a
// sample of the body.
func (e *DecodeError) Error() string {
	id := e.BuildID
	if id == "" {
		id = e.JobID
	}

	resource := ""
	if id != "" {
		resource = " " + strconv.Quote(id)
	}

	return oneLine(fmt.Sprintf("servicestage: %s%s: invalid response body (status %d): %v; "+
		"body starts %s", e.Operation, resource, e.StatusCode, e.Err, sample(e.Body)))
}

// Unwrap returns the reason decoding failed.
func (e *DecodeError) Unwrap() error { return e.Err }

// oneLine replaces line breaks and other control characters, C1 controls
// and the Unicode line and paragraph separators included, with spaces so
// that server text cannot split an error message.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}

		return r
	}, s)
}

// truncate returns at most limit bytes of body, copied.
func truncate(body []byte, limit int) []byte {
	if len(body) > limit {
		body = body[:limit]
	}

	return append([]byte(nil), body...)
}
