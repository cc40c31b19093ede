package servicestage

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// BuildLog is one piece of a build's log.
type BuildLog struct {
	// Log is the log text from the requested offset on.
	Log string `json:"buildlog"`

	// Next is the offset to pass as from in the next GetBuildLog call: the
	// end of Log.
	Next FlexInt `json:"next"`

	// PhaseStates holds the state of each phase named at the same position
	// in Phases.
	PhaseStates CommaList[BuildState] `json:"phase_states"`

	// Phases names the build's phases.
	Phases CommaList[PhaseName] `json:"phases"`
}

// PhaseState returns the state of the named phase, and false when the log
// does not list that phase.
func (l *BuildLog) PhaseState(name PhaseName) (BuildState, bool) {
	for i, phase := range l.Phases {
		if phase == name && i < len(l.PhaseStates) {
			return l.PhaseStates[i], true
		}
	}

	return "", false
}

// GetBuildLog returns the log of the build with the given id from offset
// from on; pass 0 for the whole log and BuildLog.Next to continue. It
// sends GET /assembling/v1/builds/{build_id}/logs?from={from}. A blank id
// or a negative offset fails before any request with an error matching
// ErrInvalidArgument. FollowBuildLog calls it until the build ends.
func (c *Client) GetBuildLog(ctx context.Context, buildID string, from int) (*BuildLog, error) {
	cl := &call{
		operation: "get build log",
		method:    http.MethodGet,
		path:      buildPath(buildID) + "/logs",
		query:     url.Values{"from": {strconv.Itoa(from)}},
		buildID:   buildID,
	}
	if err := checkID(cl.operation, "build id", buildID); err != nil {
		return nil, err
	}

	if from < 0 {
		return nil, invalidArgument(cl.operation, "offset %d is negative; pass 0 or a "+
			"previous BuildLog.Next", from)
	}

	var log BuildLog
	if err := c.do(ctx, cl, &log); err != nil {
		return nil, err
	}

	return &log, nil
}
