// Command footprint makes one ServiceStage call through Huawei's official
// Go SDK (github.com/huaweicloud/huaweicloud-sdk-go-v3), so that its binary
// size and module graph can be set next to examples/cancelbuild. It starts
// its own fake endpoint on 127.0.0.1 and sends the call there, with made-up
// credentials, a fixed project id and an explicit endpoint, so the SDK has
// no reason to reach IAM or any other host.
//
// It lives in its own module so that the servicestage module never
// requires Huawei's SDK; measure.sh builds both programs and prints the
// comparison.
package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	servicestage "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/servicestage/v2"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/servicestage/v2/model"
)

// projectID is a made-up project id. Setting it keeps the SDK from asking
// IAM for one.
const projectID = "0123456789abcdef0123456789abcdef"

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "footprint:", err)
		os.Exit(1)
	}
}

// run serves a canned deployment-job response on 127.0.0.1 and reads it
// through the Huawei SDK's ShowJobDetail.
func run(out io.Writer) error {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"task_count": 1, "tasks": []}`)
	}))
	defer server.Close()

	credentials, err := basic.NewCredentialsBuilder().
		WithAk("FAKEACCESSKEY0000000").
		WithSk("fake-secret-key-for-a-local-test-only").
		WithProjectId(projectID).
		SafeBuild()
	if err != nil {
		return err
	}

	hc, err := servicestage.ServiceStageClientBuilder().
		WithEndpoints([]string{server.URL}).
		WithCredential(credentials).
		SafeBuild()
	if err != nil {
		return err
	}

	client := servicestage.NewServiceStageClient(hc)
	resp, err := client.ShowJobDetail(&model.ShowJobDetailRequest{JobId: "job-1"})
	if err != nil {
		return err
	}

	tasks := int32(0)
	if resp.TaskCount != nil {
		tasks = *resp.TaskCount
	}

	fmt.Fprintf(out, "ShowJobDetail: HTTP %d, %d task(s)\n", resp.HttpStatusCode, tasks)
	return nil
}
