package servicestage_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// The examples run against an in-process fake ServiceStage. Against the
// real service, pass servicestage.RegionEndpoint("cn-north-4") and your own
// credentials instead of the fake server's, and leave out WithHTTPClient.

func ExampleWithAKSK() {
	server := servicestagetest.NewServer(
		servicestagetest.WithAKSK("EXAMPLEACCESSKEY0001", "example-secret-key"))
	defer server.Close()
	buildID := server.AddBuild(servicestage.Build{JobName: "demo-job"})

	client, err := servicestage.NewClient(server.URL,
		servicestage.WithAKSK("EXAMPLEACCESSKEY0001", "example-secret-key"),
		servicestage.WithProjectID("0123456789abcdef0123456789abcdef"),
		servicestage.WithHTTPClient(server.HTTPClient()))
	if err != nil {
		fmt.Println(err)
		return
	}

	build, err := client.CancelBuild(context.Background(), buildID)
	if err != nil {
		fmt.Println(err)
		return
	}

	fmt.Println(build.JobName, build.State)
	// Output: demo-job Cancel
}

func ExampleNewIAMTokenSource() {
	server := servicestagetest.NewServer()
	defer server.Close()
	buildID := server.AddBuild(servicestage.Build{JobName: "demo-job"})

	// The fake server is its own IAM endpoint. Against the real service,
	// pass servicestage.IAMEndpoint("cn-north-4").
	source, err := servicestage.NewIAMTokenSource(server.URL, servicestage.PasswordCredentials{
		DomainName:  servicestagetest.DefaultIAMDomain,
		UserName:    servicestagetest.DefaultIAMUser,
		Password:    servicestagetest.DefaultIAMPassword,
		ProjectName: "cn-north-4",
	}, servicestage.WithIAMHTTPClient(server.HTTPClient()))
	if err != nil {
		fmt.Println(err)
		return
	}

	client, err := servicestage.NewClient(server.URL, servicestage.WithTokenSource(source),
		servicestage.WithHTTPClient(server.HTTPClient()))
	if err != nil {
		fmt.Println(err)
		return
	}

	build, err := client.CancelBuild(context.Background(), buildID)
	if err != nil {
		fmt.Println(err)
		return
	}

	fmt.Println(build.JobName, build.State)
	fmt.Println("IAM requests:", server.IAMRequests())
	// Output:
	// demo-job Cancel
	// IAM requests: 1
}

func ExampleCredentialsFromEnv() {
	// A shell or a CI system usually sets these variables. The example
	// sets them itself for the fake server.
	os.Setenv(servicestage.EnvAccessKey, "EXAMPLEACCESSKEY0001")
	os.Setenv(servicestage.EnvSecretKey, "example-secret-key")
	defer os.Unsetenv(servicestage.EnvAccessKey)
	defer os.Unsetenv(servicestage.EnvSecretKey)

	server := servicestagetest.NewServer(
		servicestagetest.WithAKSK("EXAMPLEACCESSKEY0001", "example-secret-key"))
	defer server.Close()
	buildID := server.AddBuild(servicestage.Build{JobName: "demo-job"})

	client, err := servicestage.NewClient(server.URL, servicestage.CredentialsFromEnv(),
		servicestage.WithHTTPClient(server.HTTPClient()))
	if err != nil {
		fmt.Println(err)
		return
	}

	build, err := client.CancelBuild(context.Background(), buildID)
	if err != nil {
		fmt.Println(err)
		return
	}

	fmt.Println(build.JobName, build.State)
	// Output: demo-job Cancel
}

func ExampleSign() {
	server := servicestagetest.NewServer(
		servicestagetest.WithAKSK("EXAMPLEACCESSKEY0001", "example-secret-key"))
	defer server.Close()
	buildID := server.AddBuild(servicestage.Build{})

	req, err := http.NewRequest(http.MethodPatch, server.URL+"/assembling/v1/builds/"+buildID, nil)
	if err != nil {
		fmt.Println(err)
		return
	}

	req.Header.Set("Content-Type", "application/json;charset=utf8")
	err = servicestage.Sign(req, "EXAMPLEACCESSKEY0001", "example-secret-key", time.Now())
	if err != nil {
		fmt.Println(err)
		return
	}

	resp, err := server.HTTPClient().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()

	fmt.Println(resp.Status)
	// Output: 200 OK
}
