package servicestage_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// newSourceClient returns a client for server that takes its tokens from
// source and records the requests it sends to the service.
func newSourceClient(t *testing.T, server *servicestagetest.Server,
	source servicestage.TokenSource) (*servicestage.Client, *recordingTransport) {
	t.Helper()

	hc, recorder := recordingClient(server.HTTPClient())
	client, err := servicestage.NewClient(server.URL, servicestage.WithTokenSource(source),
		servicestage.WithHTTPClient(hc))
	require.NoError(t, err)
	return client, recorder
}

func TestWithTokenSource_IAMToken(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, _ := newIAMSource(t, server, clock, defaultCredentials())
	client, recorder := newSourceClient(t, server, source)

	build, err := client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateCancel, build.State)
	token, err := source.Token(context.Background())
	require.NoError(t, err)
	sent := recorder.sent()
	require.Len(t, sent, 1)
	require.Equal(t, token, sent[0].Get("X-Auth-Token"))
}

func TestWithTokenSource_ExpiredOnServer(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, _ := newIAMSource(t, server, clock, defaultCredentials())
	client, _ := newSourceClient(t, server, source)
	_, err := client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))
	require.NoError(t, err)

	clock.Advance(61 * time.Minute)
	_, err = client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.NoError(t, err)
	require.Equal(t, 2, server.IAMRequests())
}

// TestWithTokenSource_RetriesOnceAfter401 revokes the cached token on the
// server: the client must drop it, fetch a new one and succeed on the
// second attempt.
func TestWithTokenSource_RetriesOnceAfter401(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, _ := newIAMSource(t, server, clock, defaultCredentials())
	client, recorder := newSourceClient(t, server, source)
	revoked, err := source.Token(context.Background())
	require.NoError(t, err)
	server.RevokeTokens()

	build, err := client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateCancel, build.State)
	sent := recorder.sent()
	require.Len(t, sent, 2)
	require.Equal(t, revoked, sent[0].Get("X-Auth-Token"))
	require.NotEqual(t, revoked, sent[1].Get("X-Auth-Token"))
	require.Equal(t, 2, server.IAMRequests())
}

// countingSource returns a fixed token and records how often the client
// requested one and which tokens the client invalidated.
type countingSource struct {
	token string

	mu          sync.Mutex
	calls       int
	invalidated []string
}

func (s *countingSource) Token(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.calls++
	return s.token, nil
}

func (s *countingSource) InvalidateToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.invalidated = append(s.invalidated, token)
}

// TestWithTokenSource_SameTokenNotResent uses a source that returns the
// rejected token again after invalidating it: resending it would only
// bring another 401.
func TestWithTokenSource_SameTokenNotResent(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	source := &countingSource{token: "rejected-token"}
	client, recorder := newSourceClient(t, server, source)

	_, err := client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.ErrorIs(t, err, servicestage.ErrUnauthorized)
	require.NotContains(t, err.Error(), "rejected-token")
	require.NotContains(t, err.Error(), "attempts")
	require.Len(t, recorder.sent(), 1)
	require.Equal(t, 2, source.calls)
	require.Equal(t, []string{"rejected-token"}, source.invalidated)
}

func TestWithTokenSource_SameTokenWithoutInvalidator(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	client, recorder := newSourceClient(t, server, staticSource("wrong-token"))

	_, err := client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.ErrorIs(t, err, servicestage.ErrUnauthorized)
	require.NotContains(t, err.Error(), "attempts")
	require.Len(t, recorder.sent(), 1)
}

// rotatingSource returns its tokens in turn, the last one from then on. It
// has no InvalidateToken method.
type rotatingSource struct {
	mu     sync.Mutex
	tokens []string
}

func (s *rotatingSource) Token(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	token := s.tokens[0]
	if len(s.tokens) > 1 {
		s.tokens = s.tokens[1:]
	}

	return token, nil
}

func TestWithTokenSource_NewTokenWithoutInvalidator(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	source := &rotatingSource{tokens: []string{"old-token", server.Token}}
	client, recorder := newSourceClient(t, server, source)

	build, err := client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateCancel, build.State)
	sent := recorder.sent()
	require.Len(t, sent, 2)
	require.Equal(t, "old-token", sent[0].Get("X-Auth-Token"))
	require.Equal(t, server.Token, sent[1].Get("X-Auth-Token"))
}

func TestWithTokenSource_RetriesOnlyOnce(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	source := &rotatingSource{tokens: []string{"wrong-1", "wrong-2", "wrong-3", "wrong-4"}}
	client, recorder := newSourceClient(t, server, source)

	_, err := client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.ErrorIs(t, err, servicestage.ErrUnauthorized)
	require.ErrorContains(t, err, "(after 2 attempts)")
	sent := recorder.sent()
	require.Len(t, sent, 2)
	require.Equal(t, "wrong-1", sent[0].Get("X-Auth-Token"))
	require.Equal(t, "wrong-2", sent[1].Get("X-Auth-Token"))
}

// failAfterSource returns token once, then fails.
type failAfterSource struct {
	token string
	calls atomic.Int32
}

func (s *failAfterSource) Token(context.Context) (string, error) {
	if s.calls.Add(1) > 1 {
		return "", errors.New("token service unavailable")
	}

	return s.token, nil
}

func TestWithTokenSource_RenewalError(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	client, recorder := newSourceClient(t, server, &failAfterSource{token: "wrong-token"})

	_, err := client.CancelBuild(context.Background(), "build-1")

	require.EqualError(t, err, `servicestage: cancel build "build-1": `+
		"get token from TokenSource: token service unavailable")
	require.Len(t, recorder.sent(), 1)
}

func TestWithTokenSource_NoRetryOnOtherErrors(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	source := &countingSource{token: server.Token}
	client, recorder := newSourceClient(t, server, source)

	_, err := client.CancelBuild(context.Background(), "no-such-build")

	require.ErrorIs(t, err, servicestage.ErrBadRequest)
	require.Len(t, recorder.sent(), 1)
	require.Equal(t, 1, source.calls)
	require.Empty(t, source.invalidated)
}

func TestWithToken_NoRetryOn401(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	hc, recorder := recordingClient(server.HTTPClient())
	client, err := servicestage.NewClient(server.URL, servicestage.WithToken("wrong-token"),
		servicestage.WithHTTPClient(hc))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.ErrorIs(t, err, servicestage.ErrUnauthorized)
	require.Len(t, recorder.sent(), 1)
}

func TestWithAKSK_NoRetryOn401(t *testing.T) {
	clock := newFakeClock()
	server := newAKSKServer(t, clock)
	hc, recorder := recordingClient(server.HTTPClient())
	client, err := servicestage.NewClient(server.URL,
		servicestage.WithAKSK(testAccessKey, "wrong-secret"),
		servicestage.WithClock(clock.Now), servicestage.WithHTTPClient(hc))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.ErrorIs(t, err, servicestage.ErrUnauthorized)
	require.Len(t, recorder.sent(), 1)
}

func TestWithTokenSource_SourceError(t *testing.T) {
	server := servicestagetest.NewServer()
	t.Cleanup(server.Close)
	client, recorder := newSourceClient(t, server, staticSource(""))

	_, err := client.CancelBuild(context.Background(), "build-1")

	require.ErrorContains(t, err,
		`servicestage: cancel build "build-1": get token from TokenSource: no token`)
	require.Empty(t, recorder.sent())
}

func TestWithTokenSource_IAMErrorIsAPIError(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	creds := defaultCredentials()
	creds.Password = "wrong-VERY-SECRET"
	source, _ := newIAMSource(t, server, clock, creds)
	client, recorder := newSourceClient(t, server, source)

	_, err := client.CancelBuild(context.Background(), "build-1")

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, "get IAM token", apiErr.Operation)
	require.ErrorIs(t, err, servicestage.ErrUnauthorized)
	require.NotContains(t, err.Error(), creds.Password)
	require.Empty(t, recorder.sent())
}

func TestWithTokenSource_WrongPasswordMessage(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	creds := defaultCredentials()
	creds.Password = "wrong-VERY-SECRET"
	source, _ := newIAMSource(t, server, clock, creds)
	client, _ := newSourceClient(t, server, source)

	_, err := client.GetBuild(context.Background(), "build-1")

	require.Error(t, err)
	require.True(t, strings.HasPrefix(err.Error(), `servicestage: get build "build-1": `+
		"get token from TokenSource: get IAM token: 401 Unauthorized: "+
		"The username or password is wrong. (request id "), err.Error())
	require.Equal(t, 1, strings.Count(err.Error(), "servicestage:"))
	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Empty(t, apiErr.Code)
}

func TestWithTokenSource_InvalidTokens(t *testing.T) {
	tests := []struct {
		name  string
		token string
		want  string
	}{
		{"blank", "  ", "TokenSource returned an empty token"},
		{"line break", "tok\r\nX-Injected: 1", "TokenSource returned a token that contains a control"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := servicestagetest.NewServer()
			t.Cleanup(server.Close)
			client, recorder := newSourceClient(t, server, staticSource(tt.token))

			_, err := client.CancelBuild(context.Background(), "build-1")

			require.ErrorContains(t, err, tt.want)
			require.NotContains(t, err.Error(), "X-Injected")
			require.Empty(t, recorder.sent())
		})
	}
}

func TestWithTokenSource_OptionErrors(t *testing.T) {
	tests := []struct {
		name string
		opts []servicestage.Option
		want string
	}{
		{"nil source", []servicestage.Option{servicestage.WithTokenSource(nil)},
			"WithTokenSource: token source is nil"},
		{"after key pair", []servicestage.Option{servicestage.WithAKSK("ak", "sk"),
			servicestage.WithTokenSource(staticSource("tok"))},
			"WithTokenSource conflicts with WithAKSK given earlier"},
		{"before token", []servicestage.Option{servicestage.WithTokenSource(staticSource("tok")),
			servicestage.WithToken("tok")}, "WithToken conflicts with WithTokenSource given earlier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, err := servicestage.NewClient("http://127.0.0.1:1", tt.opts...)

			require.Nil(t, client)
			require.ErrorContains(t, err, tt.want)
			require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
		})
	}
}

// TestWithTokenSource_ConcurrentRevocation runs requests while the server
// revokes the token: each request must recover with one retry, and the
// race detector must find no unsynchronized access to the cached token.
func TestWithTokenSource_ConcurrentRevocation(t *testing.T) {
	const requests = 40
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, _ := newIAMSource(t, server, clock, defaultCredentials())
	client, _ := newSourceClient(t, server, source)
	ids := make([]string, requests)
	for i := range ids {
		ids[i] = server.AddBuild(servicestage.Build{})
	}

	errs := make(chan error, requests)
	var wg sync.WaitGroup
	for i, id := range ids {
		if i == requests/2 {
			server.RevokeTokens()
		}

		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := client.CancelBuild(context.Background(), id)
			errs <- err
		}()
	}

	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}

var _ servicestage.TokenInvalidator = (*servicestage.IAMTokenSource)(nil)

// staticSource is a TokenSource that always returns the same token.
type staticSource string

func (s staticSource) Token(context.Context) (string, error) {
	if s == "" {
		return "", errors.New("no token")
	}

	return string(s), nil
}
