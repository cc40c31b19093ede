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

func TestRun_FakeServer(t *testing.T) {
	exampleenv.Clear(t)
	var out bytes.Buffer

	require.NoError(t, run(context.Background(), nil, &out))

	text := out.String()
	assert.Contains(t, text, "using a fake ServiceStage at http://127.0.0.1:")
	assert.Contains(t, text, "State:   Cancel")
	assert.Contains(t, text, "Job:     demo-job (qexh8qwfmuvlv1y078delx51vn0tsjsmsb23e0e0)")
	assert.Contains(t, text, "Images:  swr.cn-north-4.myhuaweicloud.com/demo/demo-job:4")
	assert.NotContains(t, text, "Ended:   -")
}

func TestRun_Endpoint(t *testing.T) {
	exampleenv.Clear(t)
	server := servicestagetest.NewServer(servicestagetest.WithToken("endpoint-token"))
	defer server.Close()
	id := server.AddBuild(servicestage.Build{JobName: "nightly"})
	t.Setenv("SERVICESTAGE_ENDPOINT", server.URL)
	t.Setenv("SERVICESTAGE_TOKEN", "endpoint-token")
	var out bytes.Buffer

	require.NoError(t, run(context.Background(), []string{id}, &out))

	assert.Contains(t, out.String(), "Build:   "+id)
	assert.NotContains(t, out.String(), "fake ServiceStage")
	stored, _ := server.Build(id)
	assert.Equal(t, servicestage.BuildStateCancel, stored.State)
}

func TestRun_Errors(t *testing.T) {
	exampleenv.Clear(t)
	server := servicestagetest.NewServer()
	defer server.Close()

	cases := []struct {
		name, endpoint, token string
		args                  []string
		want                  string
	}{
		{"no token", server.URL, "", []string{"b"}, "no credentials for"},
		{"no build id", server.URL, server.Token, nil, "usage: cancelbuild BUILD_ID"},
		{"two build ids", server.URL, server.Token, []string{"a", "b"}, "usage"},
		{"id without endpoint", "", "", []string{"b"}, "a build id needs a real endpoint"},
		{"bad endpoint", "not a url", "t", []string{"b"}, "invalid endpoint"},
		{"unknown build", server.URL, server.Token, []string{"nope"}, "SVCSTG.CPE.5004401"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("SERVICESTAGE_ENDPOINT", tc.endpoint)
			t.Setenv("SERVICESTAGE_TOKEN", tc.token)
			var out bytes.Buffer

			err := run(context.Background(), tc.args, &out)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
