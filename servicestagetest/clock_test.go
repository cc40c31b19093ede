package servicestagetest

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var testStart = time.Date(2025, 11, 14, 8, 0, 0, 0, time.UTC)

func TestClock_StandsStill(t *testing.T) {
	clock := NewClock(testStart)

	require.Equal(t, testStart, clock.Now())
	require.Equal(t, testStart, clock.Now())
}

func TestClock_Advance(t *testing.T) {
	clock := NewClock(testStart)

	clock.Advance(90 * time.Second)
	require.Equal(t, testStart.Add(90*time.Second), clock.Now())

	clock.Advance(-time.Hour)
	require.Equal(t, testStart.Add(90*time.Second), clock.Now(), "negative moves are ignored")
}

func TestClock_Step(t *testing.T) {
	clock := NewClock(testStart)
	clock.SetStep(time.Second)

	require.Equal(t, testStart, clock.Now())
	require.Equal(t, testStart.Add(time.Second), clock.Now())

	clock.SetStep(-time.Second)
	require.Equal(t, testStart.Add(2*time.Second), clock.Now())
	require.Equal(t, testStart.Add(2*time.Second), clock.Now(), "a negative step is 0")
}

func TestClock_Concurrent(t *testing.T) {
	clock := NewClock(testStart)
	clock.SetStep(time.Millisecond)

	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				clock.Now()
				clock.Advance(time.Millisecond)
			}
		}()
	}
	wg.Wait()

	require.Equal(t, testStart.Add(1600*time.Millisecond), clock.Now())
}
