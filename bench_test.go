package servicestage_test

// Benchmarks of CancelBuild against plainClient, a hand-written client that
// sends the same request with only net/http and encoding/json. Run them,
// and nothing else, with:
//
//	go test -run '^$' -bench . -benchmem -count 10 . > bench.txt
//	benchstat -col /client bench.txt
//
// Names carry key=value parts (transport, run, client) so that benchstat
// can put the SDK and the baseline side by side.

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// benchBuildID is the build id of the documented cancel response.
const benchBuildID = "kzqjkrvbglqbczhm82kkjlh0ixe2o2wv8v85fpmv"

// benchErrorBody is a 400 response of the build service for a build that
// does not exist.
const benchErrorBody = `{"error_code": "SVCSTG.CPE.5004401", ` +
	`"error_msg": "build kzqjkrvbglqbczhm82kkjlh0ixe2o2wv8v85fpmv does not exist"}`

// benchCredentials lists the credentials the in-memory SDK benchmarks run
// with, one sub-benchmark each, named by client. Every kind of
// credentials the Client accepts belongs here, so its cost per call shows
// next to the token's.
var benchCredentials = []struct {
	client string
	option servicestage.Option
}{
	{"sdk", servicestage.WithToken(testToken)},
	{"sdk-aksk", servicestage.WithAKSK("AKBENCHMARK0001", "SKBENCHMARK0123456789")},
}

// cancelFunc makes one cancel call and returns the state of the build.
type cancelFunc func(ctx context.Context, id string) (string, error)

// sdkCancel returns a cancelFunc that calls client.CancelBuild.
func sdkCancel(client *servicestage.Client) cancelFunc {
	return func(ctx context.Context, id string) (string, error) {
		build, err := client.CancelBuild(ctx, id)
		if err != nil {
			return "", err
		}

		return string(build.State), nil
	}
}

// plainCancel returns a cancelFunc that calls plain.cancelBuild.
func plainCancel(plain *plainClient) cancelFunc {
	return func(ctx context.Context, id string) (string, error) {
		build, err := plain.cancelBuild(ctx, id)
		if err != nil {
			return "", err
		}

		return build.State, nil
	}
}

// newMemoryClients returns the SDK clients, one per benchCredentials
// entry, and the baseline, each sending through its own staticTransport
// that responds with status and body.
func newMemoryClients(b *testing.B, status int, body string) map[string]cancelFunc {
	b.Helper()

	clients := map[string]cancelFunc{
		"baseline": plainCancel(newPlainClient(newStaticTransport(status, body), testEndpoint,
			testToken)),
	}
	for _, cred := range benchCredentials {
		hc := &http.Client{Transport: newStaticTransport(status, body)}
		client, err := servicestage.NewClient(testEndpoint, cred.option,
			servicestage.WithHTTPClient(hc))
		if err != nil {
			b.Fatal(err)
		}

		clients[cred.client] = sdkCancel(client)
	}

	return clients
}

// benchClientNames lists the clients of newMemoryClients in a fixed order.
func benchClientNames() []string {
	names := []string{"baseline"}
	for _, cred := range benchCredentials {
		names = append(names, cred.client)
	}

	return names
}

// BenchmarkCancelBuild measures a successful cancel through the SDK and
// through the baseline: over an in-memory transport, which isolates the
// client's own cost, and over loopback against servicestagetest, which
// adds the HTTP stack and the fake server. The loopback runs report the
// requests a second they sustained, client and server together.
func BenchmarkCancelBuild(b *testing.B) {
	for _, run := range []string{"serial", "parallel"} {
		clients := newMemoryClients(b, http.StatusOK, documentedBuild)
		for _, name := range benchClientNames() {
			b.Run("transport=memory/run="+run+"/client="+name, func(b *testing.B) {
				benchCancel(b, run == "parallel", clients[name], func(int) string {
					return benchBuildID
				})
			})
		}
	}

	for _, run := range []string{"serial", "parallel"} {
		for _, name := range []string{"baseline", "sdk"} {
			b.Run("transport=loopback/run="+run+"/client="+name, func(b *testing.B) {
				benchLoopback(b, run == "parallel", name)
			})
		}
	}
}

// BenchmarkCancelBuildError measures a cancel that fails with 400 and the
// service's error body, over the in-memory transport: the SDK returns an
// *APIError and the baseline a plainError.
func BenchmarkCancelBuildError(b *testing.B) {
	for _, run := range []string{"serial", "parallel"} {
		clients := newMemoryClients(b, http.StatusBadRequest, benchErrorBody)
		for _, name := range benchClientNames() {
			b.Run("transport=memory/run="+run+"/client="+name, func(b *testing.B) {
				benchCancelError(b, run == "parallel", clients[name])
			})
		}
	}
}

// benchCancel calls cancel b.N times, with the build id idAt returns for
// the call's index, and fails unless each call returns a cancelled build.
func benchCancel(b *testing.B, parallel bool, cancel cancelFunc, idAt func(int) string) {
	ctx := context.Background()
	check := func(state string, err error) bool {
		if err != nil {
			b.Error(err)
			return false
		}

		if state != string(servicestage.BuildStateCancel) {
			b.Errorf("build state %q, want %q", state, servicestage.BuildStateCancel)
			return false
		}

		return true
	}

	b.ReportAllocs()
	b.ResetTimer()
	if !parallel {
		for i := range b.N {
			if !check(cancel(ctx, idAt(i))) {
				return
			}
		}

		return
	}

	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1) - 1)
			if !check(cancel(ctx, idAt(i))) {
				return
			}
		}
	})
}

// benchCancelError calls cancel b.N times and fails unless each call
// returns an error.
func benchCancelError(b *testing.B, parallel bool, cancel cancelFunc) {
	ctx := context.Background()
	_, err := cancel(ctx, benchBuildID)
	var apiErr *servicestage.APIError
	var plainErr *plainError
	if !errors.As(err, &apiErr) && !errors.As(err, &plainErr) {
		b.Fatalf("got error %v, want an *APIError or a *plainError", err)
	}

	b.ReportAllocs()
	b.ResetTimer()
	if !parallel {
		for range b.N {
			if _, err := cancel(ctx, benchBuildID); err == nil {
				b.Fatal("cancel succeeded, want an error")
			}
		}

		return
	}

	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := cancel(ctx, benchBuildID); err == nil {
				b.Error("cancel succeeded, want an error")
				return
			}
		}
	})
}

// benchLoopback cancels b.N builds of a servicestagetest server, each
// seeded before the timer starts, so every request takes the server's
// real cancel path and gets 200. It reports the requests per second.
func benchLoopback(b *testing.B, parallel bool, name string) {
	server := servicestagetest.NewServer()
	defer server.Close()

	var cancel cancelFunc
	if name == "sdk" {
		client, err := server.NewClient()
		if err != nil {
			b.Fatal(err)
		}

		cancel = sdkCancel(client)
	} else {
		cancel = plainCancel(newPlainClient(server.HTTPClient().Transport, server.URL,
			server.Token))
	}

	ids := seedBuilds(b, server, b.N)
	benchCancel(b, parallel, cancel, func(i int) string { return ids[i] })
	b.StopTimer()

	if got := server.RequestCount(); got != int64(b.N) {
		b.Errorf("server received %d requests, want %d", got, b.N)
	}

	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// seedBuilds adds n running builds shaped like the documented one to
// server and returns their ids.
func seedBuilds(b *testing.B, server *servicestagetest.Server, n int) []string {
	b.Helper()

	var template servicestage.Build
	if err := json.Unmarshal([]byte(documentedBuild), &template); err != nil {
		b.Fatal(err)
	}

	template.BuildID = ""
	template.State = servicestage.BuildStateBuilding
	template.EndedAt = servicestage.Timestamp{}

	ids := make([]string, n)
	for i := range ids {
		ids[i] = server.AddBuild(template)
	}

	return ids
}

// BenchmarkDecodeBuild measures decoding the documented Build: into
// servicestage.Build, with its tolerant timestamp, index and SWR fields,
// and with encoding/json into plainBuild.
func BenchmarkDecodeBuild(b *testing.B) {
	body := []byte(documentedBuild)
	b.Run("client=baseline", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var build plainBuild
			if err := json.Unmarshal(body, &build); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("client=sdk", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var build servicestage.Build
			if err := json.Unmarshal(body, &build); err != nil {
				b.Fatal(err)
			}
		}
	})
}
