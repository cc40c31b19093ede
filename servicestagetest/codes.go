package servicestagetest

// Error codes the server responds with besides CodeBuildNotFound and
// CodeBuildFinal. Every error is a 400 response with the build service's
// body, {"error_code": ..., "error_msg": ...}.
//
// NOTE: the service does not publish these codes; they are made up for the
// fake in the service's SVCSTG.CPE.<digits> form.
const (
	// CodeJobNotFound is the code for a job id that does not exist.
	CodeJobNotFound = "SVCSTG.CPE.5004403"

	// CodeInvalidRequest is the code for a missing or invalid query parameter
	// or request body.
	CodeInvalidRequest = "SVCSTG.CPE.4000001"

	// CodeJobNameExists is the code for a create or update that would give
	// two jobs the same name.
	CodeJobNameExists = "SVCSTG.CPE.4000002"
)
