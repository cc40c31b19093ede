// Command cancelbuild cancels a ServiceStage build and prints it.
//
// With SERVICESTAGE_ENDPOINT (or SERVICESTAGE_REGION) set, it cancels the
// build whose id is its argument on that endpoint, authenticated with
// SERVICESTAGE_TOKEN or with Huawei's HUAWEICLOUD_SDK_AK and
// HUAWEICLOUD_SDK_SK (plus HUAWEICLOUD_SDK_PROJECT_ID):
//
//	SERVICESTAGE_REGION=cn-north-4 SERVICESTAGE_TOKEN=... \
//	go run ./examples/cancelbuild BUILD_ID
//
// Without an endpoint or region, it starts an in-process fake ServiceStage
// holding one running build, and cancels that.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/examples/internal/exampleenv"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "cancelbuild:", err)
		stop()
		os.Exit(1)
	}
}

// run cancels one build, on the real service or on a fake one, and prints
// it to out.
func run(ctx context.Context, args []string, out io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()

	client, buildID, cleanup, err := setup(args, out)
	if err != nil {
		return err
	}
	defer cleanup()

	build, err := client.CancelBuild(ctx, buildID)
	if err != nil {
		return err
	}

	printBuild(out, build)
	return nil
}

// setup returns a client and the id of the build to cancel: from the
// environment and the arguments when the environment names an endpoint,
// or from a fake server it starts.
func setup(args []string, out io.Writer) (*servicestage.Client, string, func(), error) {
	endpoint := exampleenv.Endpoint()
	if endpoint == "" {
		return setupFake(args, out)
	}

	if len(args) != 1 {
		return nil, "", nil, errors.New("usage: cancelbuild BUILD_ID " +
			"(one build id is required with a real endpoint)")
	}

	client, err := exampleenv.NewClient(endpoint, "cancelbuild-example")
	if err != nil {
		return nil, "", nil, err
	}

	return client, args[0], func() {}, nil
}

// setupFake starts a fake ServiceStage holding one running build.
func setupFake(args []string, out io.Writer) (*servicestage.Client, string, func(), error) {
	if len(args) > 0 {
		return nil, "", nil, errors.New("a build id needs a real endpoint: " +
			"set SERVICESTAGE_ENDPOINT or SERVICESTAGE_REGION, or pass no argument")
	}

	server := servicestagetest.NewServer()
	buildID := server.AddBuild(demoBuild())
	exampleenv.PrintFakeNotice(out, server.URL)

	client, err := server.NewClient(servicestage.WithUserAgent("cancelbuild-example"))
	if err != nil {
		server.Close()
		return nil, "", nil, err
	}

	return client, buildID, server.Close, nil
}

// demoBuild returns a running build like one the service reports.
func demoBuild() servicestage.Build {
	return servicestage.Build{
		JobID:     "qexh8qwfmuvlv1y078delx51vn0tsjsmsb23e0e0",
		JobName:   "demo-job",
		Index:     4,
		State:     servicestage.BuildStateBuilding,
		RepoType:  servicestage.RepoTypeBinObs,
		Repo:      "obs://demo/MainLoop.jar",
		Language:  "java",
		Type:      servicestage.BuildTypeUser,
		Creator:   "demo-user",
		OS:        &servicestage.OS{Arch: servicestage.ArchX86_64},
		StartedAt: servicestage.NewTimestamp(time.Now().UTC().Add(-time.Minute).Truncate(time.Second)),
		SWRRepository: servicestage.SWRRefs{ByKey: map[string]string{
			"1754123329469": "swr.cn-north-4.myhuaweicloud.com/demo/demo-job:4",
		}},
	}
}

// printBuild writes the main fields of b as an aligned block.
func printBuild(out io.Writer, b *servicestage.Build) {
	job := b.JobID
	if b.JobName != "" {
		job = b.JobName + " (" + b.JobID + ")"
	}

	images := strings.Join(b.SWRRepository.Values(), ", ")
	rows := [][2]string{
		{"Build", b.BuildID},
		{"Job", job},
		{"Index", fmt.Sprint(b.Index)},
		{"State", string(b.State)},
		{"Started", b.StartedAt.String()},
		{"Ended", b.EndedAt.String()},
		{"Repo", strings.TrimSpace(string(b.RepoType) + " " + b.Repo)},
		{"Images", images},
	}

	fmt.Fprintln(out, "Cancelled build")
	for _, row := range rows {
		value := row[1]
		if value == "" {
			value = "-"
		}

		fmt.Fprintf(out, "  %-8s %s\n", row[0]+":", value)
	}
}
