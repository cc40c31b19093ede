// Command buildflow starts a ServiceStage build, prints its log as it
// grows, and waits for the result.
//
// With SERVICESTAGE_ENDPOINT (or SERVICESTAGE_REGION) set, it builds the
// job whose id is its argument on that endpoint, authenticated with
// SERVICESTAGE_TOKEN or with Huawei's HUAWEICLOUD_SDK_AK and
// HUAWEICLOUD_SDK_SK:
//
//	SERVICESTAGE_REGION=cn-north-4 SERVICESTAGE_TOKEN=... \
//	go run ./examples/buildflow JOB_ID
//
// Without an endpoint or region, it starts an in-process fake ServiceStage
// holding one job whose builds take about two seconds, and builds that.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/examples/internal/exampleenv"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// Polling intervals: short against the fake server, whose builds take
// seconds, and the library's defaults against the real service.
const (
	fakePollInterval = 100 * time.Millisecond
	fakeMaxInterval  = 200 * time.Millisecond
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "buildflow:", err)
		stop()
		os.Exit(1)
	}
}

// target is the job to build, a client that reaches it, and the polling
// options that suit its server.
type target struct {
	client  *servicestage.Client
	jobID   string
	poll    []servicestage.WaitOption
	cleanup func()
}

// run starts one build, follows its log to out and prints the result.
func run(ctx context.Context, args []string, out io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()

	t, err := setup(args, out)
	if err != nil {
		return err
	}
	defer t.cleanup()

	started, err := t.client.StartBuild(ctx, t.jobID)
	if err != nil {
		return err
	}

	fmt.Fprintf(out, "Started build #%d (%s) of job %s: %s\n\n", started.Index,
		started.BuildID, started.JobName, started.State)
	if err := t.client.FollowBuildLog(ctx, started.BuildID, out, t.poll...); err != nil {
		return err
	}

	build, err := t.client.WaitForBuild(ctx, started.BuildID, t.poll...)
	if build != nil {
		fmt.Fprintf(out, "\nBuild #%d ended %s (started %s, ended %s)\n", build.Index,
			build.State, build.StartedAt, build.EndedAt)
	}

	return err
}

// setup returns the client and the job to build: from the environment and
// the arguments when the environment names an endpoint, or from a fake
// server it starts.
func setup(args []string, out io.Writer) (*target, error) {
	endpoint := exampleenv.Endpoint()
	if endpoint == "" {
		return setupFake(args, out)
	}

	if len(args) != 1 {
		return nil, errors.New("usage: buildflow JOB_ID " +
			"(one job id is required with a real endpoint)")
	}

	client, err := exampleenv.NewClient(endpoint, "buildflow-example")
	if err != nil {
		return nil, err
	}

	return &target{client: client, jobID: args[0], cleanup: func() {}}, nil
}

// setupFake starts a fake ServiceStage holding one job.
func setupFake(args []string, out io.Writer) (*target, error) {
	if len(args) > 0 {
		return nil, errors.New("a job id needs a real endpoint: " +
			"set SERVICESTAGE_ENDPOINT or SERVICESTAGE_REGION, or pass no argument")
	}

	server := servicestagetest.NewServer()
	jobID, err := server.AddJob(demoJob())
	if err != nil {
		server.Close()
		return nil, err
	}

	exampleenv.PrintFakeNotice(out, server.URL)

	client, err := server.NewClient(servicestage.WithUserAgent("buildflow-example"))
	if err != nil {
		server.Close()
		return nil, err
	}

	poll := []servicestage.WaitOption{
		servicestage.PollInterval(fakePollInterval),
		servicestage.MaxPollInterval(fakeMaxInterval),
	}

	return &target{client: client, jobID: jobID, poll: poll, cleanup: server.Close}, nil
}

// demoJob returns a job like one that builds a Java package from OBS.
func demoJob() servicestage.JobSpec {
	return servicestage.JobSpec{
		JobName:        "demo-job",
		JobDescription: "builds the demo service",
		EnvironmentSetting: servicestage.EnvironmentSetting{
			UsePublicCluster: true,
			BuildOS:          &servicestage.OS{Arch: servicestage.ArchX86_64},
		},
		CodeRepo: &servicestage.CodeRepo{
			Type: servicestage.RepoTypeBinObs,
			URL:  "obs://demo/MainLoop.jar",
		},
	}
}
