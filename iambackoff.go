package servicestage

import (
	"fmt"
	"time"
)

// Backoff after failed token fetches: no fetch starts for iamMinBackoff
// after a failure, doubled with each further failure up to iamMaxBackoff,
// until a success resets it. IAM can lock a user after repeated failed
// logins: an account's login policy allows 3 to 10 of them within 15 to 60
// minutes (login_failed_times and period_with_login_failures of
// UpdateDomainLoginPolicy in Huawei's IAM API reference).
//
// NOTE: the backoff bounds the rate of requests with a wrong password, to
// one a minute at most after 7 failures, but cannot keep IAM from locking
// the user.
const (
	iamMinBackoff = time.Second
	iamMaxBackoff = time.Minute
)

// backoffWait returns how long no fetch starts after the given number of
// consecutive failures: iamMinBackoff, doubled for each failure after the
// first, at most iamMaxBackoff.
func backoffWait(failures int) time.Duration {
	wait := iamMinBackoff
	for i := 1; i < failures && wait < iamMaxBackoff; i++ {
		wait *= 2
	}

	return min(wait, iamMaxBackoff)
}

// backoffError is the error of a Token call made during the backoff wait
// after a failed fetch. It wraps the error of that fetch.
type backoffError struct {
	err      error
	retryAt  time.Time
	wait     time.Duration
	failures int
}

func (e *backoffError) Error() string {
	failures := "1 failure"
	if e.failures != 1 {
		failures = fmt.Sprintf("%d failures in a row", e.failures)
	}

	return fmt.Sprintf("%v; the next IAM request is allowed at %s, in %v, after %s",
		e.err, e.retryAt.UTC().Format(backoffTimeLayout), e.wait, failures)
}

func (e *backoffError) Unwrap() error { return e.err }

// backoffTimeLayout is RFC 3339 with milliseconds, for the end of a
// backoff wait.
const backoffTimeLayout = "2006-01-02T15:04:05.000Z07:00"
