package servicestage_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
)

// examplePolling polls every few milliseconds, because the fake server's
// builds move with its requests, not with real time. Against the service,
// the defaults of 2 to 30 seconds fit.
var examplePolling = []servicestage.WaitOption{
	servicestage.PollInterval(time.Millisecond),
	servicestage.MaxPollInterval(2 * time.Millisecond),
}

// newExampleServer starts a fake ServiceStage whose clock moves 5 seconds
// on every request, holding one job whose builds queue for 10 seconds and
// run each phase for 10 seconds. It returns the server, a client for it
// and the job's id.
func newExampleServer() (*servicestagetest.Server, *servicestage.Client, string) {
	clock := servicestagetest.NewClock(time.Date(2025, 11, 14, 8, 0, 0, 0, time.UTC))
	clock.SetStep(5 * time.Second)

	server := servicestagetest.NewServer(servicestagetest.WithClock(clock.Now))
	err := server.SetSchedule(servicestagetest.Schedule{
		QueueDuration: 10 * time.Second,
		PhaseDuration: 10 * time.Second,
	})
	if err != nil {
		log.Fatal(err)
	}

	jobID, err := server.AddJob(servicestage.JobSpec{JobName: "demo-job"})
	if err != nil {
		log.Fatal(err)
	}

	client, err := server.NewClient()
	if err != nil {
		log.Fatal(err)
	}

	return server, client, jobID
}

func ExampleClient_StartBuild() {
	server, client, jobID := newExampleServer()
	defer server.Close()

	started, err := client.StartBuild(context.Background(), jobID)
	if err != nil {
		log.Fatal(err)
	}

	fmt.Printf("build #%d of %s is %s\n", started.Index, started.JobName, started.State)
	// Output: build #1 of demo-job is Queuing
}

func ExampleClient_WaitForBuild() {
	server, client, jobID := newExampleServer()
	defer server.Close()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	started, err := client.StartBuild(ctx, jobID)
	if err != nil {
		log.Fatal(err)
	}

	opts := append(examplePolling, servicestage.OnStateChange(func(b *servicestage.Build) {
		fmt.Println("state:", b.State)
	}))
	build, err := client.WaitForBuild(ctx, started.BuildID, opts...)
	switch {
	case errors.Is(err, servicestage.ErrBuildFailed):
		fmt.Println("build failed; read its log")
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Printf("build ended %s at %s\n", build.State, build.EndedAt)
	}
	// Output:
	// state: Queuing
	// state: Building
	// state: Successful
	// build ended Successful at 2025-11-14 08:01:10 +0000 UTC
}

func ExampleClient_WaitForBuild_failed() {
	server, client, jobID := newExampleServer()
	defer server.Close()

	started, err := client.StartBuild(context.Background(), jobID)
	if err != nil {
		log.Fatal(err)
	}

	if err := server.SetFinalState(started.BuildID, servicestage.BuildStateFailed); err != nil {
		log.Fatal(err)
	}

	build, err := client.WaitForBuild(context.Background(), started.BuildID, examplePolling...)
	fmt.Println(errors.Is(err, servicestage.ErrBuildFailed), build.State)
	// Output: true Failed
}

func ExampleClient_FollowBuildLog() {
	server, client, jobID := newExampleServer()
	defer server.Close()

	started, err := client.StartBuild(context.Background(), jobID)
	if err != nil {
		log.Fatal(err)
	}

	err = client.FollowBuildLog(context.Background(), started.BuildID, os.Stdout,
		examplePolling...)
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// 08:00:00.000 Build #1 of job demo-job queued
	// 08:00:10.000 [Init] started
	// 08:00:15.000 [Init] preparing the workspace
	// 08:00:20.000 [Init] Successful
	// 08:00:20.000 [Download] started
	// 08:00:25.000 [Download] fetching the sources
	// 08:00:30.000 [Download] Successful
	// 08:00:30.000 [PreProcess] started
	// 08:00:35.000 [PreProcess] resolving dependencies
	// 08:00:40.000 [PreProcess] Successful
	// 08:00:40.000 [Build] started
	// 08:00:45.000 [Build] compiling
	// 08:00:50.000 [Build] Successful
	// 08:00:50.000 [Artifact] started
	// 08:00:55.000 [Artifact] packaging the artifact
	// 08:01:00.000 [Artifact] Successful
	// 08:01:00.000 [PostProcess] started
	// 08:01:05.000 [PostProcess] pushing the image
	// 08:01:10.000 [PostProcess] Successful
	// 08:01:10.000 Build #1 of job demo-job finished: Successful
}

func ExampleClient_CreateJob() {
	server, client, _ := newExampleServer()
	defer server.Close()

	spec := servicestage.JobSpec{
		JobName:        "api-server",
		JobDescription: "builds the API server image",
		EnvironmentSetting: servicestage.EnvironmentSetting{
			UsePublicCluster: true,
			BuildOS:          &servicestage.OS{Arch: servicestage.ArchX86_64},
		},
		CodeRepo: &servicestage.CodeRepo{
			Type:   servicestage.RepoTypeGitHub,
			URL:    "https://github.com/example/api-server.git",
			Branch: "main",
		},
	}
	jobID, err := client.CreateJob(context.Background(), spec)
	if err != nil {
		log.Fatal(err)
	}

	job, err := client.GetJob(context.Background(), jobID)
	if err != nil {
		log.Fatal(err)
	}

	setting := job.Spec.EnvironmentSetting
	fmt.Println(job.Spec.JobName, job.Spec.CodeRepo.Branch, setting.BuildOS.Arch)
	// Output: api-server main x86_64
}

func ExampleJobSpec_Validate() {
	err := servicestage.JobSpec{JobName: "2fast"}.Validate()
	fmt.Println(errors.Is(err, servicestage.ErrInvalidArgument))
	fmt.Println(err)
	// Output:
	// true
	// servicestage: validate job spec: job name "2fast" is invalid; use letters, digits, '-' and '_', starting with a letter and ending with a letter or digit
}

func ExampleClient_AllJobs() {
	server, client, _ := newExampleServer()
	defer server.Close()

	for _, name := range []string{"api-server", "web-frontend"} {
		if _, err := server.AddJob(servicestage.JobSpec{JobName: name}); err != nil {
			log.Fatal(err)
		}
	}

	opts := &servicestage.ListJobsOptions{PerPage: 2}
	for job, err := range client.AllJobs(context.Background(), opts) {
		if err != nil {
			log.Fatal(err)
		}

		fmt.Println(job.JobName)
	}
	// Output:
	// demo-job
	// api-server
	// web-frontend
}

func ExampleClient_ListBaseImages() {
	server, client, _ := newExampleServer()
	defer server.Close()

	images, err := client.ListBaseImages(context.Background())
	if err != nil {
		log.Fatal(err)
	}

	for _, language := range images.Languages() {
		fmt.Println(language, images[language])
	}
	// Output:
	// Go [1.11]
	// Java [8u181-jdk-alpine 11 17]
	// Nodejs [8 16]
	// Python [3.7]
}
