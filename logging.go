package servicestage

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// redactedHeaders are never logged with their values.
var redactedHeaders = []string{"Authorization", headerAuthToken, "X-Security-Token",
	"X-Subject-Token", "Cookie", "Set-Cookie"}

// WithLogger logs retries and failed calls to logger at level Warn, and a
// summary of each HTTP attempt at level Debug. Records carry the
// operation, the build or job id, the status, the attempt and the request
// id. Credential headers are replaced by "[REDACTED]" and bodies are never
// logged. Without this option the Client logs nothing.
func WithLogger(logger *slog.Logger) Option {
	return func(cfg *config) error {
		if logger == nil {
			return argError("servicestage: WithLogger: logger is nil; " +
				"omit the option to log nothing")
		}

		cfg.logger = logger
		return nil
	}
}

// callKey is the context key under which a call is stored for the
// logging transport.
type callKey struct{}

// callAttrs returns the log attributes that identify a call.
func callAttrs(cl *call) []slog.Attr {
	attrs := []slog.Attr{slog.String("operation", cl.operation)}
	if cl.buildID != "" {
		attrs = append(attrs, slog.String("build_id", cl.buildID))
	}

	if cl.jobID != "" {
		attrs = append(attrs, slog.String("job_id", cl.jobID))
	}

	return attrs
}

// logRetry records that an attempt failed and another follows.
func (c *Client) logRetry(ctx context.Context, cl *call, attempt int, status int,
	requestID string, err error) {
	attrs := append(callAttrs(cl), slog.Int("attempt", attempt), slog.Int("status", status))
	if requestID != "" {
		attrs = append(attrs, slog.String("request_id", requestID))
	}

	if err != nil {
		attrs = append(attrs, slog.String("error", c.redactor.Replace(err.Error())))
	}

	c.logger.LogAttrs(ctx, slog.LevelWarn, "servicestage: retrying request", attrs...)
}

// logFailure records a call that ended with err after attempts attempts.
func (c *Client) logFailure(ctx context.Context, cl *call, attempts int, err error) {
	attrs := append(callAttrs(cl), slog.Int("attempts", attempts))
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		attrs = append(attrs, slog.Int("status", apiErr.StatusCode),
			slog.String("code", apiErr.Code), slog.String("request_id", apiErr.RequestID))
	}

	attrs = append(attrs, slog.String("error", err.Error()))
	c.logger.LogAttrs(ctx, slog.LevelWarn, "servicestage: request failed", attrs...)
}

// loggingTransport logs a summary of every HTTP exchange at level Debug.
type loggingTransport struct {
	next   http.RoundTripper
	logger *slog.Logger
}

// RoundTrip sends req through the wrapped transport and logs the request
// line, the redacted headers, the status, the request id and the time taken.
func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if !t.logger.Enabled(ctx, slog.LevelDebug) {
		return t.next.RoundTrip(req)
	}

	var attrs []slog.Attr
	if cl, ok := ctx.Value(callKey{}).(*call); ok {
		attrs = callAttrs(cl)
	}

	attrs = append(attrs, slog.String("method", req.Method), slog.String("url", req.URL.Redacted()),
		slog.Any("headers", redactHeaders(req.Header)))
	t.logger.LogAttrs(ctx, slog.LevelDebug, "servicestage: sending request", attrs...)

	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	attrs = append(attrs[:len(attrs)-1], slog.Duration("duration", time.Since(start)))
	if err != nil {
		redactor := newRedactor(sentCredentials(req.Header))
		attrs = append(attrs, slog.String("error", redactor.Replace(err.Error())))
		t.logger.LogAttrs(ctx, slog.LevelDebug, "servicestage: request failed", attrs...)
		return resp, err
	}

	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode),
			slog.String("request_id", resp.Header.Get(headerRequestID)),
			slog.Int64("content_length", resp.ContentLength))
	}

	t.logger.LogAttrs(ctx, slog.LevelDebug, "servicestage: received response", attrs...)
	return resp, err
}

// redactHeaders returns a copy of header with credential values replaced.
func redactHeaders(header http.Header) http.Header {
	copied := header.Clone()
	for _, name := range redactedHeaders {
		if _, ok := copied[name]; ok {
			copied[name] = []string{"[REDACTED]"}
		}
	}

	return copied
}
