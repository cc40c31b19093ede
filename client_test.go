package servicestage_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

func TestNewClient_Endpoints(t *testing.T) {
	t.Parallel()

	cases := map[string]string{
		"https://servicestage.test":                    "https://servicestage.test",
		"https://servicestage.test/":                   "https://servicestage.test",
		"http://127.0.0.1:8080":                        "http://127.0.0.1:8080",
		"https://gw.test/servicestage":                 "https://gw.test/servicestage",
		"https://gw.test/servicestage//":               "https://gw.test/servicestage",
		"  https://servicestage.test  ":                "https://servicestage.test",
		"https://servicestage.cn-north-4.example.test": "https://servicestage.cn-north-4.example.test",
		"HTTPS://servicestage.test":                    "https://servicestage.test",
		"http://[::1]:8080/":                           "http://[::1]:8080",
		"https://gw.test/my gw":                        "https://gw.test/my%20gw",
		"https://gw.test/caf%C3%A9":                    "https://gw.test/caf%C3%A9",
	}
	for endpoint, want := range cases {
		client, err := servicestage.NewClient(endpoint, servicestage.WithToken(testToken))
		require.NoError(t, err, endpoint)
		assert.Equal(t, want, client.Endpoint())
	}
}

func TestNewClient_InvalidEndpoints(t *testing.T) {
	t.Parallel()

	cases := map[string]string{
		"":                                       "endpoint is empty",
		"   ":                                    "endpoint is empty",
		"servicestage.test":                      "scheme must be http or https",
		"/assembling/v1":                         "scheme must be http or https",
		"ftp://servicestage.test":                "scheme must be http or https",
		"https://":                               "absolute URL with a host",
		"https:servicestage.test":                "absolute URL with a host",
		"https://servicestage.test?x=1":          "remove the query",
		"https://servicestage.test?":             "remove the query",
		"https://servicestage.test#frag":         "remove the fragment",
		"https://servicestage.test#":             "remove the fragment",
		"https://user:pw@s.test":                 "remove the user info",
		"https://s.test/%zz":                     "invalid endpoint",
		"http://[::1":                            "invalid endpoint",
		"http://::1:8080":                        "brackets",
		"http://127.0.0.1;x":                     "not a valid host name",
		"http://é.test":                          "punycode",
		"http://s.test:99999":                    "out of range",
		"http://s.test:0":                        "out of range",
		"https://s.test/assembling/v1":           "without /assembling/v1",
		"https://s.test/gw/assembling/v1/builds": "without /assembling/v1",
		"https://s.test/gw/..":                   `remove the ".." path segment`,
	}
	for endpoint, want := range cases {
		client, err := servicestage.NewClient(endpoint, servicestage.WithToken(testToken))
		require.Error(t, err, endpoint)
		assert.Nil(t, client)
		assert.Contains(t, err.Error(), want, endpoint)
	}
}

func TestNewClient_UserInfoNotEchoed(t *testing.T) {
	t.Parallel()

	for _, endpoint := range []string{"https://user:s3cret@s.test", "https://u:s3cret@s.test/%zz"} {
		_, err := servicestage.NewClient(endpoint, servicestage.WithToken(testToken))
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "s3cret")
	}
}

func TestNewClient_ErrorsMatchInvalidArgument(t *testing.T) {
	t.Parallel()

	invalid := [][]servicestage.Option{
		nil,
		{servicestage.WithToken("")},
		{servicestage.WithToken(testToken), servicestage.WithTimeout(-1)},
		{servicestage.WithToken(testToken), servicestage.WithRetry(0, 0, 0)},
	}
	for i, opts := range invalid {
		_, err := servicestage.NewClient(testEndpoint, opts...)
		assert.ErrorIs(t, err, servicestage.ErrInvalidArgument, "case %d", i)
	}

	_, err := servicestage.NewClient("ftp://s.test", servicestage.WithToken(testToken))
	assert.ErrorIs(t, err, servicestage.ErrInvalidArgument)
}

func TestCancelBuild_EndpointWithEscapedPrefix(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	client, err := servicestage.NewClient("https://gw.test/my gw",
		servicestage.WithToken(testToken),
		servicestage.WithHTTPClient(&http.Client{Transport: mock}))
	require.NoError(t, err)

	var gotPath string
	mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		gotPath = req.URL.EscapedPath()
		return jsonResponder(200, documentedBuild)(req)
	})

	_, err = client.CancelBuild(context.Background(), "x/../../jobs/j1")
	require.NoError(t, err)
	assert.Equal(t, "/my%20gw/assembling/v1/builds/x%2F..%2F..%2Fjobs%2Fj1", gotPath)
}

func TestNewClient_InvalidOptions(t *testing.T) {
	t.Parallel()

	cases := map[string][]servicestage.Option{
		"no credentials":    nil,
		"empty token":       {servicestage.WithToken("")},
		"blank token":       {servicestage.WithToken("  ")},
		"token with CRLF":   {servicestage.WithToken("abc\r\nX-Evil: 1")},
		"two tokens":        {servicestage.WithToken("a"), servicestage.WithToken("b")},
		"nil http client":   {servicestage.WithToken("a"), servicestage.WithHTTPClient(nil)},
		"empty user agent":  {servicestage.WithToken("a"), servicestage.WithUserAgent(" ")},
		"user agent CRLF":   {servicestage.WithToken("a"), servicestage.WithUserAgent("x\ny")},
		"negative timeout":  {servicestage.WithToken("a"), servicestage.WithTimeout(-time.Second)},
		"nil option":        {servicestage.WithToken("a"), nil},
		"nil option first":  {nil, servicestage.WithToken("a")},
		"credentials twice": {servicestage.WithToken("a"), servicestage.WithToken("a")},
	}
	for name, opts := range cases {
		client, err := servicestage.NewClient(testEndpoint, opts...)
		require.Error(t, err, name)
		assert.Nil(t, client, name)
		assert.True(t, strings.HasPrefix(err.Error(), "servicestage: "), name)
		assert.NotContains(t, err.Error(), "abc\r\n", name)
	}
}

func TestNewClient_MessagesNameTheFix(t *testing.T) {
	t.Parallel()

	_, err := servicestage.NewClient(testEndpoint)
	require.EqualError(t, err, "servicestage: no credentials; pass WithToken, WithTokenSource, "+
		"WithAKSK or CredentialsFromEnv")

	_, err = servicestage.NewClient(testEndpoint, servicestage.WithToken("a"),
		servicestage.WithToken("b"))
	require.EqualError(t, err, "servicestage: WithToken is given twice; pass it once")
}

func TestRegionEndpoint(t *testing.T) {
	t.Parallel()

	assert.Equal(t, "https://servicestage.cn-north-4.myhuaweicloud.com",
		servicestage.RegionEndpoint("cn-north-4"))
	assert.Equal(t, "https://servicestage.ap-southeast-1.myhuaweicloud.com",
		servicestage.RegionEndpoint(" ap-southeast-1 "))
}

func TestNewClient_DoesNotMutateHTTPClient(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	mock.RegisterNoResponder(jsonResponder(200, documentedBuild))
	hc := &http.Client{Transport: mock}

	client, err := servicestage.NewClient(testEndpoint, servicestage.WithToken(testToken),
		servicestage.WithHTTPClient(hc), servicestage.WithTimeout(5*time.Second))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), "b-1")
	require.NoError(t, err)

	assert.Equal(t, time.Duration(0), hc.Timeout)
	assert.Nil(t, hc.CheckRedirect)
	assert.Nil(t, hc.Jar)
	assert.Same(t, mock, hc.Transport)
}

func TestNewClient_DoesNoIO(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()

	_, err := servicestage.NewClient(testEndpoint, servicestage.WithToken(testToken),
		servicestage.WithHTTPClient(&http.Client{Transport: mock}))
	require.NoError(t, err)

	assert.Equal(t, 0, mock.GetTotalCallCount())
}

func TestClient_ConcurrentUse(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t)
	mock.RegisterNoResponder(jsonResponder(200, documentedBuild))

	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := client.CancelBuild(context.Background(), "b-1")
			errs <- err
		}()
	}

	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	assert.Equal(t, 50, mock.GetTotalCallCount())
}

func TestClient_RedirectToOtherHostRefused(t *testing.T) {
	t.Parallel()

	var leaked []string
	var mu sync.Mutex
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		leaked = append(leaked, r.Header.Get("X-Auth-Token"))
		mu.Unlock()
		w.WriteHeader(200)
	}))
	defer other.Close()

	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer origin.Close()

	client, err := servicestage.NewClient(origin.URL, servicestage.WithToken(testToken))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), "b-1")

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusTemporaryRedirect, apiErr.StatusCode)
	assert.Empty(t, leaked)
}

func TestClient_RedirectChangingMethodNotFollowed(t *testing.T) {
	t.Parallel()

	var methods []string
	var mu sync.Mutex
	mux := http.NewServeMux()
	mux.HandleFunc("/assembling/v1/builds/b-1", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		methods = append(methods, r.Method)
		mu.Unlock()
		http.Redirect(w, r, "/moved", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		methods = append(methods, r.Method)
		mu.Unlock()
		_, _ = w.Write([]byte(`{"build_id": "b-1", "build_state": "Building"}`))
	})
	server := httptest.NewServer(mux)
	defer server.Close()

	client, err := servicestage.NewClient(server.URL, servicestage.WithToken(testToken))
	require.NoError(t, err)

	build, err := client.CancelBuild(context.Background(), "b-1")

	assert.Nil(t, build)
	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusMovedPermanently, apiErr.StatusCode)
	assert.Equal(t, []string{http.MethodPatch}, methods)
}

func TestClient_TooManyRedirects(t *testing.T) {
	t.Parallel()

	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer server.Close()

	client, err := servicestage.NewClient(server.URL, servicestage.WithToken(testToken))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), "b-1")
	require.ErrorContains(t, err, "stopped after 10 redirects")
}

func TestClient_PrintingHidesToken(t *testing.T) {
	t.Parallel()
	client, _ := newMockClient(t)

	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		assert.NotContains(t, fmt.Sprintf(verb, client), testToken, verb)
		assert.NotContains(t, fmt.Sprintf(verb, *client), testToken, verb)
	}

	assert.Equal(t, "servicestage.Client(https://servicestage.test)", client.String())
	assert.Equal(t, "<nil>", fmt.Sprint((*servicestage.Client)(nil)))
}

func TestClient_RedirectOnSameHostFollowed(t *testing.T) {
	t.Parallel()

	mux := http.NewServeMux()
	mux.HandleFunc("/old/assembling/v1/builds/b-1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/assembling/v1/builds/b-1", http.StatusPermanentRedirect)
	})
	mux.HandleFunc("/assembling/v1/builds/b-1", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Auth-Token") != testToken {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}

		_, _ = w.Write([]byte(`{"build_id": "b-1", "build_state": "Cancel"}`))
	})
	server := httptest.NewServer(mux)
	defer server.Close()

	client, err := servicestage.NewClient(server.URL+"/old", servicestage.WithToken(testToken))
	require.NoError(t, err)

	build, err := client.CancelBuild(context.Background(), "b-1")
	require.NoError(t, err)
	assert.Equal(t, servicestage.BuildStateCancel, build.State)
}

func TestClient_SameHostRedirectSignedAgain(t *testing.T) {
	t.Parallel()
	fake := servicestagetest.NewServer(servicestagetest.WithAKSK("AKREDIRECT01", "SKREDIRECT0123456"))
	defer fake.Close()
	id := fake.AddBuild(servicestage.Build{})

	target, err := url.Parse(fake.URL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/old"); ok {
			http.Redirect(w, r, rest, http.StatusTemporaryRedirect)
			return
		}

		proxy.ServeHTTP(w, r)
	}))
	defer gateway.Close()

	client, err := servicestage.NewClient(gateway.URL+"/old",
		servicestage.WithAKSK("AKREDIRECT01", "SKREDIRECT0123456"))
	require.NoError(t, err)

	build, err := client.CancelBuild(context.Background(), id)
	require.NoError(t, err)
	assert.Equal(t, servicestage.BuildStateCancel, build.State)
}
