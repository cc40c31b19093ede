package exampleenv

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEndpoint_Precedence(t *testing.T) {
	Clear(t)
	assert.Equal(t, "", Endpoint())

	t.Setenv(RegionVar, "ap-southeast-1")
	assert.Equal(t, "https://servicestage.ap-southeast-1.myhuaweicloud.com", Endpoint())

	t.Setenv(EndpointVar, "http://127.0.0.1:8080")
	assert.Equal(t, "http://127.0.0.1:8080", Endpoint())
}

func TestHasCredentials(t *testing.T) {
	Clear(t)
	assert.False(t, HasCredentials())

	t.Setenv("HUAWEICLOUD_SDK_SK", "SKEXAMPLE0123456")
	assert.True(t, HasCredentials())
}

func TestNewClient_Credentials(t *testing.T) {
	Clear(t)

	_, err := NewClient("http://127.0.0.1:1", "test")
	require.ErrorContains(t, err, "no credentials for http://127.0.0.1:1")

	t.Setenv(TokenVar, "a-token-for-tests")
	client, err := NewClient("http://127.0.0.1:1", "test")
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:1", client.Endpoint())
}

func TestPrintFakeNotice(t *testing.T) {
	Clear(t)
	var out strings.Builder

	PrintFakeNotice(&out, "http://127.0.0.1:9")
	assert.Equal(t, "Neither SERVICESTAGE_ENDPOINT nor SERVICESTAGE_REGION is set: "+
		"using a fake ServiceStage at http://127.0.0.1:9\n\n", out.String())

	t.Setenv(TokenVar, "a-token-for-tests")
	out.Reset()
	PrintFakeNotice(&out, "http://127.0.0.1:9")
	assert.Contains(t, out.String(), "Credentials are set but no endpoint")
}
