// Package servicestage is a typed client for the build API of Huawei Cloud
// ServiceStage (paths under /assembling/v1), which Huawei's own Go SDK does
// not cover.
//
// # Creating a client
//
// NewClient takes the service root of a region, such as
// RegionEndpoint("cn-north-4"), and options. It validates everything it is
// given, returns an error instead of panicking, and does no network I/O.
// Credentials are required:
//
//	client, err := servicestage.NewClient(servicestage.RegionEndpoint("cn-north-4"),
//		servicestage.WithToken(token))
//
// A Client is immutable, safe for concurrent use by many goroutines, and
// keeps connections open, so create one and reuse it. WithHTTPClient plugs
// in a transport, such as a proxy, tracing, or httpmock in tests. The
// Client works on a copy and never modifies the *http.Client it is given.
//
// # Credentials
//
// NewClient takes exactly one kind of credentials. WithAKSK signs every
// HTTP attempt with an access key pair when it is sent, so retries carry a
// fresh X-Sdk-Date. WithProjectID adds the project and WithSecurityToken
// the token of temporary credentials. CredentialsFromEnv reads the same
// from HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID
// and HUAWEICLOUD_SDK_SECURITY_TOKEN. WithTokenSource takes IAM tokens
// from a TokenSource, such as NewIAMTokenSource, which caches and renews
// them. When the service returns 401 for such a token, the client asks
// the source for a new one and, if it differs from the rejected token,
// sends the request once more. WithToken sends one fixed token. Sign
// signs any other request for Huawei Cloud's API gateway.
//
// Credentials never appear in errors, logs or the printed form of a
// Client, PasswordCredentials or IAMTokenSource.
//
// # Calls and contexts
//
// Every call takes a context.Context first. A context that is already
// cancelled sends nothing, and cancelling it aborts the request in flight.
// WithTimeout bounds each HTTP attempt on top of that; DefaultTimeout
// applies otherwise.
//
//	build, err := client.CancelBuild(ctx, buildID)
//
// Ids are percent-encoded as one path segment, so no id can reach another
// path. Blank ids and the segments "." and ".." are rejected before
// sending, with an error matching ErrInvalidArgument.
//
// # Errors
//
// A response outside 2xx returns an *APIError with the status code, the
// service's error code (such as "SVCSTG.CPE.5004401" or "APIGW.0301"), its
// message, the request id, and the start of the raw body. It reads every
// error-body shape the service and its API gateway send, and falls back to
// the status text for empty, HTML or plain-text bodies. Its Is method maps
// status codes to ErrBadRequest, ErrUnauthorized, ErrForbidden,
// ErrNotFound, ErrConflict, ErrTooManyRequests and ErrServerError, so both
// forms work through wrapping:
//
//	if errors.Is(err, servicestage.ErrNotFound) { ... }
//	var apiErr *servicestage.APIError
//	if errors.As(err, &apiErr) { log.Print(apiErr.Code, apiErr.RequestID) }
//
// A 2xx response whose body is not the expected JSON object returns a
// *DecodeError that unwraps to the encoding/json error. Transport failures
// are returned wrapped, so errors.Is(err, context.DeadlineExceeded) and
// errors.Is(err, context.Canceled) hold. Credentials never appear in error
// text.
//
// # Models
//
// Build holds every documented field. The service is loose with types, so
// index decodes from a number or a string (FlexInt) and the SWR fields from
// a string or an object (SWRRefs). Timestamps arrive in Go's time.String
// layout or RFC 3339, and Timestamp keeps text in an unknown layout
// instead of failing. BuildState and the other enumerations keep values
// this package has no constant for. Unknown fields are ignored.
//
// # Builds and jobs
//
// Besides CancelBuild, the Client starts, reads and lists builds, reads
// their phases, logs and code-check results, manages build jobs, and lists
// the supported base images. The README lists every operation.
//
// WaitForBuild and FollowBuildLog poll with a doubling interval and a cap
// (PollInterval, MaxPollInterval). They keep polling through 429, 5xx and
// timed-out attempts until ctx ends, and return any other error at once,
// with the last build read. A nil error from WaitForBuild means the build
// ended Successful. Other final states match ErrBuildFailed,
// ErrBuildTimedOut, ErrBuildCancelled or ErrBuildDeleted through errors.Is.
//
// FollowBuildLog never writes a byte twice. It continues from each
// response's Next, and when Next does not advance it writes only the text
// beyond what it already wrote. It stops when the build is final and a
// read adds nothing, so it ends even if the service's Next stalls.
//
// GetBuildResults returns the body unchanged, because its schema is only
// partly published. Job keeps fields it has no Go field for in Job.Extra.
// JobSpec.Validate applies the service's rules for job names and
// descriptions, and CreateJob and UpdateJob call it before sending.
//
// # Retries
//
// Idempotent calls are retried on network errors, timed-out attempts, 429,
// 502, 503 and 504; StartBuild and CreateJob only when the request cannot
// have reached the service. WithRetry and WithoutRetry change this, and
// RELIABILITY.md in the repository has the full table.
//
// # Logging
//
// The package prints nothing, and logs nothing unless WithLogger is given.
// Credential headers are masked in every record.
//
// # Testing
//
// Package servicestagetest runs a fake ServiceStage on loopback for tests
// and examples. For request-level tests, pass an httpmock transport through
// WithHTTPClient.
package servicestage
