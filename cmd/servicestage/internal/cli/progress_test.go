package cli

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/servicestage-go/servicestage"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for the spinner's goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()

	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()

	return b.buf.String()
}

func TestProgress_LinesWithoutSpinner(t *testing.T) {
	var out syncBuffer
	p := newProgress(&out, "b-1", false)
	p.start()
	p.onState(&servicestage.Build{State: servicestage.BuildStateQueuing})
	p.onState(&servicestage.Build{State: servicestage.BuildStateBuilding})
	p.onState(&servicestage.Build{State: servicestage.BuildStateBuilding})
	p.close()

	require.Equal(t, "build b-1: Queuing\nbuild b-1: Building\n", out.String())
	require.Equal(t, servicestage.BuildStateBuilding, p.lastState())
}

func TestProgress_SpinnerOnTerminal(t *testing.T) {
	var out syncBuffer
	p := newProgress(&out, "b-1", true)
	p.tick = time.Millisecond
	p.start()
	require.Eventually(t, func() bool {
		return strings.Count(out.String(), "\r") >= 3
	}, 5*time.Second, time.Millisecond)

	p.onState(&servicestage.Build{State: servicestage.BuildStateBuilding})
	require.Eventually(t, func() bool {
		return strings.Contains(out.String(), "build b-1: Building (")
	}, 5*time.Second, time.Millisecond)
	p.close()

	text := out.String()
	require.Contains(t, text, clearLine+"| build b-1: waiting (0s)")
	require.Contains(t, text, clearLine+"build b-1: Building\n")
	require.True(t, strings.HasSuffix(text, clearLine), "spinner line not erased: %q", text)
}
