package servicestage_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

func ExampleClient_CancelBuild() {
	// A fake ServiceStage on loopback replaces
	// servicestage.RegionEndpoint("cn-north-4") in this example.
	server := servicestagetest.NewServer()
	defer server.Close()
	server.AddBuild(servicestage.Build{BuildID: "b-42", JobName: "checkout-service"})

	client, err := servicestage.NewClient(server.URL, servicestage.WithToken(server.Token))
	if err != nil {
		fmt.Println("create client:", err)
		return
	}

	build, err := client.CancelBuild(context.Background(), "b-42")
	if err != nil {
		fmt.Println("cancel:", err)
		return
	}

	fmt.Println(build.BuildID, build.JobName, build.State, build.State.IsFinal())
	// Output: b-42 checkout-service Cancel true
}

func ExampleAPIError() {
	server := servicestagetest.NewServer()
	defer server.Close()

	client, err := servicestage.NewClient(server.URL, servicestage.WithToken(server.Token))
	if err != nil {
		fmt.Println("create client:", err)
		return
	}

	_, err = client.CancelBuild(context.Background(), "no-such-build")

	var apiErr *servicestage.APIError
	if errors.As(err, &apiErr) {
		fmt.Println("status:", apiErr.StatusCode)
		fmt.Println("code:", apiErr.Code)
	}

	fmt.Println("bad request:", errors.Is(err, servicestage.ErrBadRequest))
	fmt.Println("not found:", errors.Is(err, servicestage.ErrNotFound))
	// Output:
	// status: 400
	// code: SVCSTG.CPE.5004401
	// bad request: true
	// not found: false
}

func ExampleNewClient() {
	client, err := servicestage.NewClient(servicestage.RegionEndpoint("cn-north-4"),
		servicestage.WithToken("an-IAM-token"),
		servicestage.WithUserAgent("release-bot/1.4"))
	if err != nil {
		fmt.Println(err)
		return
	}

	fmt.Println(client.Endpoint())

	_, err = servicestage.NewClient("servicestage.cn-north-4.myhuaweicloud.com",
		servicestage.WithToken("an-IAM-token"))
	fmt.Println(err)
	// Output:
	// https://servicestage.cn-north-4.myhuaweicloud.com
	// servicestage: invalid endpoint "servicestage.cn-north-4.myhuaweicloud.com": scheme must be http or https
}
