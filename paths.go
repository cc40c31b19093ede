package servicestage

import "net/url"

// Paths of the job and base image collections. buildsPath, the builds
// collection, sits next to CancelBuild.
const (
	jobsPath       = "/assembling/v1/jobs"
	baseImagesPath = "/assembling/v1/base_images"
)

// buildPath returns the path of one build, with its id path-escaped.
func buildPath(buildID string) string {
	return buildsPath + url.PathEscape(buildID)
}

// jobPath returns the path of one job, with its id path-escaped.
func jobPath(jobID string) string {
	return jobsPath + "/" + url.PathEscape(jobID)
}
