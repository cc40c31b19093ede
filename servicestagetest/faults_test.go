package servicestagetest_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// quickRetry retries fast enough for tests.
var quickRetry = servicestage.WithRetry(3, time.Millisecond, 5*time.Millisecond)

func TestFaults_EachKindRecovers(t *testing.T) {
	t.Parallel()

	faults := map[string]servicestagetest.Fault{
		"status":   {Status: 503, Body: `{"error_code": "APIG.1000", "error_msg": "busy"}`},
		"throttle": {Status: 429, Header: http.Header{"Retry-After": {"0"}}},
		"drop":     {Drop: true},
		"reset":    {Reset: true},
		"truncate": {Truncate: true},
		"html":     {HTML: true},
		"latency":  {Latency: 30 * time.Millisecond, Status: 504},
	}
	for name, fault := range faults {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			server := newServer(t)
			id := server.AddBuild(servicestage.Build{})
			client, err := server.NewClient(quickRetry)
			require.NoError(t, err)
			server.InjectFault(fault, 2)

			build, err := client.CancelBuild(context.Background(), id)
			require.NoError(t, err)
			assert.Equal(t, servicestage.BuildStateCancel, build.State)
			assert.Equal(t, int64(3), server.RequestCount())
			assert.Equal(t, 0, server.PendingFaults())
		})
	}
}

func TestFaults_ExhaustRetries(t *testing.T) {
	t.Parallel()

	cases := map[string]struct {
		fault servicestagetest.Fault
		check func(t *testing.T, err error)
	}{
		"status": {servicestagetest.Fault{Status: 502}, func(t *testing.T, err error) {
			var apiErr *servicestage.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, 3, apiErr.Attempts)
			assert.Equal(t, 502, apiErr.StatusCode)
		}},
		"html": {servicestagetest.Fault{HTML: true, Status: 503}, func(t *testing.T, err error) {
			var apiErr *servicestage.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Contains(t, apiErr.Message, "Service Unavailable: <html>")
		}},
		"drop": {servicestagetest.Fault{Drop: true}, func(t *testing.T, err error) {
			assert.Contains(t, err.Error(), "(after 3 attempts)")
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			server := newServer(t)
			id := server.AddBuild(servicestage.Build{})
			client, err := server.NewClient(quickRetry)
			require.NoError(t, err)
			server.InjectFault(tc.fault, 5)

			build, err := client.CancelBuild(context.Background(), id)
			require.Error(t, err)
			assert.Nil(t, build)
			tc.check(t, err)
			assert.Equal(t, 2, server.PendingFaults())

			stored, _ := server.Build(id)
			assert.Equal(t, servicestage.BuildStateBuilding, stored.State)
		})
	}
}

func TestFaults_LatencyAloneServes(t *testing.T) {
	t.Parallel()
	server := newServer(t)
	id := server.AddBuild(servicestage.Build{})
	client, err := server.NewClient()
	require.NoError(t, err)
	server.InjectFault(servicestagetest.Fault{Latency: 20 * time.Millisecond}, 1)

	build, err := client.CancelBuild(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, servicestage.BuildStateCancel, build.State)
	assert.Equal(t, int64(1), server.RequestCount())
}

func TestFaults_LatencyBeyondTimeout(t *testing.T) {
	t.Parallel()
	server := newServer(t)
	id := server.AddBuild(servicestage.Build{})
	client, err := server.NewClient(servicestage.WithoutRetry(),
		servicestage.WithTimeout(20*time.Millisecond))
	require.NoError(t, err)
	server.InjectFault(servicestagetest.Fault{Latency: time.Second}, 1)

	_, err = client.CancelBuild(context.Background(), id)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestFaults_Clear(t *testing.T) {
	t.Parallel()
	server := newServer(t)
	server.InjectFault(servicestagetest.Fault{Status: 500}, 4)
	require.Equal(t, 4, server.PendingFaults())

	server.ClearFaults()
	assert.Equal(t, 0, server.PendingFaults())
}

// TestFaults_ConcurrentCallsUnderFaults runs 1,000 cancels on one shared
// client while a third of the requests fail, and checks that every call
// ends in a build or a typed error and that no goroutine is left behind.
func TestFaults_ConcurrentCallsUnderFaults(t *testing.T) {
	defer goleak.VerifyNone(t)

	const calls = 1000
	server := servicestagetest.NewServer()
	defer server.Close()
	client, err := server.NewClient(servicestage.WithRetry(3, time.Millisecond, 10*time.Millisecond))
	require.NoError(t, err)
	defer client.CloseIdleConnections()

	ids := make([]string, calls)
	for i := range ids {
		ids[i] = server.AddBuild(servicestage.Build{})
	}

	kinds := []servicestagetest.Fault{
		{Status: 503}, {Status: 429}, {Drop: true}, {Reset: true}, {Truncate: true},
		{HTML: true}, {Status: 502, Latency: 5 * time.Millisecond},
	}
	for i := range calls / 3 {
		server.InjectFault(kinds[i%len(kinds)], 1)
	}

	var wg sync.WaitGroup
	results := make(chan error, calls)
	sem := make(chan struct{}, 64)
	for _, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()

			build, err := client.CancelBuild(ctx, id)
			if err == nil && build.State != servicestage.BuildStateCancel {
				err = assert.AnError
			}

			results <- err
		}()
	}

	wg.Wait()
	close(results)

	succeeded, failed := 0, 0
	for err := range results {
		if err == nil {
			succeeded++
			continue
		}

		failed++
		var apiErr *servicestage.APIError
		var netErr net.Error
		typed := errors.As(err, &apiErr) || errors.As(err, &netErr) ||
			errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
		assert.True(t, typed, "untyped error: %v", err)
	}

	t.Logf("calls %d, succeeded %d, failed %d, faults injected %d, requests %d",
		calls, succeeded, failed, calls/3-server.PendingFaults(), server.RequestCount())
	assert.Equal(t, calls, succeeded+failed)
	assert.Greater(t, succeeded, calls*9/10)
	server.Close()
}
