package servicestage

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
)

// Retry defaults: up to three attempts, waiting between 250 ms and 5 s.
const (
	DefaultMaxAttempts  = 3
	DefaultRetryMinWait = 250 * time.Millisecond
	DefaultRetryMaxWait = 5 * time.Second

	// maxAttemptsLimit keeps a typo from producing a client that retries
	// for hours.
	maxAttemptsLimit = 100
)

// retryPolicy is how often and how long a Client retries.
type retryPolicy struct {
	maxAttempts int
	minWait     time.Duration
	maxWait     time.Duration
}

// WithRetry makes each call try up to maxAttempts times, waiting with
// capped exponential backoff and jitter between minWait and maxWait.
// A Retry-After header on a response that is retried sets the wait
// instead, capped at maxWait.
//
// Idempotent calls (every call but StartBuild and CreateJob) are retried
// on a network failure, a timed-out attempt, 429, 502, 503 and 504. The
// others are retried only when the request cannot have reached the
// service: a failure to connect, or 429. The default is DefaultMaxAttempts
// attempts between DefaultRetryMinWait and DefaultRetryMaxWait.
func WithRetry(maxAttempts int, minWait, maxWait time.Duration) Option {
	return func(cfg *config) error {
		switch {
		case maxAttempts < 1 || maxAttempts > maxAttemptsLimit:
			return argError("servicestage: WithRetry: max attempts %d is out of range; "+
				"pass 1 to %d (1 turns retries off)", maxAttempts, maxAttemptsLimit)
		case minWait < 0:
			return argError("servicestage: WithRetry: min wait %v is negative", minWait)
		case maxWait < minWait:
			return argError("servicestage: WithRetry: max wait %v is less than min wait %v",
				maxWait, minWait)
		}

		cfg.retry = retryPolicy{maxAttempts: maxAttempts, minWait: minWait, maxWait: maxWait}
		return nil
	}
}

// WithoutRetry makes each call a single attempt.
func WithoutRetry() Option {
	return WithRetry(1, 0, 0)
}

// retryCondition is the resty retry condition of every request of c. It
// logs each retry when c has a logger. resty passes a nil response only
// for an error raised before the request was sent, which is not retried.
func (c *Client) retryCondition(resp *resty.Response, err error) bool {
	if resp == nil || resp.Request == nil {
		return false
	}

	req := resp.Request
	ctx := req.Context()
	retry := retryable(ctx, idempotent(req.Method), resp, err)
	if !retry || c.logger == nil || req.Attempt >= c.retry.maxAttempts {
		return retry
	}

	if cl, ok := ctx.Value(callKey{}).(*call); ok {
		status, requestID := 0, ""
		if resp.RawResponse != nil {
			status, requestID = resp.StatusCode(), resp.Header().Get(headerRequestID)
		}

		if err != nil {
			err = redactWith(c.requestRedactor(req.RawRequest), err)
		}

		c.logRetry(ctx, cl, req.Attempt, status, requestID, err)
	}

	return retry
}

// retryable reports whether an attempt that ended with resp and err should
// be tried again. A cancelled or expired call context never retries.
func retryable(ctx context.Context, idempotent bool, resp *resty.Response, err error) bool {
	if ctx.Err() != nil {
		return false
	}

	// A body over the limit still has a status, which decides.
	hasStatus := resp != nil && resp.RawResponse != nil
	if err != nil && !(hasStatus && errors.Is(err, resty.ErrResponseBodyTooLarge)) {
		return retryableError(err, idempotent)
	}

	if !hasStatus {
		return false
	}

	switch resp.StatusCode() {
	case http.StatusTooManyRequests:
		return true
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return idempotent
	}

	return false
}

// retryableError reports whether a failed attempt is worth another. Only
// failures of the HTTP exchange itself qualify: network errors and bodies
// cut short. A rejected redirect, a certificate error and an error raised
// before sending, such as a failed token fetch, do not.
func retryableError(err error, idempotent bool) bool {
	var certErr *x509.CertificateInvalidError
	var unknownAuthority x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	if errors.Is(err, errRedirect) || errors.As(err, &certErr) ||
		errors.As(err, &unknownAuthority) || errors.As(err, &hostnameErr) {
		return false
	}

	if isDialError(err) {
		return true
	}

	var netErr net.Error
	exchangeFailed := errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF)
	return exchangeFailed && idempotent
}

// isDialError reports whether err happened while connecting, before any
// byte of the request was sent.
func isDialError(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}

	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date. It
// returns 0, which makes resty use its backoff, for a missing, invalid or
// past value. resty caps the result at the maximum wait.
func retryAfter(now func() time.Time) resty.RetryAfterFunc {
	return func(_ *resty.Client, resp *resty.Response) (time.Duration, error) {
		if resp == nil || resp.RawResponse == nil {
			return 0, nil
		}

		return parseRetryAfter(resp.Header().Get("Retry-After"), now()), nil
	}
}

// maxRetryAfterSeconds bounds a Retry-After value before it is converted to
// a time.Duration, which would overflow past about 292 years. resty caps
// the wait at the maximum wait anyway.
const maxRetryAfterSeconds = 24 * 60 * 60

// parseRetryAfter returns the wait a Retry-After value requests, or 0.
func parseRetryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}

	if seconds, err := strconv.ParseInt(value, 10, 64); err == nil {
		if seconds <= 0 {
			return 0
		}

		if seconds > maxRetryAfterSeconds {
			return maxRetryAfterSeconds * time.Second
		}

		return time.Duration(seconds) * time.Second
	}

	when, err := http.ParseTime(value)
	if err != nil || !when.After(now) {
		return 0
	}

	return when.Sub(now)
}
