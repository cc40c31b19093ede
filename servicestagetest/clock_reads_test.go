package servicestagetest_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// countingClock is a fixed clock that counts how often it is read.
type countingClock struct {
	at    time.Time
	reads atomic.Int32
}

func (c *countingClock) Now() time.Time {
	c.reads.Add(1)
	return c.at
}

// readsDuring returns how often call read the clock.
func (c *countingClock) readsDuring(t *testing.T, call func() error) int {
	t.Helper()

	before := c.reads.Load()
	require.NoError(t, call())
	return int(c.reads.Load() - before)
}

// TestClock_ReadsPerRequest checks the number of clock reads that the
// Clock documentation promises for each kind of request and credential.
func TestClock_ReadsPerRequest(t *testing.T) {
	clock := &countingClock{at: time.Date(2025, 11, 14, 8, 0, 0, 0, time.UTC)}
	fixed := func() time.Time { return clock.at }
	server := servicestagetest.NewServer(servicestagetest.WithClock(clock.Now),
		servicestagetest.WithAKSK("test-ak", "test-sk"))
	t.Cleanup(server.Close)
	buildID := server.AddBuild(servicestage.Build{StartedAt: servicestage.NewTimestamp(clock.at)})
	jobID, err := server.AddJob(servicestage.JobSpec{JobName: "job-1"})
	require.NoError(t, err)

	static, err := server.NewClient()
	require.NoError(t, err)
	signed, err := servicestage.NewClient(server.URL, servicestage.WithAKSK("test-ak", "test-sk"),
		servicestage.WithClock(fixed), servicestage.WithHTTPClient(server.HTTPClient()))
	require.NoError(t, err)
	source, err := servicestage.NewIAMTokenSource(server.URL, servicestage.PasswordCredentials{
		DomainName: servicestagetest.DefaultIAMDomain, UserName: servicestagetest.DefaultIAMUser,
		Password: servicestagetest.DefaultIAMPassword, ProjectName: "cn-north-4",
	}, servicestage.WithIAMHTTPClient(server.HTTPClient()),
		servicestage.WithIAMClock(fixed))
	require.NoError(t, err)
	withIAM, err := servicestage.NewClient(server.URL, servicestage.WithTokenSource(source),
		servicestage.WithHTTPClient(server.HTTPClient()))
	require.NoError(t, err)

	ctx := context.Background()
	getBuild := func(c *servicestage.Client) func() error {
		return func() error { _, err := c.GetBuild(ctx, buildID); return err }
	}
	getJob := func(c *servicestage.Client) func() error {
		return func() error { _, err := c.GetJob(ctx, jobID); return err }
	}
	getToken := func() error { _, err := source.Token(ctx); return err }

	require.Equal(t, 1, clock.readsDuring(t, getToken), "IAM token issued")
	require.Equal(t, 1, clock.readsDuring(t, getBuild(static)), "build, static token")
	require.Equal(t, 2, clock.readsDuring(t, getBuild(signed)), "build, AK/SK")
	require.Equal(t, 2, clock.readsDuring(t, getBuild(withIAM)), "build, IAM token")
	require.Equal(t, 0, clock.readsDuring(t, getJob(static)), "job, static token")
	require.Equal(t, 1, clock.readsDuring(t, getJob(signed)), "job, AK/SK")
	require.Equal(t, 1, clock.readsDuring(t, getJob(withIAM)), "job, IAM token")
	require.Equal(t, 0, clock.readsDuring(t, func() error {
		_, err := static.ListBaseImages(ctx)
		return err
	}), "base images, static token")
}
