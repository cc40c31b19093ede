package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/examples/internal/exampleenv"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

func TestRun_AccessKeyFromEnv(t *testing.T) {
	exampleenv.Clear(t)
	server := servicestagetest.NewServer(servicestagetest.WithAKSK("AKEXAMPLE01", "SKEXAMPLE0123456"))
	defer server.Close()
	id := server.AddBuild(servicestage.Build{})
	t.Setenv("SERVICESTAGE_ENDPOINT", server.URL)
	t.Setenv("HUAWEICLOUD_SDK_AK", "AKEXAMPLE01")
	t.Setenv("HUAWEICLOUD_SDK_SK", "SKEXAMPLE0123456")
	var out bytes.Buffer

	require.NoError(t, run(context.Background(), []string{id}, &out))

	stored, _ := server.Build(id)
	assert.Equal(t, servicestage.BuildStateCancel, stored.State)
}

func TestRun_HalfAccessKeyPair(t *testing.T) {
	exampleenv.Clear(t)
	t.Setenv("SERVICESTAGE_ENDPOINT", "http://127.0.0.1:1")
	t.Setenv("HUAWEICLOUD_SDK_AK", "AKEXAMPLE01")
	var out bytes.Buffer

	err := run(context.Background(), []string{"b-1"}, &out)
	require.ErrorContains(t, err, "HUAWEICLOUD_SDK_SK")
}

func TestRun_CredentialsWithoutEndpointUseFake(t *testing.T) {
	exampleenv.Clear(t)
	t.Setenv("SERVICESTAGE_TOKEN", "a-real-looking-token")
	var out bytes.Buffer

	require.NoError(t, run(context.Background(), nil, &out))

	assert.Contains(t, out.String(), "Credentials are set but no endpoint")
	assert.Contains(t, out.String(), "State:   Cancel")
}
