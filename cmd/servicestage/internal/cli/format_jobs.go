package cli

import (
	"cmp"
	"fmt"
	"io"
	"strings"

	"github.com/servicestage-go/servicestage"
)

// writeJobTable writes one line for each job to w and, when the table
// shows fewer jobs than there are in all, a note saying so to notes, so
// that w holds only the table.
func writeJobTable(w, notes io.Writer, jobs []servicestage.JobSummary, total int) error {
	table := newTable(w)
	writeRow(table, "JOB ID", "NAME")
	for _, job := range jobs {
		writeRow(table, job.JobID, job.JobName)
	}

	if err := table.Flush(); err != nil {
		return err
	}

	if total > len(jobs) {
		_, err := fmt.Fprintf(notes, "%d of %d jobs; see the others with --page or --all\n",
			len(jobs), total)
		return err
	}

	return nil
}

// writeJobBlock writes every field of job that is set.
func writeJobBlock(w io.Writer, job *servicestage.Job) error {
	spec := job.Spec
	env := spec.EnvironmentSetting
	fields := []field{
		{"Job ID", job.JobID},
		{"Name", spec.JobName},
		{"Description", spec.JobDescription},
		{"Enterprise project", cmp.Or(spec.EnterpriseProjectID, job.EnterpriseProjectID)},
		{"Cluster", clusterText(env)},
		{"Docker version", env.DockerVersion},
	}
	if env.BuildOS != nil {
		fields = append(fields, field{"Arch", string(env.BuildOS.Arch)})
	}

	if repo := spec.CodeRepo; repo != nil {
		fields = append(fields,
			field{"Repository", joinSet(" ", string(repo.Type), repo.URL)},
			field{"Branch", repo.Branch},
			field{"Namespace", repo.Namespace})
	}

	fields = append(fields, field{"Last build", job.LastBuildID})
	return writeBlock(w, fields)
}

// clusterText describes where a job's builds run.
func clusterText(env servicestage.EnvironmentSetting) string {
	if env.UsePublicCluster {
		return "public cluster"
	}

	return jobLabel(env.ClusterName, env.ClusterID)
}

// writeBaseImages writes each language with its versions, sorted by
// language.
func writeBaseImages(w io.Writer, images servicestage.BaseImages) error {
	table := newTable(w)
	writeRow(table, "LANGUAGE", "VERSIONS")
	for _, language := range images.Languages() {
		writeRow(table, language, strings.Join(images[language], ", "))
	}

	return table.Flush()
}
