package servicestage

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// errorFields lists every key under which the service, other ServiceStage
// components and the API gateway put an error's code, message and request
// id. Keys are tried in order.
type errorFields struct {
	ErrorCode    json.RawMessage `json:"error_code"`
	ErrorCodeCC  json.RawMessage `json:"errorCode"`
	Code         json.RawMessage `json:"code"`
	ErrorMsg     json.RawMessage `json:"error_msg"`
	ErrorMessage json.RawMessage `json:"error_message"`
	ErrorMsgCC   json.RawMessage `json:"errorMessage"`
	Message      json.RawMessage `json:"message"`
	RequestID    json.RawMessage `json:"request_id"`
	Error        json.RawMessage `json:"error"`
}

// maxMessageSample is how many characters of a body without a message are
// used as the message.
const maxMessageSample = 120

// parseErrorBody reads the code, message and request id from an error
// response body in any of the shapes the service and the gateway send. A
// body that is empty, not JSON or has no message yields the status text
// and a short sample of the body as the message. A code equal to the
// status number is dropped.
func parseErrorBody(status int, body []byte) (code, message, requestID string) {
	var fields errorFields
	if json.Unmarshal(body, &fields) == nil {
		code = firstText(fields.ErrorCode, fields.ErrorCodeCC, fields.Code)
		message = firstText(fields.ErrorMsg, fields.ErrorMessage, fields.ErrorMsgCC, fields.Message)
		requestID = firstText(fields.RequestID)
		nestedCode, nestedMessage := parseNestedError(fields.Error)
		if code == "" {
			code = nestedCode
		}

		if message == "" {
			message = nestedMessage
		}
	}

	if message == "" {
		message = fallbackMessage(status, body)
	}

	// A code that only repeats the status number, such as the 401 of IAM's
	// {"error": {"code": 401, ...}}, adds nothing to the status.
	if code == strconv.Itoa(status) {
		code = ""
	}

	return code, message, requestID
}

// parseNestedError reads {"error": {"code": ..., "message": ...}} and
// {"error": "text"}.
func parseNestedError(raw json.RawMessage) (code, message string) {
	if len(raw) == 0 {
		return "", ""
	}

	if text := firstText(raw); text != "" {
		return "", text
	}

	var nested errorFields
	if json.Unmarshal(raw, &nested) != nil {
		return "", ""
	}

	code = firstText(nested.Code, nested.ErrorCode, nested.ErrorCodeCC)
	message = firstText(nested.Message, nested.ErrorMsg, nested.ErrorMessage, nested.ErrorMsgCC)
	return code, message
}

// firstText returns the first value that is a non-empty JSON string or a
// JSON number, as text.
func firstText(values ...json.RawMessage) string {
	for _, raw := range values {
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}

		if raw[0] == '"' {
			if s := unquoteJSON(raw); strings.TrimSpace(s) != "" {
				return s
			}

			continue
		}

		if _, err := strconv.ParseFloat(string(raw), 64); err == nil {
			return string(raw)
		}
	}

	return ""
}

// unquoteJSON returns the text of a JSON string literal, or "" when raw is
// not one.
func unquoteJSON(raw []byte) string {
	if s, ok := unquotePlain(raw); ok {
		return s
	}

	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}

	return s
}

// fallbackMessage returns the status text, followed by the whitespace-
// collapsed start of the body when there is one.
func fallbackMessage(status int, body []byte) string {
	message := http.StatusText(status)
	if message == "" {
		message = "status " + strconv.Itoa(status)
	}

	text := strings.Join(strings.Fields(string(body)), " ")
	if text == "" {
		return message
	}

	if len(text) > maxMessageSample {
		cut := maxMessageSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}

		text = text[:cut] + "..."
	}

	return message + ": " + text
}
