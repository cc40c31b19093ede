package servicestage_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// buildIn returns a get build response for build "b" in the given state.
func buildIn(state servicestage.BuildState) mockResponse {
	return reply(200, `{"build_id": "b", "job_id": "j", "build_state": "`+string(state)+`"}`)
}

func TestWaitForBuild_Successful(t *testing.T) {
	client, api := newMockAPI(t,
		buildIn(servicestage.BuildStateQueuing),
		buildIn(servicestage.BuildStateQueuing),
		buildIn(servicestage.BuildStateBuilding),
		buildIn(servicestage.BuildStateSuccessful))

	var seen []servicestage.BuildState
	opts := append(fastPolling, servicestage.OnStateChange(func(b *servicestage.Build) {
		seen = append(seen, b.State)
	}))
	build, err := client.WaitForBuild(testContext(t), "b", opts...)
	require.NoError(t, err)

	require.Equal(t, servicestage.BuildStateSuccessful, build.State)
	require.Equal(t, []servicestage.BuildState{servicestage.BuildStateQueuing,
		servicestage.BuildStateBuilding, servicestage.BuildStateSuccessful}, seen)
	require.Len(t, api.all(), 4)
	for _, req := range api.all() {
		requireRequest(t, req, "GET", "/assembling/v1/builds/b", "")
	}
}

func TestWaitForBuild_UnsuccessfulStates(t *testing.T) {
	tests := []struct {
		state    servicestage.BuildState
		sentinel error
	}{
		{servicestage.BuildStateFailed, servicestage.ErrBuildFailed},
		{servicestage.BuildStateTimeout, servicestage.ErrBuildTimedOut},
		{servicestage.BuildStateCancel, servicestage.ErrBuildCancelled},
		{servicestage.BuildStateDeleted, servicestage.ErrBuildDeleted},
	}
	sentinels := []error{servicestage.ErrBuildFailed, servicestage.ErrBuildTimedOut,
		servicestage.ErrBuildCancelled, servicestage.ErrBuildDeleted}
	for _, tt := range tests {
		t.Run(string(tt.state), func(t *testing.T) {
			client, _ := newMockAPI(t, buildIn(servicestage.BuildStateBuilding),
				buildIn(tt.state))

			build, err := client.WaitForBuild(testContext(t), "b", fastPolling...)
			require.NotNil(t, build)
			require.Equal(t, tt.state, build.State)
			require.ErrorIs(t, err, tt.sentinel)
			for _, other := range sentinels {
				if other != tt.sentinel {
					require.NotErrorIs(t, err, other)
				}
			}

			var stateErr *servicestage.BuildStateError
			require.ErrorAs(t, err, &stateErr)
			require.Equal(t, "b", stateErr.BuildID)
			require.Equal(t, tt.state, stateErr.State)
			require.Contains(t, err.Error(), `build "b" ended in state `+string(tt.state))
		})
	}
}

func TestWaitForBuild_RetriesTransientErrors(t *testing.T) {
	timeout := &net.OpError{Op: "read", Net: "tcp", Err: timeoutError{}}
	client, api := newMockAPI(t,
		reply(503, `{"error_code": "SVCSTG.00100500", "error_msg": "busy"}`),
		reply(429, `{"error_code": "APIGW.0308", "error_msg": "throttled"}`),
		mockResponse{err: timeout},
		buildIn(servicestage.BuildStateSuccessful))

	build, err := client.WaitForBuild(testContext(t), "b", fastPolling...)
	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateSuccessful, build.State)
	require.Len(t, api.all(), 4)
}

// timeoutError is a network error that reports a timeout.
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

func TestWaitForBuild_StopsOnClientError(t *testing.T) {
	client, api := newMockAPI(t, buildIn(servicestage.BuildStateBuilding),
		reply(400, serviceError), buildIn(servicestage.BuildStateSuccessful))

	build, err := client.WaitForBuild(testContext(t), "b", fastPolling...)
	requireServiceError(t, err, "get build")
	require.NotNil(t, build, "the last build read is returned")
	require.Equal(t, servicestage.BuildStateBuilding, build.State)
	require.Len(t, api.all(), 2)
}

func TestWaitForBuild_StopsOnConnectionError(t *testing.T) {
	client, api := newMockAPI(t, mockResponse{err: errors.New("connection refused")},
		buildIn(servicestage.BuildStateSuccessful))

	build, err := client.WaitForBuild(testContext(t), "b", fastPolling...)
	require.Nil(t, build)
	require.ErrorContains(t, err, "connection refused")
	require.Len(t, api.all(), 1)
}

func TestWaitForBuild_RespectsDeadline(t *testing.T) {
	client, _ := newMockAPI(t, buildIn(servicestage.BuildStateBuilding))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()

	start := time.Now()
	build, err := client.WaitForBuild(ctx, "b", servicestage.PollInterval(time.Hour))
	require.Less(t, time.Since(start), 5*time.Second)

	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorContains(t, err, `wait for build "b"`)
	require.ErrorContains(t, err, "last state Building")
	require.NotNil(t, build)
	require.Equal(t, servicestage.BuildStateBuilding, build.State)
}

func TestWaitForBuild_DeadlineKeepsLastPollError(t *testing.T) {
	client, _ := newMockAPI(t, reply(503, `{"error_code": "X", "error_msg": "busy"}`))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()

	build, err := client.WaitForBuild(ctx, "b", fastPolling...)
	require.Nil(t, build)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorIs(t, err, servicestage.ErrServerError)
	require.ErrorContains(t, err, "no state read yet")
}

func TestWaitForBuild_Cancelled(t *testing.T) {
	client, api := newMockAPI(t, buildIn(servicestage.BuildStateBuilding))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := client.WaitForBuild(ctx, "b", fastPolling...)
	require.ErrorIs(t, err, context.Canceled)
	require.Empty(t, api.all())
}

func TestWaitForBuild_BacksOff(t *testing.T) {
	client, api := newMockAPI(t, buildIn(servicestage.BuildStateBuilding))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()

	_, err := client.WaitForBuild(ctx, "b", servicestage.PollInterval(10*time.Millisecond),
		servicestage.MaxPollInterval(time.Second))
	require.ErrorIs(t, err, context.DeadlineExceeded)

	// Waits of 10, 20, 40, 80 and 160 ms fit in 300 ms, so at most 6
	// polls happen. A fixed 10 ms interval would make about 30.
	require.LessOrEqual(t, len(api.all()), 6)
	require.GreaterOrEqual(t, len(api.all()), 3)
}

func TestWaitForBuild_InvalidArguments(t *testing.T) {
	second, millisecond := servicestage.PollInterval(time.Second),
		servicestage.MaxPollInterval(time.Millisecond)
	tests := map[string]struct {
		id   string
		opts []servicestage.WaitOption
	}{
		"blank id":           {" ", nil},
		"dot id":             {"..", nil},
		"zero interval":      {"b", []servicestage.WaitOption{servicestage.PollInterval(0)}},
		"negative interval":  {"b", []servicestage.WaitOption{servicestage.PollInterval(-1)}},
		"zero cap":           {"b", []servicestage.WaitOption{servicestage.MaxPollInterval(0)}},
		"cap below interval": {"b", []servicestage.WaitOption{second, millisecond}},
		"nil option":         {"b", []servicestage.WaitOption{nil}},
		"nil callback":       {"b", []servicestage.WaitOption{servicestage.OnStateChange(nil)}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			client, api := newMockAPI(t, buildIn(servicestage.BuildStateSuccessful))

			_, err := client.WaitForBuild(context.Background(), tt.id, tt.opts...)
			require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
			require.ErrorContains(t, err, "wait for build")
			require.Empty(t, api.all())
		})
	}
}

func TestWaitForBuild_LongIntervalRaisesDefaultCap(t *testing.T) {
	client, _ := newMockAPI(t, buildIn(servicestage.BuildStateSuccessful))

	_, err := client.WaitForBuild(context.Background(), "b",
		servicestage.PollInterval(2*servicestage.DefaultMaxPollInterval))
	require.NoError(t, err)
}

func TestWaitForBuild_NilContext(t *testing.T) {
	client, api := newMockAPI(t, buildIn(servicestage.BuildStateSuccessful))

	//nolint:staticcheck // A nil context is the input under test.
	_, err := client.WaitForBuild(nil, "b")
	require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
	require.Empty(t, api.all())
}
