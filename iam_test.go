package servicestage_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// defaultCredentials are the credentials of the fake server's default IAM
// user.
func defaultCredentials() servicestage.PasswordCredentials {
	return servicestage.PasswordCredentials{
		DomainName:  servicestagetest.DefaultIAMDomain,
		UserName:    servicestagetest.DefaultIAMUser,
		Password:    servicestagetest.DefaultIAMPassword,
		ProjectName: "cn-north-4",
	}
}

// newIAMServer starts a fake server whose tokens last an hour on clock.
func newIAMServer(t *testing.T, clock *fakeClock) *servicestagetest.Server {
	t.Helper()

	server := servicestagetest.NewServer(servicestagetest.WithClock(clock.Now),
		servicestagetest.WithTokenLifetime(time.Hour))
	t.Cleanup(server.Close)
	return server
}

// newIAMSource returns a token source for server's IAM endpoint whose
// requests go through a recording transport.
func newIAMSource(t *testing.T, server *servicestagetest.Server, clock *fakeClock,
	creds servicestage.PasswordCredentials) (*servicestage.IAMTokenSource, *recordingTransport) {
	t.Helper()

	hc, recorder := recordingClient(server.HTTPClient())
	source, err := servicestage.NewIAMTokenSource(server.URL, creds,
		servicestage.WithIAMClock(clock.Now), servicestage.WithIAMHTTPClient(hc))
	require.NoError(t, err)
	return source, recorder
}

func TestIAMTokenSource_FetchesAndCaches(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, recorder := newIAMSource(t, server, clock, defaultCredentials())

	first, err := source.Token(context.Background())
	require.NoError(t, err)
	second, err := source.Token(context.Background())
	require.NoError(t, err)

	require.NotEmpty(t, first)
	require.Equal(t, first, second)
	require.Equal(t, 1, server.IAMRequests())
	sent := recorder.sentRequests()
	require.Len(t, sent, 1)
	require.Equal(t, http.MethodPost, sent[0].method)
	require.Equal(t, server.URL+"/v3/auth/tokens?nocatalog=true", sent[0].url)
	require.Equal(t, "application/json;charset=utf8", sent[0].header.Get("Content-Type"))
}

func TestIAMTokenSource_ProjectID(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	creds := defaultCredentials()
	creds.ProjectName, creds.ProjectID = "", "0123456789abcdef0123456789abcdef"
	source, _ := newIAMSource(t, server, clock, creds)

	token, err := source.Token(context.Background())

	require.NoError(t, err)
	require.NotEmpty(t, token)
}

func TestIAMTokenSource_OtherUser(t *testing.T) {
	clock := newFakeClock()
	server := servicestagetest.NewServer(servicestagetest.WithClock(clock.Now),
		servicestagetest.WithIAMUser("acme", "deployer", "pa55-w0rd"))
	t.Cleanup(server.Close)
	creds := servicestage.PasswordCredentials{DomainName: "acme", UserName: "deployer",
		Password: "pa55-w0rd", ProjectName: "cn-north-4"}
	source, _ := newIAMSource(t, server, clock, creds)

	token, err := source.Token(context.Background())

	require.NoError(t, err)
	require.NotEmpty(t, token)
}

func TestIAMTokenSource_WrongPassword(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	creds := defaultCredentials()
	creds.Password = "wrong-VERY-SECRET"
	source, _ := newIAMSource(t, server, clock, creds)

	token, err := source.Token(context.Background())

	require.Empty(t, token)
	require.ErrorIs(t, err, servicestage.ErrUnauthorized)
	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	require.Equal(t, "get IAM token", apiErr.Operation)
	require.Equal(t, "The username or password is wrong.", apiErr.Message)
	require.NotContains(t, err.Error(), creds.Password)
	require.Equal(t, 1, server.IAMRequests())
}

func TestIAMTokenSource_ExpiredTokenIsReplaced(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, _ := newIAMSource(t, server, clock, defaultCredentials())
	first, err := source.Token(context.Background())
	require.NoError(t, err)

	clock.Advance(time.Hour + time.Second)
	second, err := source.Token(context.Background())

	require.NoError(t, err)
	require.NotEqual(t, first, second)
	require.Equal(t, 2, server.IAMRequests())
}

func TestIAMTokenSource_RefreshesBeforeExpiry(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, _ := newIAMSource(t, server, clock, defaultCredentials())
	first, err := source.Token(context.Background())
	require.NoError(t, err)

	clock.Advance(54 * time.Minute)
	beforeMargin, err := source.Token(context.Background())
	require.NoError(t, err)
	require.Equal(t, first, beforeMargin)
	require.Equal(t, 1, server.IAMRequests())

	clock.Advance(2 * time.Minute)
	inMargin, err := source.Token(context.Background())

	require.NoError(t, err)
	require.Equal(t, first, inMargin, "the cached token is still valid")
	require.Eventually(t, func() bool {
		token, err := source.Token(context.Background())
		return err == nil && token != first
	}, 5*time.Second, 5*time.Millisecond)
	require.Equal(t, 2, server.IAMRequests())
}

func TestIAMTokenSource_RefreshMargin(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, err := servicestage.NewIAMTokenSource(server.URL, defaultCredentials(),
		servicestage.WithIAMClock(clock.Now), servicestage.WithIAMRefreshMargin(0))
	require.NoError(t, err)
	first, err := source.Token(context.Background())
	require.NoError(t, err)

	clock.Advance(time.Hour - time.Second)
	last, err := source.Token(context.Background())

	require.NoError(t, err)
	require.Equal(t, first, last)
	require.Equal(t, 1, server.IAMRequests())
}

// TestIAMTokenSource_FailedRefreshKeepsToken lets IAM fail during the
// refresh margin: callers keep the valid token, and see the error only once
// it has expired.
func TestIAMTokenSource_FailedRefreshKeepsToken(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	failing := &failingTransport{next: server.HTTPClient().Transport}
	source, err := servicestage.NewIAMTokenSource(server.URL, defaultCredentials(),
		servicestage.WithIAMClock(clock.Now),
		servicestage.WithIAMHTTPClient(&http.Client{Transport: failing}))
	require.NoError(t, err)
	first, err := source.Token(context.Background())
	require.NoError(t, err)

	failing.fail.Store(true)
	clock.Advance(56 * time.Minute)
	inMargin, err := source.Token(context.Background())
	require.NoError(t, err)
	require.Equal(t, first, inMargin)
	require.Eventually(t, func() bool { return failing.failures.Load() >= 1 },
		5*time.Second, 5*time.Millisecond)

	clock.Advance(5 * time.Minute)
	expired, err := source.Token(context.Background())

	require.Empty(t, expired)
	require.ErrorIs(t, err, errIAMDown)
	require.ErrorContains(t, err, "servicestage: get IAM token: ")
}

var errIAMDown = errors.New("IAM is down")

// failingTransport fails every request while fail is set.
type failingTransport struct {
	next     http.RoundTripper
	fail     atomic.Bool
	failures atomic.Int32
}

func (ft *failingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if ft.fail.Load() {
		ft.failures.Add(1)
		return nil, errIAMDown
	}

	return ft.next.RoundTrip(req)
}

// TestIAMTokenSource_ConcurrentCallersShareOneFetch delays the IAM request
// until every caller is waiting, so a source without a shared fetch would
// send one request per caller.
func TestIAMTokenSource_ConcurrentCallersShareOneFetch(t *testing.T) {
	const callers = 50
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	hc, recorder := recordingClient(server.HTTPClient())
	recorder.gate = make(chan struct{})
	source, err := servicestage.NewIAMTokenSource(server.URL, defaultCredentials(),
		servicestage.WithIAMClock(clock.Now), servicestage.WithIAMHTTPClient(hc))
	require.NoError(t, err)

	var started sync.WaitGroup
	var done sync.WaitGroup
	tokens := make([]string, callers)
	errs := make([]error, callers)
	for i := range callers {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			started.Done()
			tokens[i], errs[i] = source.Token(context.Background())
		}()
	}

	started.Wait()
	time.Sleep(50 * time.Millisecond)
	close(recorder.gate)
	done.Wait()

	for i := range callers {
		require.NoError(t, errs[i])
		require.Equal(t, tokens[0], tokens[i])
	}

	require.NotEmpty(t, tokens[0])
	require.Len(t, recorder.sentRequests(), 1)
	require.Equal(t, 1, server.IAMRequests())
}

// TestIAMTokenSource_CallerGivesUp cancels a caller waiting for a fetch.
// The fetch goes on and serves the next caller.
func TestIAMTokenSource_CallerGivesUp(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	hc, recorder := recordingClient(server.HTTPClient())
	recorder.gate = make(chan struct{})
	source, err := servicestage.NewIAMTokenSource(server.URL, defaultCredentials(),
		servicestage.WithIAMClock(clock.Now), servicestage.WithIAMHTTPClient(hc))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	token, err := source.Token(ctx)
	require.Empty(t, token)
	require.ErrorIs(t, err, context.Canceled)

	close(recorder.gate)
	token, err = source.Token(context.Background())

	require.NoError(t, err)
	require.NotEmpty(t, token)
	require.Len(t, recorder.sentRequests(), 1)
}

func TestIAMTokenSource_InvalidateToken(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, _ := newIAMSource(t, server, clock, defaultCredentials())
	first, err := source.Token(context.Background())
	require.NoError(t, err)

	source.InvalidateToken("some-older-token")
	kept, err := source.Token(context.Background())
	require.NoError(t, err)
	require.Equal(t, first, kept)

	source.InvalidateToken(first)
	second, err := source.Token(context.Background())

	require.NoError(t, err)
	require.NotEqual(t, first, second)
	require.Equal(t, 2, server.IAMRequests())
}

func TestIAMTokenSource_NilContext(t *testing.T) {
	clock := newFakeClock()
	server := newIAMServer(t, clock)
	source, _ := newIAMSource(t, server, clock, defaultCredentials())

	//nolint:staticcheck // a nil context is the case under test
	_, err := source.Token(nil)

	require.ErrorContains(t, err, "context is nil")
	require.Equal(t, 0, server.IAMRequests())
}

func TestIAMTokenSource_BadResponses(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		token   string
		body    string
		want    string
		wantAPI bool
	}{
		{"no subject token", http.StatusCreated, "",
			`{"token":{"expires_at":"2030-01-01T00:00:00.000000Z"}}`,
			"IAM returned 201 without an X-Subject-Token header", false},
		{"no expiry", http.StatusCreated, "tok", `{"token":{}}`,
			"response has no token.expires_at", false},
		{"bad expiry", http.StatusCreated, "tok", `{"token":{"expires_at":"tomorrow"}}`,
			`parsing time "tomorrow"`, false},
		{"not JSON", http.StatusCreated, "tok", `<html>ok</html>`,
			"invalid response body", false},
		{"proxy error", http.StatusBadGateway, "", `<html>Bad Gateway</html>`,
			"get IAM token: 502 Bad Gateway", true},
		{"IAM code", http.StatusBadRequest, "",
			`{"error_msg":"The request is invalid.","error_code":"IAM.0011"}`,
			"400 Bad Request: IAM.0011: The request is invalid.", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iam := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if tt.token != "" {
					w.Header().Set("X-Subject-Token", tt.token)
				}

				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}))
			t.Cleanup(iam.Close)
			source, err := servicestage.NewIAMTokenSource(iam.URL, defaultCredentials())
			require.NoError(t, err)

			token, err := source.Token(context.Background())

			require.Empty(t, token)
			require.ErrorContains(t, err, tt.want)
			var apiErr *servicestage.APIError
			require.Equal(t, tt.wantAPI, errors.As(err, &apiErr))
		})
	}
}

func TestNewIAMTokenSource_InvalidArguments(t *testing.T) {
	const secret = "pw-VERY-SECRET"
	valid := defaultCredentials()
	valid.Password = secret
	with := func(change func(*servicestage.PasswordCredentials)) servicestage.PasswordCredentials {
		creds := valid
		change(&creds)
		return creds
	}
	tests := []struct {
		name     string
		endpoint string
		creds    servicestage.PasswordCredentials
		opts     []servicestage.IAMOption
		want     string
	}{
		{"empty endpoint", " ", valid, nil, "IAM endpoint is empty"},
		{"endpoint without scheme", "iam.example", valid, nil, "scheme must be http or https"},
		{"endpoint with query", "http://127.0.0.1/?a=1", valid, nil, "remove the query"},
		{"no domain", "http://127.0.0.1",
			with(func(c *servicestage.PasswordCredentials) { c.DomainName = "" }), nil,
			"PasswordCredentials.DomainName is empty"},
		{"no user", "http://127.0.0.1",
			with(func(c *servicestage.PasswordCredentials) { c.UserName = " " }), nil,
			"PasswordCredentials.UserName is empty"},
		{"no password", "http://127.0.0.1",
			with(func(c *servicestage.PasswordCredentials) { c.Password = "" }), nil,
			"PasswordCredentials.Password is empty"},
		{"no project", "http://127.0.0.1",
			with(func(c *servicestage.PasswordCredentials) { c.ProjectName = "" }), nil,
			"no project; set PasswordCredentials.ProjectName"},
		{"two projects", "http://127.0.0.1",
			with(func(c *servicestage.PasswordCredentials) { c.ProjectID = "p" }), nil,
			"both ProjectName and ProjectID are set"},
		{"nil option", "http://127.0.0.1", valid, []servicestage.IAMOption{nil},
			"option 0 is nil"},
		{"nil HTTP client", "http://127.0.0.1", valid,
			[]servicestage.IAMOption{servicestage.WithIAMHTTPClient(nil)},
			"WithIAMHTTPClient: client is nil"},
		{"nil clock", "http://127.0.0.1", valid,
			[]servicestage.IAMOption{servicestage.WithIAMClock(nil)}, "WithIAMClock: clock is nil"},
		{"negative margin", "http://127.0.0.1", valid,
			[]servicestage.IAMOption{servicestage.WithIAMRefreshMargin(-time.Second)},
			"WithIAMRefreshMargin: margin -1s is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			source, err := servicestage.NewIAMTokenSource(tt.endpoint, tt.creds, tt.opts...)

			require.Nil(t, source)
			require.ErrorContains(t, err, tt.want)
			require.NotContains(t, err.Error(), secret)
			require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
		})
	}
}

func TestIAMEndpoint(t *testing.T) {
	require.Equal(t, "https://iam.cn-north-4.myhuaweicloud.com",
		servicestage.IAMEndpoint(" cn-north-4 "))
}

func TestIAMTokenSource_NilSource(t *testing.T) {
	var source *servicestage.IAMTokenSource

	_, err := source.Token(context.Background())
	source.InvalidateToken("x")

	require.ErrorContains(t, err, "IAMTokenSource is nil")
	require.True(t, strings.HasPrefix(err.Error(), "servicestage: "))
}
