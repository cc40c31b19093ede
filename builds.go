package servicestage

import (
	"context"
	"errors"
	"net/http"
)

// buildsPath is the path of the builds collection.
const buildsPath = "/assembling/v1/builds/"

// errNoBuildID is the reason a 2xx response without a build_id is
// rejected: it is not a Build.
var errNoBuildID = errors.New("response has no build_id")

// CancelBuild cancels the build with the given id and returns the build as
// the service reports it after cancelling, usually in state Cancel. It
// sends PATCH /assembling/v1/builds/{build_id}. A blank id fails before any
// request with an error matching ErrInvalidArgument.
func (c *Client) CancelBuild(ctx context.Context, buildID string) (*Build, error) {
	cl := &call{
		operation: "cancel build",
		method:    http.MethodPatch,
		path:      buildsPath + escapeSegment(buildID),
		buildID:   buildID,
	}
	if err := checkID(cl.operation, "build id", buildID); err != nil {
		return nil, err
	}

	return c.doBuild(ctx, cl)
}

// doBuild sends a call whose response is a Build.
func (c *Client) doBuild(ctx context.Context, cl *call) (*Build, error) {
	var build Build
	if err := c.do(ctx, cl, &build); err != nil {
		return nil, err
	}

	return &build, nil
}

// validate rejects a decoded Build without an id, such as {}.
func (b *Build) validate() error {
	if b.BuildID == "" {
		return errNoBuildID
	}

	return nil
}
