package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/servicestage-go/servicestage"
)

// Output formats that -o accepts.
const (
	formatTable = "table"
	formatJSON  = "json"
)

// output writes a command's result to stdout, as text for people or as
// exactly one JSON document.
type output struct {
	w      io.Writer
	format string

	// documented is true once a JSON document was written, so an error
	// that follows does not add a second one.
	documented bool
}

// isJSON reports whether -o json was given.
func (o *output) isJSON() bool { return o.format == formatJSON }

// writeJSON writes v as the command's one JSON document.
func (o *output) writeJSON(v any) error {
	if o.documented {
		return errors.New("internal error: a second JSON document was about to be written")
	}

	enc := json.NewEncoder(o.w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	o.documented = true
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON output: %w", err)
	}

	return nil
}

// newTable returns a writer that aligns tab-separated columns. Call Flush
// when done.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}

// errorDocument is the JSON document printed on stdout under -o json when
// a command fails before writing its result.
type errorDocument struct {
	Error errorDetail `json:"error"`
}

// errorDetail describes a failure in an errorDocument.
type errorDetail struct {
	// Message is the error line printed on stderr.
	Message string `json:"message"`

	// Kind is usage, api, network, build, timeout or interrupted.
	Kind string `json:"kind"`

	ExitCode int `json:"exit_code"`

	// Status, Code and RequestID come from the service's error response.
	Status    int    `json:"status,omitempty"`
	Code      string `json:"code,omitempty"`
	RequestID string `json:"request_id,omitempty"`

	// BuildID and JobID name what the failed request was about.
	BuildID string `json:"build_id,omitempty"`
	JobID   string `json:"job_id,omitempty"`
}

// newErrorDetail fills an errorDetail from f, with the service's details
// when f wraps an *APIError.
func newErrorDetail(f failure) errorDetail {
	detail := errorDetail{Message: f.message, Kind: f.kind, ExitCode: f.exitCode}
	var apiErr *servicestage.APIError
	if errors.As(f.err, &apiErr) {
		detail.Status = apiErr.StatusCode
		detail.Code = apiErr.Code
		detail.RequestID = apiErr.RequestID
		detail.BuildID = apiErr.BuildID
		detail.JobID = apiErr.JobID
	}

	return detail
}
