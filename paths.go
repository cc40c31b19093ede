package servicestage

// Paths of the collections the API has.
const (
	buildsPath     = "/assembling/v1/builds/"
	jobsPath       = "/assembling/v1/jobs"
	baseImagesPath = "/assembling/v1/base_images"
)

// buildPath returns the path of one build, with its id escaped as one
// segment.
func buildPath(buildID string) string {
	return buildsPath + escapeSegment(buildID)
}

// jobPath returns the path of one job, with its id escaped as one segment.
func jobPath(jobID string) string {
	return jobsPath + "/" + escapeSegment(jobID)
}
