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
// Build holds every documented field. The service is loose with types:
// index arrives as a number or a string (FlexInt), the SWR fields as a
// string or an object (SWRRefs), and timestamps in Go's time.String layout
// or RFC 3339 (Timestamp, which keeps text in an unknown layout instead of
// failing). BuildState and the other enumerations keep values this package
// has no constant for. Unknown fields are ignored.
//
// # Logging
//
// The package prints nothing and logs nothing.
//
// # Testing
//
// Package servicestagetest runs a fake ServiceStage on loopback for tests
// and examples. For request-level tests, pass an httpmock transport through
// WithHTTPClient.
package servicestage
