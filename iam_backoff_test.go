package servicestage_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// wrongPasswordSource returns a source whose password the server rejects.
func wrongPasswordSource(t *testing.T, server *servicestagetest.Server,
	clock *fakeClock) *servicestage.IAMTokenSource {
	t.Helper()

	creds := defaultCredentials()
	creds.Password = "wrong-VERY-SECRET"
	source, _ := newIAMSource(t, server, clock, creds)
	return source
}

// TestIAMTokenSource_WrongPasswordNoFlood has 50 goroutines call Token 20
// times each on a clock that does not move: only the first fetch may reach
// IAM.
func TestIAMTokenSource_WrongPasswordNoFlood(t *testing.T) {
	const callers, calls = 50, 20
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source := wrongPasswordSource(t, server, clock)

	errs := make(chan error, callers*calls)
	var wg sync.WaitGroup
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				_, err := source.Token(context.Background())
				errs <- err
			}
		}()
	}

	wg.Wait()
	close(errs)

	require.Equal(t, 1, server.IAMRequests())
	for err := range errs {
		require.ErrorIs(t, err, servicestage.ErrUnauthorized)
	}
}

func TestIAMTokenSource_BackoffError(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source := wrongPasswordSource(t, server, clock)
	_, first := source.Token(context.Background())
	require.ErrorIs(t, first, servicestage.ErrUnauthorized)

	clock.Advance(400 * time.Millisecond)
	token, err := source.Token(context.Background())

	require.Empty(t, token)
	require.Equal(t, 1, server.IAMRequests())
	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	require.Equal(t, first.Error()+"; the next IAM request is allowed at "+
		"2025-11-14T08:00:43.000Z, in 600ms, after 1 failure", err.Error())
	require.NotContains(t, err.Error(), "wrong-VERY-SECRET")
}

// TestIAMTokenSource_BackoffDoubles checks each wait after a wrong
// password: no request until it ends, one request when it has.
func TestIAMTokenSource_BackoffDoubles(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source := wrongPasswordSource(t, server, clock)
	_, err := source.Token(context.Background())
	require.Error(t, err)

	waits := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second,
		16 * time.Second, 32 * time.Second, time.Minute, time.Minute}
	for i, wait := range waits {
		clock.Advance(wait - time.Millisecond)
		_, err = source.Token(context.Background())
		require.ErrorIs(t, err, servicestage.ErrUnauthorized)
		require.Equal(t, i+1, server.IAMRequests(), "before wait %d of %v ends", i+1, wait)

		clock.Advance(time.Millisecond)
		_, err = source.Token(context.Background())
		require.ErrorIs(t, err, servicestage.ErrUnauthorized)
		require.Equal(t, i+2, server.IAMRequests(), "when wait %d of %v ends", i+1, wait)
	}
}

// TestIAMTokenSource_BackoffResetsOnSuccess fails three fetches, lets the
// fourth succeed, and checks that the next failure waits 1 second again.
func TestIAMTokenSource_BackoffResetsOnSuccess(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, _ := newIAMSource(t, server, clock, defaultCredentials())
	unavailable := servicestagetest.Fault{Status: http.StatusServiceUnavailable}
	server.InjectIAMFault(unavailable, 3)

	for _, wait := range []time.Duration{0, time.Second, 2 * time.Second} {
		clock.Advance(wait)
		_, err := source.Token(context.Background())
		require.ErrorIs(t, err, servicestage.ErrServerError)
	}

	clock.Advance(4 * time.Second)
	token, err := source.Token(context.Background())
	require.NoError(t, err)
	require.Equal(t, 4, server.IAMRequests())

	source.InvalidateToken(token)
	server.InjectIAMFault(unavailable, 1)
	_, err = source.Token(context.Background())
	require.ErrorIs(t, err, servicestage.ErrServerError)
	clock.Advance(time.Second)
	_, err = source.Token(context.Background())

	require.NoError(t, err)
	require.Equal(t, 6, server.IAMRequests())
}

// TestIAMTokenSource_FailedRefreshBacksOff fails background refreshes
// within the refresh margin: callers keep the valid token, and refreshes
// start only when each backoff wait has ended.
func TestIAMTokenSource_FailedRefreshBacksOff(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, _ := newIAMSource(t, server, clock, defaultCredentials())
	first, err := source.Token(context.Background())
	require.NoError(t, err)
	server.InjectIAMFault(servicestagetest.Fault{Status: http.StatusServiceUnavailable}, 3)
	clock.Advance(56 * time.Minute)

	// Each step advances the clock, calls Token several times, waits for
	// any background refresh, and expects this many IAM requests in all.
	steps := []struct {
		advance  time.Duration
		requests int
	}{
		{0, 2},
		{999 * time.Millisecond, 2},
		{time.Millisecond, 3},
		{time.Second, 3},
		{time.Second, 4},
	}
	for i, step := range steps {
		clock.Advance(step.advance)
		for range 5 {
			token, err := source.Token(context.Background())
			require.NoError(t, err)
			require.Equal(t, first, token, "step %d", i)
			servicestage.WaitForIAMFetch(source)
		}

		require.Equal(t, step.requests, server.IAMRequests(), "step %d", i)
	}

	clock.Advance(4 * time.Second)
	_, err = source.Token(context.Background())
	require.NoError(t, err)
	servicestage.WaitForIAMFetch(source)
	renewed, err := source.Token(context.Background())

	require.NoError(t, err)
	require.NotEqual(t, first, renewed)
	require.Equal(t, 5, server.IAMRequests())
}

// TestIAMTokenSource_BackoffAfterExpiry lets the cached token expire while
// a failed refresh's backoff wait runs: callers get the refresh's error.
func TestIAMTokenSource_BackoffAfterExpiry(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, _ := newIAMSource(t, server, clock, defaultCredentials())
	_, err := source.Token(context.Background())
	require.NoError(t, err)
	server.InjectIAMFault(servicestagetest.Fault{Status: http.StatusServiceUnavailable}, 1)
	clock.Advance(time.Hour - time.Millisecond)
	_, err = source.Token(context.Background())
	require.NoError(t, err)
	servicestage.WaitForIAMFetch(source)

	clock.Advance(time.Millisecond)
	token, err := source.Token(context.Background())

	require.Empty(t, token)
	require.ErrorIs(t, err, servicestage.ErrServerError)
	require.ErrorContains(t, err, "the next IAM request is allowed at")
	require.Equal(t, 2, server.IAMRequests())
}
