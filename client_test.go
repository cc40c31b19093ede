package servicestage_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
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
		"":                               "endpoint is empty",
		"   ":                            "endpoint is empty",
		"servicestage.test":              "scheme must be http or https",
		"/assembling/v1":                 "scheme must be http or https",
		"ftp://servicestage.test":        "scheme must be http or https",
		"https://":                       "absolute URL with a host",
		"https:servicestage.test":        "absolute URL with a host",
		"https://servicestage.test?x=1":  "remove the query",
		"https://servicestage.test?":     "remove the query",
		"https://servicestage.test#frag": "remove the fragment",
		"https://servicestage.test#":     "remove the fragment",
		"https://user:pw@s.test":         "remove the user info",
		"https://s.test/%zz":             "invalid endpoint",
		"http://[::1":                    "invalid endpoint",
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

	_, err := servicestage.NewClient("https://user:s3cret@s.test",
		servicestage.WithToken(testToken))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret")
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
	require.EqualError(t, err, "servicestage: no credentials; pass WithToken")

	_, err = servicestage.NewClient(testEndpoint, servicestage.WithToken("a"),
		servicestage.WithToken("b"))
	require.EqualError(t, err, "servicestage: WithToken conflicts with WithToken set earlier; "+
		"pass one kind of credentials")
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
	require.Error(t, err)
	assert.Contains(t, err.Error(), "another host")
	assert.Empty(t, leaked)
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
