package servicestage_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

const (
	testAccessKey = "TESTACCESSKEY0000001"
	testSecretKey = "test-secret-key-0000000000000000000000001"
)

// newAKSKServer starts a fake server that accepts the test key pair and
// reads the time from clock.
func newAKSKServer(t *testing.T, clock *fakeClock,
	opts ...servicestagetest.Option) *servicestagetest.Server {
	t.Helper()

	base := []servicestagetest.Option{
		servicestagetest.WithAKSK(testAccessKey, testSecretKey),
		servicestagetest.WithClock(clock.Now),
	}
	server := servicestagetest.NewServer(append(base, opts...)...)
	t.Cleanup(server.Close)
	return server
}

// newAKSKClient returns a client for server signing with the test key
// pair at the time of clock.
func newAKSKClient(t *testing.T, server *servicestagetest.Server,
	clock *fakeClock) *servicestage.Client {
	t.Helper()

	client, err := servicestage.NewClient(server.URL,
		servicestage.WithAKSK(testAccessKey, testSecretKey),
		servicestage.WithClock(clock.Now), servicestage.WithHTTPClient(server.HTTPClient()))
	require.NoError(t, err)
	return client
}

func TestWithAKSK_CancelBuild(t *testing.T) {
	clock := newFakeClock()
	server := newAKSKServer(t, clock)
	buildID := server.AddBuild(servicestage.Build{})
	hc, recorder := recordingClient(server.HTTPClient())
	client, err := servicestage.NewClient(server.URL,
		servicestage.WithAKSK(testAccessKey, testSecretKey),
		servicestage.WithClock(clock.Now), servicestage.WithHTTPClient(hc))
	require.NoError(t, err)

	build, err := client.CancelBuild(context.Background(), buildID)

	require.NoError(t, err)
	require.Equal(t, servicestage.BuildStateCancel, build.State)
	sent := recorder.sent()
	require.Len(t, sent, 1)
	require.Equal(t, "20251114T080042Z", sent[0].Get("X-Sdk-Date"))
	require.Empty(t, sent[0].Get("X-Auth-Token"))
	require.True(t, strings.HasPrefix(sent[0].Get("Authorization"),
		"SDK-HMAC-SHA256 Access="+testAccessKey+", "+
			"SignedHeaders=accept;content-type;host;user-agent;x-sdk-date, Signature="),
		sent[0].Get("Authorization"))
}

// TestWithAKSK_AwkwardBuildIDs sends ids with reserved and non-ASCII
// characters through the client's path escaping and signing to the fake
// server, which must find the build.
func TestWithAKSK_AwkwardBuildIDs(t *testing.T) {
	clock := newFakeClock()
	server := newAKSKServer(t, clock)
	client := newAKSKClient(t, server, clock)

	ids := []string{"a b", "a+b", "a/b", "a?b=c&d", "a#b", "a%2Fb", "a:b@c;d", "构建-ü", "~._-"}
	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			server.AddBuild(servicestage.Build{BuildID: id})

			build, err := client.CancelBuild(context.Background(), id)

			require.NoError(t, err)
			require.Equal(t, id, build.BuildID)
		})
	}
}

// TestWithAKSK_EndpointPathPrefix signs the endpoint's path prefix too: the
// fake server serves no such path, so it must return the gateway's 404
// after accepting the signature, not 401.
func TestWithAKSK_EndpointPathPrefix(t *testing.T) {
	clock := newFakeClock()
	server := newAKSKServer(t, clock)
	client, err := servicestage.NewClient(server.URL+"/gateway/servicestage/",
		servicestage.WithAKSK(testAccessKey, testSecretKey),
		servicestage.WithClock(clock.Now), servicestage.WithHTTPClient(server.HTTPClient()))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), "build-1")

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	require.Equal(t, "APIGW.0101", apiErr.Code)
}

func TestWithAKSK_WrongSecretKey(t *testing.T) {
	clock := newFakeClock()
	server := newAKSKServer(t, clock)
	const wrongSecret = "wrong-secret-key-000000000000000000000001"
	client, err := servicestage.NewClient(server.URL,
		servicestage.WithAKSK(testAccessKey, wrongSecret),
		servicestage.WithClock(clock.Now), servicestage.WithHTTPClient(server.HTTPClient()))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.ErrorIs(t, err, servicestage.ErrUnauthorized)
	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, "APIGW.0301", apiErr.Code)
	require.NotContains(t, err.Error(), wrongSecret)
}

func TestWithAKSK_UnknownAccessKey(t *testing.T) {
	clock := newFakeClock()
	server := newAKSKServer(t, clock)
	client, err := servicestage.NewClient(server.URL,
		servicestage.WithAKSK("UNKNOWNACCESSKEY0001", testSecretKey),
		servicestage.WithClock(clock.Now), servicestage.WithHTTPClient(server.HTTPClient()))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.ErrorIs(t, err, servicestage.ErrUnauthorized)
}

// TestWithAKSK_SignsEachRequestAtItsTime moves the shared clock 16 minutes
// between two calls: the second must carry a new X-Sdk-Date, or the server
// would reject it as outside the 15-minute window.
func TestWithAKSK_SignsEachRequestAtItsTime(t *testing.T) {
	clock := newFakeClock()
	server := newAKSKServer(t, clock)
	hc, recorder := recordingClient(server.HTTPClient())
	client, err := servicestage.NewClient(server.URL,
		servicestage.WithAKSK(testAccessKey, testSecretKey),
		servicestage.WithClock(clock.Now), servicestage.WithHTTPClient(hc))
	require.NoError(t, err)
	_, err = client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))
	require.NoError(t, err)

	clock.Advance(16 * time.Minute)
	_, err = client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.NoError(t, err)
	sent := recorder.sent()
	require.Len(t, sent, 2)
	require.Equal(t, "20251114T080042Z", sent[0].Get("X-Sdk-Date"))
	require.Equal(t, "20251114T081642Z", sent[1].Get("X-Sdk-Date"))
}

// TestWithAKSK_RetrySignedAfresh moves the shared clock 16 minutes each
// time the client reads it. The first attempt meets a 503 and the retry
// succeeds only if it carries its own X-Sdk-Date, because the first one is
// then 16 minutes behind the server.
func TestWithAKSK_RetrySignedAfresh(t *testing.T) {
	clock := newFakeClock()
	server := newAKSKServer(t, clock)
	server.InjectFault(servicestagetest.Fault{Status: http.StatusServiceUnavailable}, 1)
	hc, recorder := recordingClient(server.HTTPClient())
	signingClock := func() time.Time {
		clock.Advance(16 * time.Minute)
		return clock.Now()
	}
	client, err := servicestage.NewClient(server.URL,
		servicestage.WithAKSK(testAccessKey, testSecretKey), servicestage.WithClock(signingClock),
		servicestage.WithRetry(2, time.Millisecond, time.Millisecond),
		servicestage.WithHTTPClient(hc))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.NoError(t, err)
	sent := recorder.sent()
	require.Len(t, sent, 2)
	first, err := time.Parse("20060102T150405Z", sent[0].Get("X-Sdk-Date"))
	require.NoError(t, err)
	retried, err := time.Parse("20060102T150405Z", sent[1].Get("X-Sdk-Date"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, retried.Sub(first), 16*time.Minute)
}

func TestWithAKSK_ClockOutsideWindow(t *testing.T) {
	serverClock := newFakeClock()
	server := newAKSKServer(t, serverClock)
	clientClock := newFakeClock()
	clientClock.Advance(-16 * time.Minute)
	client, err := servicestage.NewClient(server.URL,
		servicestage.WithAKSK(testAccessKey, testSecretKey),
		servicestage.WithClock(clientClock.Now), servicestage.WithHTTPClient(server.HTTPClient()))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.ErrorIs(t, err, servicestage.ErrUnauthorized)
	require.ErrorContains(t, err, "X-Sdk-Date is 16m0s from the server clock")
}

func TestWithProjectID_SignedHeader(t *testing.T) {
	clock := newFakeClock()
	server := newAKSKServer(t, clock)
	hc, recorder := recordingClient(server.HTTPClient())
	client, err := servicestage.NewClient(server.URL,
		servicestage.WithAKSK(testAccessKey, testSecretKey),
		servicestage.WithProjectID("0123456789abcdef0123456789abcdef"),
		servicestage.WithClock(clock.Now), servicestage.WithHTTPClient(hc))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.NoError(t, err)
	sent := recorder.sent()[0]
	require.Equal(t, "0123456789abcdef0123456789abcdef", sent.Get("X-Project-Id"))
	require.Contains(t, sent.Get("Authorization"), ";x-project-id;x-sdk-date,")
}

func TestWithSecurityToken_TemporaryKey(t *testing.T) {
	const securityToken = "temporary-security-token-0001"
	clock := newFakeClock()
	server := servicestagetest.NewServer(servicestagetest.WithClock(clock.Now),
		servicestagetest.WithTemporaryAKSK(testAccessKey, testSecretKey, securityToken))
	t.Cleanup(server.Close)
	hc, recorder := recordingClient(server.HTTPClient())
	newClient := func(opts ...servicestage.Option) *servicestage.Client {
		base := []servicestage.Option{servicestage.WithAKSK(testAccessKey, testSecretKey),
			servicestage.WithClock(clock.Now), servicestage.WithHTTPClient(hc)}
		client, err := servicestage.NewClient(server.URL, append(base, opts...)...)
		require.NoError(t, err)
		return client
	}

	_, withToken := newClient(servicestage.WithSecurityToken(securityToken)).
		CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))
	_, withoutToken := newClient().
		CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.NoError(t, withToken)
	sent := recorder.sent()[0]
	require.Equal(t, securityToken, sent.Get("X-Security-Token"))
	require.Contains(t, sent.Get("Authorization"), ";x-sdk-date;x-security-token,")
	require.ErrorIs(t, withoutToken, servicestage.ErrUnauthorized)
}

func TestNewClient_CredentialOptionErrors(t *testing.T) {
	const secret = "sk-VERY-SECRET"
	pair := servicestage.WithAKSK("ak", secret)
	tests := []struct {
		name string
		opts []servicestage.Option
		want string
	}{
		{"no credentials", nil, "no credentials; pass WithToken"},
		{"empty access key", []servicestage.Option{servicestage.WithAKSK("", secret)},
			"WithAKSK: access key is empty"},
		{"empty secret key", []servicestage.Option{servicestage.WithAKSK("ak", "")},
			"WithAKSK: secret key is empty"},
		{"padded secret key", []servicestage.Option{servicestage.WithAKSK("ak", " "+secret)},
			"WithAKSK: secret key has leading or trailing spaces"},
		{"control character in secret key",
			[]servicestage.Option{servicestage.WithAKSK("ak", secret+"\r")},
			"WithAKSK: secret key has leading or trailing spaces"},
		{"control character inside secret key",
			[]servicestage.Option{servicestage.WithAKSK("ak", "sk\x00"+secret)},
			"WithAKSK: secret key contains a control character"},
		{"empty project id", []servicestage.Option{pair, servicestage.WithProjectID(" ")},
			"WithProjectID: project id is empty"},
		{"project id twice", []servicestage.Option{pair, servicestage.WithProjectID("p1"),
			servicestage.WithProjectID("p2")}, "WithProjectID: project id is already set"},
		{"empty security token", []servicestage.Option{pair, servicestage.WithSecurityToken("")},
			"WithSecurityToken: security token is empty"},
		{"project id with token", []servicestage.Option{servicestage.WithToken("tok"),
			servicestage.WithProjectID("p1")}, "WithProjectID needs WithAKSK"},
		{"security token with token", []servicestage.Option{servicestage.WithToken("tok"),
			servicestage.WithSecurityToken(secret)}, "WithSecurityToken needs the temporary"},
		{"security token alone", []servicestage.Option{servicestage.WithSecurityToken(secret)},
			"no credentials"},
		{"token and key pair", []servicestage.Option{servicestage.WithToken(secret), pair},
			"WithAKSK conflicts with WithToken given earlier"},
		{"nil clock", []servicestage.Option{pair, servicestage.WithClock(nil)},
			"WithClock: clock is nil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, err := servicestage.NewClient("http://127.0.0.1:1", tt.opts...)

			require.Nil(t, client)
			require.ErrorContains(t, err, tt.want)
			require.NotContains(t, err.Error(), secret)
			require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
		})
	}
}
