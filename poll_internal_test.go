package servicestage

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestPollConfig_NextDoublesUpToCap(t *testing.T) {
	cfg, err := newPollConfig("test", []WaitOption{PollInterval(time.Second),
		MaxPollInterval(10 * time.Second)})
	require.NoError(t, err)

	var waits []time.Duration
	for interval := cfg.interval; len(waits) < 6; interval = cfg.next(interval) {
		waits = append(waits, interval)
	}

	require.Equal(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second,
		8 * time.Second, 10 * time.Second, 10 * time.Second}, waits)
}

func TestPollConfig_Defaults(t *testing.T) {
	cfg, err := newPollConfig("test", nil)
	require.NoError(t, err)
	require.Equal(t, DefaultPollInterval, cfg.interval)
	require.Equal(t, DefaultMaxPollInterval, cfg.maxInterval)
	require.Nil(t, cfg.onStateChange)
}

func TestPollConfig_NextNeverOverflows(t *testing.T) {
	cfg, err := newPollConfig("test", []WaitOption{PollInterval(time.Duration(1 << 61)),
		MaxPollInterval(time.Duration(1<<63 - 1))})
	require.NoError(t, err)

	next := cfg.next(cfg.interval)
	require.Equal(t, time.Duration(1<<62), next)
	require.Equal(t, cfg.maxInterval, cfg.next(next))
}
