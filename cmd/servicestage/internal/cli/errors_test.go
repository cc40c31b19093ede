package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"testing"

	"github.com/servicestage-go/servicestage"
	"github.com/stretchr/testify/require"
)

func TestClassify_ExitCodes(t *testing.T) {
	build := func(state servicestage.BuildState) error {
		return &buildEndedError{build: &servicestage.Build{BuildID: "b-1", State: state}}
	}
	tests := []struct {
		name string
		err  error
		code int
		kind string
	}{
		{"usage", usageErrorf("bad"), ExitUsage, kindUsage},
		{"invalid argument", fmt.Errorf("x: %w", servicestage.ErrInvalidArgument), ExitUsage,
			kindUsage},
		{"API error", &servicestage.APIError{StatusCode: 400}, ExitError, kindAPI},
		{"decode error", &servicestage.DecodeError{}, ExitError, kindAPI},
		{"network error", errors.New("dial tcp: connection refused"), ExitError, kindNetwork},
		{"failed", build(servicestage.BuildStateFailed), ExitBuildFailed, kindBuild},
		{"timeout state", build(servicestage.BuildStateTimeout), ExitBuildFailed, kindBuild},
		{"cancel", build(servicestage.BuildStateCancel), ExitBuildStopped, kindBuild},
		{"deleted", build(servicestage.BuildStateDeleted), ExitBuildStopped, kindBuild},
		{"wait timeout", &waitTimeoutError{buildID: "b-1"}, ExitWaitTimeout, kindTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := classify(context.Background(), tt.err, "")
			require.Equal(t, tt.code, f.exitCode)
			require.Equal(t, tt.kind, f.kind)
		})
	}
}

func TestClassify_Interrupt(t *testing.T) {
	tests := []struct {
		signal os.Signal
		code   int
		text   string
	}{
		{os.Interrupt, 130, "interrupted by SIGINT"},
		{syscall.SIGTERM, 143, "interrupted by SIGTERM"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(&interruptError{signal: tt.signal})

		f := classify(ctx, &servicestage.APIError{StatusCode: 400}, "build b-1 keeps running")
		require.Equal(t, tt.code, f.exitCode)
		require.Equal(t, kindInterrupted, f.kind)
		require.Equal(t, tt.text+"; cancelled the request in flight; build b-1 keeps running",
			f.message)
	}
}

func TestErrorLine_OneLine(t *testing.T) {
	require.Equal(t, "servicestage: a b c", errorLine("a\nb\n\tc"))
	require.Equal(t, "servicestage: x", errorLine("servicestage: x"))
}
