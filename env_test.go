package servicestage_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// setEnv sets the four credential variables for the test, "" meaning unset.
func setEnv(t *testing.T, accessKey, secretKey, projectID, securityToken string) {
	t.Helper()

	t.Setenv(servicestage.EnvAccessKey, accessKey)
	t.Setenv(servicestage.EnvSecretKey, secretKey)
	t.Setenv(servicestage.EnvProjectID, projectID)
	t.Setenv(servicestage.EnvSecurityToken, securityToken)
}

func TestCredentialsFromEnv_AllVariables(t *testing.T) {
	const securityToken = "env-security-token-0001"
	setEnv(t, testAccessKey, testSecretKey, "env-project-id", securityToken)
	clock := newFakeClock()
	server := servicestagetest.NewServer(servicestagetest.WithClock(clock.Now),
		servicestagetest.WithTemporaryAKSK(testAccessKey, testSecretKey, securityToken))
	t.Cleanup(server.Close)
	hc, recorder := recordingClient(server.HTTPClient())
	client, err := servicestage.NewClient(server.URL, servicestage.CredentialsFromEnv(),
		servicestage.WithClock(clock.Now), servicestage.WithHTTPClient(hc))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.NoError(t, err)
	sent := recorder.sent()[0]
	require.Equal(t, "env-project-id", sent.Get("X-Project-Id"))
	require.Equal(t, securityToken, sent.Get("X-Security-Token"))
	require.Contains(t, sent.Get("Authorization"), "Access="+testAccessKey+", ")
}

func TestCredentialsFromEnv_KeyPairOnly(t *testing.T) {
	setEnv(t, testAccessKey, testSecretKey, "", "")
	clock := newFakeClock()
	server := newAKSKServer(t, clock)
	hc, recorder := recordingClient(server.HTTPClient())
	client, err := servicestage.NewClient(server.URL, servicestage.CredentialsFromEnv(),
		servicestage.WithClock(clock.Now), servicestage.WithHTTPClient(hc))
	require.NoError(t, err)

	_, err = client.CancelBuild(context.Background(), server.AddBuild(servicestage.Build{}))

	require.NoError(t, err)
	sent := recorder.sent()[0]
	require.Empty(t, sent.Values("X-Project-Id"))
	require.Empty(t, sent.Values("X-Security-Token"))
}

func TestCredentialsFromEnv_Errors(t *testing.T) {
	const secret = "env-VERY-SECRET"
	tests := []struct {
		name                      string
		ak, sk, project, security string
		before, after             []servicestage.Option
		want                      string
	}{
		{name: "nothing set",
			want: "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set; set both"},
		{name: "access key only", ak: "ak",
			want: "HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not"},
		{name: "secret key only", sk: secret,
			want: "HUAWEICLOUD_SDK_SK is set but HUAWEICLOUD_SDK_AK is not"},
		{name: "project id without pair", project: "p",
			want: "are not set (HUAWEICLOUD_SDK_PROJECT_ID set without them)"},
		{name: "security token and project id without pair", project: "p", security: secret,
			want: "(HUAWEICLOUD_SDK_PROJECT_ID and HUAWEICLOUD_SDK_SECURITY_TOKEN set without them)"},
		{name: "secret key with line break", ak: "ak", sk: secret + "\n",
			want: "CredentialsFromEnv: HUAWEICLOUD_SDK_SK has leading or trailing spaces"},
		{name: "padded security token", ak: "ak", sk: secret, security: " " + secret,
			want: "CredentialsFromEnv: HUAWEICLOUD_SDK_SECURITY_TOKEN has leading or trailing"},
		{name: "project id also passed as option", ak: "ak", sk: secret, project: "p",
			after: []servicestage.Option{servicestage.WithProjectID("q")},
			want:  "WithProjectID: project id is already set by an earlier option"},
		{name: "after a token", ak: "ak", sk: secret,
			before: []servicestage.Option{servicestage.WithToken("tok")},
			want:   "CredentialsFromEnv conflicts with WithToken given earlier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setEnv(t, tt.ak, tt.sk, tt.project, tt.security)
			opts := append(append(tt.before, servicestage.CredentialsFromEnv()), tt.after...)

			client, err := servicestage.NewClient("http://127.0.0.1:1", opts...)

			require.Nil(t, client)
			require.ErrorContains(t, err, tt.want)
			require.NotContains(t, err.Error(), secret)
			require.ErrorIs(t, err, servicestage.ErrInvalidArgument)
		})
	}
}
