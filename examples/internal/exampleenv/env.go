// Package exampleenv reads the environment variables that point the
// examples at a real ServiceStage endpoint instead of the fake server.
package exampleenv

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/servicestage-go/servicestage"
)

// Environment variables the examples read, besides Huawei's
// HUAWEICLOUD_SDK_* credentials.
const (
	EndpointVar = "SERVICESTAGE_ENDPOINT"
	RegionVar   = "SERVICESTAGE_REGION"
	TokenVar    = "SERVICESTAGE_TOKEN"
)

// Endpoint returns the endpoint the environment names: SERVICESTAGE_ENDPOINT,
// or the endpoint of SERVICESTAGE_REGION. It returns "" when neither is set,
// and the examples then use the fake server.
func Endpoint() string {
	if endpoint := os.Getenv(EndpointVar); endpoint != "" {
		return endpoint
	}

	if region := os.Getenv(RegionVar); region != "" {
		return servicestage.RegionEndpoint(region)
	}

	return ""
}

// HasCredentials reports whether the environment holds any credential,
// so an example can say why it ignores them without an endpoint.
func HasCredentials() bool {
	for _, name := range []string{TokenVar, "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"} {
		if os.Getenv(name) != "" {
			return true
		}
	}

	return false
}

// NewClient returns a client for endpoint with the credentials of the
// environment: SERVICESTAGE_TOKEN when set, or else Huawei's
// HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK with the optional project id
// and security token.
func NewClient(endpoint, userAgent string) (*servicestage.Client, error) {
	agent := servicestage.WithUserAgent(userAgent)
	if token := os.Getenv(TokenVar); token != "" {
		return servicestage.NewClient(endpoint, servicestage.WithToken(token), agent)
	}

	if os.Getenv("HUAWEICLOUD_SDK_AK") != "" || os.Getenv("HUAWEICLOUD_SDK_SK") != "" {
		return servicestage.NewClient(endpoint, servicestage.CredentialsFromEnv(), agent)
	}

	return nil, errors.New("no credentials for " + endpoint + ": set " + TokenVar +
		", or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK; or unset " + EndpointVar + " and " +
		RegionVar + " to use the fake server")
}

// Names lists every environment variable the examples read.
var Names = []string{EndpointVar, RegionVar, TokenVar, "HUAWEICLOUD_SDK_AK",
	"HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_PROJECT_ID", "HUAWEICLOUD_SDK_SECURITY_TOKEN"}

// Clear sets every variable in Names to "" through t, a *testing.T, which
// restores them when the test ends. Tests call it first, so a developer's
// own settings never point a test at a real endpoint.
func Clear(t interface{ Setenv(key, value string) }) {
	for _, name := range Names {
		t.Setenv(name, "")
	}
}

// PrintFakeNotice writes that the example runs against the fake
// server at url, and why any credentials in the environment are unused.
func PrintFakeNotice(out io.Writer, url string) {
	fmt.Fprintf(out, "Neither %s nor %s is set: using a fake ServiceStage at %s\n",
		EndpointVar, RegionVar, url)
	if HasCredentials() {
		fmt.Fprintf(out, "Credentials are set but no endpoint: set %s or %s to use them.\n",
			EndpointVar, RegionVar)
	}

	fmt.Fprintln(out)
}
