package servicestage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// logBuffer collects JSON log records safely across goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()

	return b.buf.Write(p)
}

// records decodes every record written so far.
func (b *logBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()

	var records []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		if line == "" {
			continue
		}

		var record map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &record))
		records = append(records, record)
	}

	return records
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()

	return b.buf.String()
}

func newLogger(level slog.Level) (*slog.Logger, *logBuffer) {
	buf := &logBuffer{}
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: level})), buf
}

func TestLogger_RetryAndFailure(t *testing.T) {
	t.Parallel()
	logger, buf := newLogger(slog.LevelInfo)
	client, mock := newMockClient(t, fastRetry, servicestage.WithLogger(logger))
	var count atomic.Int32
	mock.RegisterNoResponder(sequence(&count, func(req *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(503, `{"error_code": "APIG.1000", "error_msg": "x"}`)
		resp.Header.Set("X-Request-Id", "r-7")
		return resp, nil
	}))

	_, err := client.CancelBuild(context.Background(), "b-1")
	require.Error(t, err)

	records := buf.records(t)
	require.Len(t, records, 3)
	for i, record := range records[:2] {
		assert.Equal(t, "WARN", record["level"])
		assert.Equal(t, "servicestage: retrying request", record["msg"])
		assert.Equal(t, "cancel build", record["operation"])
		assert.Equal(t, "b-1", record["build_id"])
		assert.Equal(t, float64(i+1), record["attempt"])
		assert.Equal(t, float64(503), record["status"])
		assert.Equal(t, "r-7", record["request_id"])
	}

	failure := records[2]
	assert.Equal(t, "servicestage: request failed", failure["msg"])
	assert.Equal(t, float64(3), failure["attempts"])
	assert.Equal(t, float64(503), failure["status"])
	assert.Equal(t, "APIG.1000", failure["code"])
	assert.Equal(t, "r-7", failure["request_id"])
	assert.NotContains(t, buf.String(), testToken)
}

func TestLogger_DebugRedactsCredentials(t *testing.T) {
	t.Parallel()
	logger, buf := newLogger(slog.LevelDebug)
	client, mock := newMockClient(t, servicestage.WithLogger(logger))
	mock.RegisterNoResponder(jsonResponder(200, documentedBuild))

	_, err := client.CancelBuild(context.Background(), "b-1")
	require.NoError(t, err)

	records := buf.records(t)
	require.Len(t, records, 2)
	assert.Equal(t, "servicestage: sending request", records[0]["msg"])
	assert.Equal(t, "PATCH", records[0]["method"])
	assert.Equal(t, "cancel build", records[0]["operation"])
	headers, ok := records[0]["headers"].(map[string]any)
	require.True(t, ok)
	assert.Equal(t, []any{"[REDACTED]"}, headers["X-Auth-Token"])
	assert.Equal(t, "servicestage: received response", records[1]["msg"])
	assert.Equal(t, float64(200), records[1]["status"])
	assert.NotContains(t, buf.String(), testToken)
}

func TestLogger_InfoLevelSkipsDebug(t *testing.T) {
	t.Parallel()
	logger, buf := newLogger(slog.LevelInfo)
	client, mock := newMockClient(t, servicestage.WithLogger(logger))
	mock.RegisterNoResponder(jsonResponder(200, documentedBuild))

	_, err := client.CancelBuild(context.Background(), "b-1")
	require.NoError(t, err)
	assert.Empty(t, buf.String())
}

func TestLogger_Nil(t *testing.T) {
	t.Parallel()

	_, err := servicestage.NewClient(testEndpoint, servicestage.WithToken(testToken),
		servicestage.WithLogger(nil))
	require.ErrorContains(t, err, "WithLogger: logger is nil")
}

// TestLogger_SilentByDefault changes the process-wide default logger, so
// it does not run in parallel.
func TestLogger_SilentByDefault(t *testing.T) {
	logger, buf := newLogger(slog.LevelDebug)
	previous := slog.Default()
	slog.SetDefault(logger)
	defer slog.SetDefault(previous)

	client, mock := newMockClient(t, fastRetry)
	mock.RegisterNoResponder(jsonResponder(503, `{}`))

	_, err := client.CancelBuild(context.Background(), "b-1")
	require.Error(t, err)
	assert.Empty(t, buf.String())
}
