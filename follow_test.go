package servicestage_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// scriptedAPI responds to log requests and get build requests from two
// separate scripts, each in order, repeating its last response.
type scriptedAPI struct {
	mu      sync.Mutex
	logs    []mockResponse
	builds  []mockResponse
	offsets []string
	calls   int
}

// newScriptedClient returns a client whose log and build requests api
// responds to.
func newScriptedClient(t *testing.T, logs, builds []mockResponse) (*servicestage.Client,
	*scriptedAPI) {
	t.Helper()
	api := &scriptedAPI{logs: logs, builds: builds}
	transport := httpmock.NewMockTransport()
	transport.RegisterNoResponder(api.respond)

	client, err := servicestage.NewClient(testEndpoint, servicestage.WithToken(testToken),
		servicestage.WithHTTPClient(&http.Client{Transport: transport}))
	require.NoError(t, err)

	return client, api
}

func (s *scriptedAPI) respond(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.calls++
	script := &s.builds
	if strings.HasSuffix(req.URL.Path, "/logs") {
		script = &s.logs
		s.offsets = append(s.offsets, req.URL.Query().Get("from"))
	}

	next := (*script)[0]
	if len(*script) > 1 {
		*script = (*script)[1:]
	}
	s.mu.Unlock()

	if next.err != nil {
		return nil, next.err
	}

	return httpmock.NewStringResponse(next.status, next.body), nil
}

// requestCounts returns the number of requests and the offsets of the log
// requests.
func (s *scriptedAPI) requestCounts() (int, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.calls, append([]string(nil), s.offsets...)
}

// logPart returns a log response with the given text and next offset.
func logPart(text string, next int) mockResponse {
	return reply(200, fmt.Sprintf(`{"buildlog": %q, "next": %d, "phases": "Init", `+
		`"phase_states": "Building"}`, text, next))
}

func TestFollowBuildLog_StreamsParts(t *testing.T) {
	client, api := newScriptedClient(t,
		[]mockResponse{logPart("one\n", 4), logPart("two\n", 8), logPart("", 8)},
		[]mockResponse{buildIn(servicestage.BuildStateBuilding),
			buildIn(servicestage.BuildStateSuccessful)})

	var out strings.Builder
	err := client.FollowBuildLog(testContext(t), "b", &out, fastPolling...)
	require.NoError(t, err)

	require.Equal(t, "one\ntwo\n", out.String())
	calls, offsets := api.requestCounts()
	require.Equal(t, []string{"0", "4", "8", "8", "8"}, offsets)
	require.Equal(t, 7, calls)
}

func TestFollowBuildLog_DrainsAfterFinalState(t *testing.T) {
	client, _ := newScriptedClient(t,
		[]mockResponse{logPart("abc", 3), logPart("", 3), logPart("def", 6), logPart("", 6)},
		[]mockResponse{buildIn(servicestage.BuildStateFailed)})

	var out strings.Builder
	require.NoError(t, client.FollowBuildLog(testContext(t), "b", &out, fastPolling...))
	require.Equal(t, "abcdef", out.String())
}

func TestFollowBuildLog_NextNotAdvancing(t *testing.T) {
	client, api := newScriptedClient(t,
		[]mockResponse{logPart("abc", 0), logPart("abcdef", 0), logPart("abcdef", 0)},
		[]mockResponse{buildIn(servicestage.BuildStateBuilding),
			buildIn(servicestage.BuildStateSuccessful)})

	var out strings.Builder
	require.NoError(t, client.FollowBuildLog(testContext(t), "b", &out, fastPolling...))

	require.Equal(t, "abcdef", out.String())
	_, offsets := api.requestCounts()
	for _, offset := range offsets {
		require.Equal(t, "0", offset)
	}
}

func TestFollowBuildLog_StalledNextEnds(t *testing.T) {
	client, api := newScriptedClient(t, []mockResponse{logPart("same", 0)},
		[]mockResponse{buildIn(servicestage.BuildStateSuccessful)})

	var out strings.Builder
	require.NoError(t, client.FollowBuildLog(testContext(t), "b", &out, fastPolling...))

	require.Equal(t, "same", out.String())
	calls, _ := api.requestCounts()
	require.Equal(t, 4, calls, "log, log, build, log")
}

func TestFollowBuildLog_NextMovesBack(t *testing.T) {
	client, _ := newScriptedClient(t,
		[]mockResponse{logPart("abc", 3), logPart("", 1), logPart("", 3)},
		[]mockResponse{buildIn(servicestage.BuildStateSuccessful)})

	var out strings.Builder
	require.NoError(t, client.FollowBuildLog(testContext(t), "b", &out, fastPolling...))
	require.Equal(t, "abc", out.String())
}

func TestFollowBuildLog_ReportsStateChanges(t *testing.T) {
	client, _ := newScriptedClient(t, []mockResponse{logPart("", 0)},
		[]mockResponse{buildIn(servicestage.BuildStateQueuing),
			buildIn(servicestage.BuildStateQueuing), buildIn(servicestage.BuildStateBuilding),
			buildIn(servicestage.BuildStateCancel)})

	var seen []servicestage.BuildState
	opts := append(fastPolling, servicestage.OnStateChange(func(b *servicestage.Build) {
		seen = append(seen, b.State)
	}))
	require.NoError(t, client.FollowBuildLog(testContext(t), "b", &strings.Builder{}, opts...))
	require.Equal(t, []servicestage.BuildState{servicestage.BuildStateQueuing,
		servicestage.BuildStateBuilding, servicestage.BuildStateCancel}, seen)
}

// failingWriter fails every write after the first.
type failingWriter struct {
	writes int
}

func (w *failingWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes > 1 {
		return 0, &timeoutWriteError{}
	}

	return len(p), nil
}

// timeoutWriteError is a writer error that reports a timeout, to show that
// write errors are never retried.
type timeoutWriteError struct{}

func (*timeoutWriteError) Error() string   { return "write timeout" }
func (*timeoutWriteError) Timeout() bool   { return true }
func (*timeoutWriteError) Temporary() bool { return true }

func TestFollowBuildLog_WriteError(t *testing.T) {
	client, api := newScriptedClient(t, []mockResponse{logPart("a", 1), logPart("b", 2)},
		[]mockResponse{buildIn(servicestage.BuildStateBuilding)})

	writer := &failingWriter{}
	err := client.FollowBuildLog(testContext(t), "b", writer, fastPolling...)
	require.ErrorContains(t, err, `follow build log "b": write log: write timeout`)

	var writeErr *timeoutWriteError
	require.True(t, errors.As(err, &writeErr))
	calls, _ := api.requestCounts()
	require.Equal(t, 2, calls)
	require.Equal(t, 2, writer.writes)
}

func TestFollowBuildLog_RetriesTransientErrors(t *testing.T) {
	busy := reply(500, `{"error_code": "SVCSTG.00100500", "error_msg": "busy"}`)
	client, _ := newScriptedClient(t,
		[]mockResponse{busy, logPart("abc", 3), busy, logPart("", 3)},
		[]mockResponse{busy, buildIn(servicestage.BuildStateSuccessful)})

	var out strings.Builder
	require.NoError(t, client.FollowBuildLog(testContext(t), "b", &out, fastPolling...))
	require.Equal(t, "abc", out.String())
}

func TestFollowBuildLog_StopsOnClientError(t *testing.T) {
	client, api := newScriptedClient(t, []mockResponse{logPart("abc", 3), reply(400, serviceError)},
		[]mockResponse{buildIn(servicestage.BuildStateBuilding)})

	var out strings.Builder
	err := client.FollowBuildLog(testContext(t), "b", &out, fastPolling...)
	requireServiceError(t, err, "get build log")
	require.Equal(t, "abc", out.String())
	calls, _ := api.requestCounts()
	require.Equal(t, 2, calls)
}

func TestFollowBuildLog_RespectsDeadline(t *testing.T) {
	client, _ := newScriptedClient(t, []mockResponse{logPart("", 0)},
		[]mockResponse{buildIn(servicestage.BuildStateBuilding)})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()

	start := time.Now()
	err := client.FollowBuildLog(ctx, "b", &strings.Builder{},
		servicestage.PollInterval(time.Hour))
	require.Less(t, time.Since(start), 5*time.Second)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorContains(t, err, `follow build log "b"`)
	require.ErrorContains(t, err, "last state Building")
}

func TestFollowBuildLog_InvalidArguments(t *testing.T) {
	tests := map[string]struct {
		id     string
		writer *strings.Builder
		opts   []servicestage.WaitOption
	}{
		"blank id":   {"", &strings.Builder{}, nil},
		"nil writer": {"b", nil, nil},
		"bad interval": {"b", &strings.Builder{},
			[]servicestage.WaitOption{servicestage.PollInterval(-time.Second)}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			client, api := newScriptedClient(t, []mockResponse{logPart("", 0)},
				[]mockResponse{buildIn(servicestage.BuildStateSuccessful)})

			var err error
			if tt.writer == nil {
				err = client.FollowBuildLog(context.Background(), tt.id, nil, tt.opts...)
			} else {
				err = client.FollowBuildLog(context.Background(), tt.id, tt.writer, tt.opts...)
			}

			require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
			calls, _ := api.requestCounts()
			require.Zero(t, calls)
		})
	}
}
