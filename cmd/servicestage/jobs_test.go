package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/servicestage-go/servicestage"
	"github.com/servicestage-go/servicestage/servicestagetest"
	"github.com/stretchr/testify/require"
)

func TestJobsCreate_AllFields(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "jobs", "create", "--name", "api-server",
		"--description", "Builds the API", "--docker-version", "18.09",
		"--cluster-id", "c-1", "--cluster-name", "builders", "--arch", "aarch64",
		"--repo-type", "GitHub", "--repo-url", "https://example.invalid/org/api.git",
		"--repo-branch", "main", "--repo-namespace", "org",
		"--enterprise-project-id", "0", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var doc struct {
		JobID string `json:"job_id"`
	}
	decodeOne(t, res.stdout, &doc)

	job, ok := server.Job(doc.JobID)
	require.True(t, ok)
	require.Equal(t, servicestage.JobSpec{
		JobName:        "api-server",
		JobDescription: "Builds the API",
		EnvironmentSetting: servicestage.EnvironmentSetting{DockerVersion: "18.09",
			ClusterID: "c-1", ClusterName: "builders",
			BuildOS: &servicestage.OS{Arch: servicestage.ArchAarch64}},
		CodeRepo: &servicestage.CodeRepo{Type: servicestage.RepoTypeGitHub,
			URL: "https://example.invalid/org/api.git", Branch: "main", Namespace: "org"},
		EnterpriseProjectID: "0",
	}, job.Spec)
}

func TestJobsCreate_PublicClusterTable(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "jobs", "create", "--name", "nightly",
		"--public-cluster")
	require.Equal(t, 0, res.code, res.stderr)

	fields := strings.Fields(res.stdout)
	require.Equal(t, []string{"Created", "job:"}, fields[:2])
	job, ok := server.Job(fields[2])
	require.True(t, ok)
	require.True(t, job.Spec.EnvironmentSetting.UsePublicCluster)
	require.Nil(t, job.Spec.CodeRepo)
	require.Nil(t, job.Spec.EnvironmentSetting.BuildOS)
}

func TestJobsCreate_InvalidSpecSendsNothing(t *testing.T) {
	tests := []struct {
		name string
		args []string
		text string
	}{
		{"name starts with a digit", []string{"--name", "1nightly"},
			`invalid --name: job name "1nightly" is invalid; use letters, digits, '-' and '_', ` +
				"starting with a letter and ending with a letter or digit"},
		{"description too long", []string{"--name", "nightly",
			"--description", strings.Repeat("d", 65)},
			"invalid --description: job description is 65 characters long; pass at most 64"},
		{"name missing", nil, `required flag(s) "name" not set`},
		{"unknown arch", []string{"--name", "nightly", "--arch", "arm64"},
			`invalid --arch "arm64"; pass one of: x86_64, aarch64`},
		{"unknown repo type", []string{"--name", "nightly", "--repo-type", "svn"},
			`invalid --repo-type "svn"; pass one of: DevCloud, Gitee, GitHub, GitLab, ` +
				"Bitbucket, BinObs"},
		{"public cluster and cluster id", []string{"--name", "nightly", "--public-cluster",
			"--cluster-id", "c-1"}, "--public-cluster cannot be combined with --cluster-id"},
		{"public cluster and cluster name", []string{"--name", "nightly", "--public-cluster",
			"--cluster-name", "builders"}, "--public-cluster cannot be combined with"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := newServer(t)

			res := runCommand(t, serverEnv(server), append([]string{"jobs", "create"},
				tt.args...)...)

			require.Equal(t, 2, res.code)
			requireOneLine(t, res.stderr)
			require.Contains(t, res.stderr, tt.text)
			require.Zero(t, server.RequestCount())
		})
	}
}

func TestJobsCreate_NormalisesCase(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "jobs", "create", "--name", "nightly",
		"--public-cluster", "--arch", "X86_64", "--repo-type", "github", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var doc struct {
		JobID string `json:"job_id"`
	}
	decodeOne(t, res.stdout, &doc)

	job, ok := server.Job(doc.JobID)
	require.True(t, ok)
	require.Equal(t, &servicestage.OS{Arch: servicestage.ArchX86_64},
		job.Spec.EnvironmentSetting.BuildOS)
	require.Equal(t, servicestage.RepoTypeGitHub, job.Spec.CodeRepo.Type)
}

func TestJobsCreate_NameTaken(t *testing.T) {
	server := newServer(t)
	addJob(t, server, "nightly")

	res := runCommand(t, serverEnv(server), "jobs", "create", "--name", "nightly")

	require.Equal(t, 1, res.code)
	requireOneLine(t, res.stderr)
	require.Contains(t, res.stderr, servicestagetest.CodeJobNameExists)
}

func TestJobsGet(t *testing.T) {
	server := newServer(t)
	jobID, err := server.AddJob(servicestage.JobSpec{JobName: "nightly",
		JobDescription: "Nightly build",
		EnvironmentSetting: servicestage.EnvironmentSetting{UsePublicCluster: true,
			BuildOS: &servicestage.OS{Arch: servicestage.ArchX86_64}},
		CodeRepo: &servicestage.CodeRepo{Type: servicestage.RepoTypeGitLab,
			URL: "https://example.invalid/app.git", Branch: "dev"}})
	require.NoError(t, err)

	res := runCommand(t, serverEnv(server), "jobs", "get", jobID)
	require.Equal(t, 0, res.code, res.stderr)
	for _, line := range []string{`Job ID:\s+` + jobID, `Name:\s+nightly`,
		`Description:\s+Nightly build`, `Cluster:\s+public cluster`, `Arch:\s+x86_64`,
		`Repository:\s+GitLab https://example.invalid/app.git`, `Branch:\s+dev`} {
		require.Regexp(t, `(?m)^`+line+`$`, res.stdout)
	}

	res = runCommand(t, serverEnv(server), "jobs", "get", jobID, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var job servicestage.Job
	decodeOne(t, res.stdout, &job)
	require.Equal(t, jobID, job.JobID)
	require.Equal(t, "nightly", job.Spec.JobName)
	require.Equal(t, "dev", job.Spec.CodeRepo.Branch)
}

func TestJobsGet_NotFound(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "jobs", "get", "nope", "-o", "json")
	require.Equal(t, 1, res.code)
	requireOneLine(t, res.stderr)

	var doc errorDocument
	decodeOne(t, res.stdout, &doc)
	require.Equal(t, servicestagetest.CodeJobNotFound, doc.Error.Code)
	require.Equal(t, "nope", doc.Error.JobID)
}

func TestJobsList(t *testing.T) {
	server := newServer(t)
	ids := map[string]string{}
	for i := range 3 {
		name := fmt.Sprintf("job-%d", i)
		ids[name] = addJob(t, server, name)
	}

	res := runCommand(t, serverEnv(server), "jobs", "list", "--per-page", "2", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var page servicestage.JobList
	decodeOne(t, res.stdout, &page)
	require.EqualValues(t, 3, page.Total)
	require.Len(t, page.Jobs, 2)

	res = runCommand(t, serverEnv(server), "jobs", "list", "--per-page", "2")
	require.Equal(t, 0, res.code, res.stderr)
	require.Regexp(t, `^JOB ID\s+NAME\n[0-9a-z-]+\s+job-\d\n[0-9a-z-]+\s+job-\d\n$`, res.stdout)
	require.Equal(t, "2 of 3 jobs; see the others with --page or --all\n", res.stderr)

	res = runCommand(t, serverEnv(server), "jobs", "list", "--per-page", "2", "--all",
		"-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var all struct {
		Total int                       `json:"total"`
		Jobs  []servicestage.JobSummary `json:"list"`
	}
	decodeOne(t, res.stdout, &all)
	require.Equal(t, 3, all.Total)
	found := map[string]string{}
	for _, job := range all.Jobs {
		found[job.JobName] = job.JobID
	}
	require.Equal(t, ids, found)

	res = runCommand(t, serverEnv(server), "jobs", "list", "--name", "job-1", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var named servicestage.JobList
	decodeOne(t, res.stdout, &named)
	require.Equal(t, []servicestage.JobSummary{{JobID: ids["job-1"], JobName: "job-1"}},
		named.Jobs)
}

func TestJobsList_AllWithPage(t *testing.T) {
	server := newServer(t)

	res := runCommand(t, serverEnv(server), "jobs", "list", "--all", "--page", "2")

	require.Equal(t, 2, res.code)
	requireOneLine(t, res.stderr)
	require.Zero(t, server.RequestCount())
}

func TestJobsDelete(t *testing.T) {
	server := newServer(t)
	jobID := addJob(t, server, "nightly")

	res := runCommand(t, serverEnv(server), "jobs", "delete", jobID, "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var doc map[string]any
	decodeOne(t, res.stdout, &doc)
	require.Equal(t, map[string]any{"job_id": jobID, "deleted": true}, doc)
	_, ok := server.Job(jobID)
	require.False(t, ok)

	res = runCommand(t, serverEnv(server), "jobs", "delete", jobID)
	require.Equal(t, 1, res.code)
	require.Contains(t, res.stderr, servicestagetest.CodeJobNotFound)
}

func TestBaseImages(t *testing.T) {
	server := newServer(t)
	server.SetBaseImages(servicestage.BaseImages{"Java": {"11", "17"}, "Go": {"1.21"}})

	res := runCommand(t, serverEnv(server), "base-images")
	require.Equal(t, 0, res.code, res.stderr)
	require.Regexp(t, `^LANGUAGE\s+VERSIONS\nGo\s+1.21\nJava\s+11, 17\n$`, res.stdout)

	res = runCommand(t, serverEnv(server), "base-images", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)

	var images servicestage.BaseImages
	decodeOne(t, res.stdout, &images)
	require.Equal(t, servicestage.BaseImages{"Java": {"11", "17"}, "Go": {"1.21"}}, images)
}
