package servicestagetest

// Error codes the server answers with besides CodeBuildNotFound and
// CodeBuildFinal. Every error is a 400 response with the build service's
// body, {"error_code": ..., "error_msg": ...}.
//
// NOTE: the service does not publish these codes; they are made up for the
// fake in the service's SVCSTG.CPE.<digits> form.
const (
	// CodeJobNotFound answers a request for a job id that does not exist.
	CodeJobNotFound = "SVCSTG.CPE.5004403"

	// CodeInvalidRequest answers a missing or invalid query parameter or
	// request body.
	CodeInvalidRequest = "SVCSTG.CPE.4000001"

	// CodeJobNameExists answers a create or update that would give two
	// jobs the same name.
	CodeJobNameExists = "SVCSTG.CPE.4000002"
)
