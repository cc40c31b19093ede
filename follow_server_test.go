package servicestage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// logServer serves a final build, responds to its log requests with
// logFor, and counts the log requests.
func logServer(t *testing.T, logFor func(from int) (text string, next int)) (
	*servicestage.Client, *atomic.Int32) {
	t.Helper()
	var logRequests atomic.Int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/logs") {
			_, _ = w.Write([]byte(`{"build_id": "b", "build_state": "Successful"}`))
			return
		}

		logRequests.Add(1)
		from, _ := strconv.Atoi(r.URL.Query().Get("from"))
		text, next := logFor(from)
		body, _ := json.Marshal(map[string]any{"buildlog": text, "next": next})
		_, _ = w.Write(body)
	}))
	t.Cleanup(server.Close)

	client, err := servicestage.NewClient(server.URL, servicestage.WithToken(testToken))
	require.NoError(t, err)

	return client, &logRequests
}

func TestFollowBuildLog_NextLagsText(t *testing.T) {
	t.Parallel()
	full := "line1\nline2\npartial"
	client, _ := logServer(t, func(from int) (string, int) {
		return full[min(from, len(full)):], strings.LastIndex(full, "\n") + 1
	})
	var out bytes.Buffer

	err := client.FollowBuildLog(context.Background(), "b", &out,
		servicestage.PollInterval(time.Millisecond))
	require.NoError(t, err)
	assert.Equal(t, full, out.String())
}

func TestFollowBuildLog_OverlapNotRewritten(t *testing.T) {
	t.Parallel()
	full := "abcdefghij"
	var calls atomic.Int32
	client, _ := logServer(t, func(from int) (string, int) {
		if calls.Add(1) == 2 {
			return full[min(from, len(full)):], 2
		}

		return full[min(from, len(full)):], len(full)
	})
	var out bytes.Buffer

	err := client.FollowBuildLog(context.Background(), "b", &out,
		servicestage.PollInterval(time.Millisecond))
	require.NoError(t, err)
	assert.Equal(t, full, out.String())
}

func TestFollowBuildLog_EndlessFinalLogIsPaced(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	client, logRequests := logServer(t, func(from int) (string, int) {
		if calls.Add(1) == 1 {
			return "", 0
		}

		return "x", from + 1
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()

	err := client.FollowBuildLog(ctx, "b", &bytes.Buffer{},
		servicestage.PollInterval(50*time.Millisecond))

	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, int(logRequests.Load()), 1020)
}
