package servicestage_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// cancelWithResponse cancels build "b-1" on a mock that responds with
// status, headers and body, and returns the *APIError.
func cancelWithResponse(t *testing.T, status int, header http.Header,
	body string) *servicestage.APIError {
	t.Helper()
	client, mock := newMockClient(t, servicestage.WithoutRetry())
	mock.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(status, body)
		for name, values := range header {
			resp.Header[name] = values
		}

		return resp, nil
	})

	build, err := client.CancelBuild(context.Background(), "b-1")
	require.Error(t, err)
	require.Nil(t, build)

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	return apiErr
}

func TestAPIError_BodyShapes(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name, body, code, message, requestID string
	}{
		{"error_msg", `{"error_code": "SVCSTG.CPE.5004401", "error_msg": "build not found"}`,
			"SVCSTG.CPE.5004401", "build not found", ""},
		{"error_message", `{"error_code": "SVCSTG.00100400", "error_message": "bad job"}`,
			"SVCSTG.00100400", "bad job", ""},
		{"camelCase", `{"errorCode": "SVCSTG.REPO.0001", "errorMessage": "repo gone"}`,
			"SVCSTG.REPO.0001", "repo gone", ""},
		{"code and message", `{"code": "APIG.0201", "message": "backend timeout"}`,
			"APIG.0201", "backend timeout", ""},
		{"nested error", `{"error": {"code": "SVCSTG.CPE.5004402", "message": "final"}}`,
			"SVCSTG.CPE.5004402", "final", ""},
		{"gateway", `{"error_msg": "Incorrect IAM authentication information", ` +
			`"error_code": "APIGW.0301", "request_id": "r-body"}`,
			"APIGW.0301", "Incorrect IAM authentication information", "r-body"},
		{"numeric code", `{"code": 4001, "message": "invalid page"}`,
			"4001", "invalid page", ""},
		{"code repeating the status", `{"code": 400, "message": "invalid page"}`,
			"", "invalid page", ""},
		{"string code repeating the status", `{"error_code": "400", "error_msg": "invalid page"}`,
			"", "invalid page", ""},
		{"error as string", `{"error": "quota exceeded"}`, "", "quota exceeded", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			apiErr := cancelWithResponse(t, 400, nil, tc.body)

			assert.Equal(t, 400, apiErr.StatusCode)
			assert.Equal(t, tc.code, apiErr.Code)
			assert.Equal(t, tc.message, apiErr.Message)
			assert.Equal(t, tc.requestID, apiErr.RequestID)
			assert.Equal(t, "cancel build", apiErr.Operation)
			assert.Equal(t, "b-1", apiErr.BuildID)
			assert.Equal(t, tc.body, string(apiErr.Body))
		})
	}
}

func TestAPIError_NonJSONBodies(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name, body, message string
		status              int
	}{
		{"empty", "", "Bad Gateway", 502},
		{"html", "<html>\n<head><title>502 Bad Gateway</title></head>\n</html>",
			"Bad Gateway: <html> <head><title>502 Bad Gateway</title></head> </html>", 502},
		{"plain text", "upstream connect error", "Service Unavailable: upstream connect error",
			503},
		{"JSON without message", `{"foo": "bar"}`, `Bad Request: {"foo": "bar"}`, 400},
		{"unknown status", "", "status 599", 599},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			apiErr := cancelWithResponse(t, tc.status, nil, tc.body)

			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, "", apiErr.Code)
			assert.Equal(t, tc.message, apiErr.Message)
		})
	}
}

func TestAPIError_LongBodyIsBounded(t *testing.T) {
	t.Parallel()
	body := "<html>" + strings.Repeat("x", 100_000) + "</html>"

	apiErr := cancelWithResponse(t, 502, nil, body)

	assert.Len(t, apiErr.Body, 4096)
	assert.Less(t, len(apiErr.Message), 200)
	assert.True(t, strings.HasSuffix(apiErr.Message, "..."))
}

func TestAPIError_RequestIDHeaderWins(t *testing.T) {
	t.Parallel()
	header := http.Header{"X-Request-Id": {"r-header"}}

	apiErr := cancelWithResponse(t, 401, header,
		`{"error_code": "APIGW.0301", "error_msg": "denied", "request_id": "r-body"}`)

	assert.Equal(t, "r-header", apiErr.RequestID)
}

func TestAPIError_ErrorText(t *testing.T) {
	t.Parallel()
	header := http.Header{"X-Request-Id": {"r-9"}}

	apiErr := cancelWithResponse(t, 400, header,
		`{"error_code": "SVCSTG.CPE.5004401", "error_msg": "build b-1 does not exist"}`)

	assert.Equal(t, `servicestage: cancel build "b-1": 400 Bad Request: SVCSTG.CPE.5004401: `+
		`build b-1 does not exist (request id r-9)`, apiErr.Error())
}

func TestAPIError_ErrorTextIsOneLine(t *testing.T) {
	t.Parallel()

	apiErr := cancelWithResponse(t, 400, nil,
		`{"error_code": "X", "error_msg": "line one\nline two %s %d"}`)

	assert.Equal(t, `servicestage: cancel build "b-1": 400 Bad Request: X: line one line two %s %d`,
		apiErr.Error())
}

func TestAPIError_HidesToken(t *testing.T) {
	t.Parallel()

	apiErr := cancelWithResponse(t, 401, nil,
		`{"error_code": "APIGW.0301", "error_msg": "token `+testToken+` is expired"}`)

	assert.NotContains(t, apiErr.Error(), testToken)
	assert.NotContains(t, string(apiErr.Body), testToken)
	assert.Contains(t, apiErr.Message, "[REDACTED]")
}

func TestAPIError_Sentinels(t *testing.T) {
	t.Parallel()

	sentinels := []error{
		servicestage.ErrBadRequest, servicestage.ErrUnauthorized, servicestage.ErrForbidden,
		servicestage.ErrNotFound, servicestage.ErrConflict, servicestage.ErrTooManyRequests,
		servicestage.ErrServerError,
	}
	cases := map[int]error{
		400: servicestage.ErrBadRequest,
		401: servicestage.ErrUnauthorized,
		403: servicestage.ErrForbidden,
		404: servicestage.ErrNotFound,
		409: servicestage.ErrConflict,
		429: servicestage.ErrTooManyRequests,
		500: servicestage.ErrServerError,
		502: servicestage.ErrServerError,
		599: servicestage.ErrServerError,
		418: nil,
	}
	for status, want := range cases {
		apiErr := &servicestage.APIError{StatusCode: status}
		wrapped := fmt.Errorf("deploy step: %w", apiErr)

		for _, sentinel := range sentinels {
			assert.Equal(t, sentinel == want, errors.Is(wrapped, sentinel),
				"status %d against %v", status, sentinel)
		}

		var got *servicestage.APIError
		require.ErrorAs(t, wrapped, &got)
		assert.Equal(t, status, got.StatusCode)
	}
}

func TestAPIError_FromStatuses(t *testing.T) {
	t.Parallel()

	cases := map[int]error{
		400: servicestage.ErrBadRequest,
		401: servicestage.ErrUnauthorized,
		403: servicestage.ErrForbidden,
		404: servicestage.ErrNotFound,
		409: servicestage.ErrConflict,
		429: servicestage.ErrTooManyRequests,
		500: servicestage.ErrServerError,
		503: servicestage.ErrServerError,
	}
	for status, sentinel := range cases {
		client, mock := newMockClient(t, servicestage.WithoutRetry())
		mock.RegisterNoResponder(jsonResponder(status, `{"error_code": "C", "error_msg": "m"}`))

		_, err := client.CancelBuild(context.Background(), "b-1")
		assert.ErrorIs(t, err, sentinel, "status %d", status)
	}
}

func TestAPIError_RedirectStatusIsError(t *testing.T) {
	t.Parallel()

	apiErr := cancelWithResponse(t, 304, nil, "")

	assert.Equal(t, 304, apiErr.StatusCode)
}

func TestAPIError_HidesLongTokenBeforeTruncating(t *testing.T) {
	t.Parallel()
	token := strings.Repeat("MIIabc", 1400)
	mock := httpmock.NewMockTransport()
	client, err := servicestage.NewClient(testEndpoint, servicestage.WithToken(token),
		servicestage.WithHTTPClient(&http.Client{Transport: mock}), servicestage.WithoutRetry())
	require.NoError(t, err)
	mock.RegisterNoResponder(httpmock.NewStringResponder(400, "token "+token+" rejected"))

	_, err = client.CancelBuild(context.Background(), "b-1")

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.NotContains(t, apiErr.Message, "MIIabcMIIabc")
	assert.NotContains(t, string(apiErr.Body), "MIIabcMIIabc")
	assert.Equal(t, "Bad Request: token [REDACTED] rejected", apiErr.Message)
}

func TestDecodeError_HidesToken(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t)
	mock.RegisterNoResponder(jsonResponder(200, `{"echo": "`+testToken+`"`))

	_, err := client.CancelBuild(context.Background(), "b-1")

	var decodeErr *servicestage.DecodeError
	require.ErrorAs(t, err, &decodeErr)
	assert.NotContains(t, err.Error(), testToken)
	assert.NotContains(t, string(decodeErr.Body), testToken)
	assert.Equal(t, "b-1", decodeErr.BuildID)
	assert.Contains(t, err.Error(), `cancel build "b-1": invalid response body (status 200)`)
}

// TestAPIError_EscapedMessageHidesToken spells the token in a JSON message
// with an escape that encoding/json never writes, so only the parsed
// message shows it.
func TestAPIError_EscapedMessageHidesToken(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t)
	mock.RegisterNoResponder(jsonResponder(401,
		`{"error_code": "APIGW.0301", "error_msg": "token \u0074est-token-3f9a rejected"}`))

	_, err := client.CancelBuild(context.Background(), "b-1")

	var apiErr *servicestage.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "token [REDACTED] rejected", apiErr.Message)
	assert.NotContains(t, err.Error(), testToken)
}

func TestAPIError_ShortTokenNotRedacted(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	client, err := servicestage.NewClient(testEndpoint, servicestage.WithToken("t"),
		servicestage.WithHTTPClient(&http.Client{Transport: mock}))
	require.NoError(t, err)
	mock.RegisterNoResponder(jsonResponder(400,
		`{"error_code": "SVCSTG.CPE.5004401", "error_msg": "build b-1 does not exist"}`))

	_, err = client.CancelBuild(context.Background(), "b-1")
	require.ErrorContains(t, err, "build b-1 does not exist")
}

func TestAPIError_StatusTextNotRepeated(t *testing.T) {
	t.Parallel()

	cases := []struct {
		status int
		body   string
		want   string
	}{
		{400, "", `servicestage: cancel build "b-1": 400 Bad Request`},
		{502, "upstream gone", `servicestage: cancel build "b-1": 502 Bad Gateway: upstream gone`},
		{499, "", `servicestage: cancel build "b-1": 499`},
		{499, "closed", `servicestage: cancel build "b-1": 499: closed`},
	}
	for _, tc := range cases {
		apiErr := cancelWithResponse(t, tc.status, nil, tc.body)
		assert.Equal(t, tc.want, apiErr.Error())
	}
}

func TestAPIError_EveryPartOneLine(t *testing.T) {
	t.Parallel()

	apiErr := cancelWithResponse(t, 400, nil,
		`{"error_code": "A\nB", "error_msg": "m\r\n\u2028\u0085\u009b", "request_id": "r\nid"}`)

	for _, breaking := range []string{"\n", "\r", "\u2028", "\u0085", "\u009b"} {
		assert.NotContains(t, apiErr.Error(), breaking)
	}
}

func TestCancelBuild_BodyReadFailureNamesStatus(t *testing.T) {
	t.Parallel()
	client, mock := newMockClient(t, servicestage.WithoutRetry())
	mock.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{},
			Body: io.NopCloser(iotest.ErrReader(io.ErrUnexpectedEOF))}, nil
	})

	_, err := client.CancelBuild(context.Background(), "b-1")
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Contains(t, err.Error(), "read response body (status 200)")
}
