package servicestage

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Names and layouts of the SDK-HMAC-SHA256 signature of Huawei Cloud's API
// gateway.
const (
	signAlgorithm       = "SDK-HMAC-SHA256"
	headerSdkDate       = "X-Sdk-Date"
	headerAuthorization = "Authorization"
	headerProjectID     = "X-Project-Id"
	headerSecurityToken = "X-Security-Token"

	// sdkDateLayout is the layout of the X-Sdk-Date header, always in UTC.
	sdkDateLayout = "20060102T150405Z"
)

// unsignedHeaders are never signed: Authorization carries the signature,
// and net/http writes the others from Request fields, ignoring the values
// in Request.Header, so the server would see different values.
var unsignedHeaders = []string{"authorization", "host", "content-length", "transfer-encoding",
	"trailer"}

// Sign signs req for Huawei Cloud's API gateway with the SDK-HMAC-SHA256
// algorithm, as of signTime. It sets the X-Sdk-Date header to signTime in
// UTC and the Authorization header to the access key, the signed header
// names and the signature, replacing earlier values of both.
//
// Sign signs the host and every header in req.Header except Authorization,
// names containing "_" (gateways drop them), and Content-Length,
// Transfer-Encoding and Trailer, which net/http writes from the Request's
// own fields. The signature covers the method (an empty one as GET), the
// path and query as net/http sends them, and the SHA-256 of the body. Sign reads the body and
// replaces it, and GetBody, with readers of the same bytes, so the request
// can still be sent. Set every header before calling Sign: a header added
// or changed afterwards invalidates the signature, and the gateway rejects
// a signature whose time is more than 15 minutes from its clock.
func Sign(req *http.Request, accessKey, secretKey string, signTime time.Time) error {
	if req == nil || req.URL == nil {
		return argError("servicestage: Sign: request or its URL is nil; pass a request " +
			"built with http.NewRequest")
	}

	if err := checkKeyPair("Sign", "access key", accessKey, "secret key", secretKey); err != nil {
		return err
	}

	if req.Header == nil {
		req.Header = make(http.Header)
	}

	req.Header.Del(headerAuthorization)
	req.Header.Set(headerSdkDate, signTime.UTC().Format(sdkDateLayout))
	return signHeaders(req, accessKey, secretKey, signedHeaderNames(req.Header))
}

// signedHeaderNames returns "host" and the lower-case names of the headers
// in h that Sign signs, sorted.
func signedHeaderNames(h http.Header) []string {
	names := []string{"host"}
	for name := range h {
		lower := strings.ToLower(name)
		if strings.Contains(lower, "_") || slices.Contains(unsignedHeaders, lower) {
			continue
		}

		names = append(names, lower)
	}

	slices.Sort(names)
	return slices.Compact(names)
}

// signHeaders sets the Authorization header of req to a signature over the
// given lower-case header names, which must include "x-sdk-date" and be
// sorted. The time signed is the X-Sdk-Date header, which must be set.
func signHeaders(req *http.Request, accessKey, secretKey string, names []string) error {
	date := req.Header.Get(headerSdkDate)
	if _, err := time.Parse(sdkDateLayout, date); err != nil {
		return fmt.Errorf("servicestage: Sign: X-Sdk-Date %q is not in the layout %s",
			date, sdkDateLayout)
	}

	bodyHash, err := hashBody(req)
	if err != nil {
		return err
	}

	canonical, err := canonicalRequest(req, names, bodyHash)
	if err != nil {
		return err
	}

	signature := hmacHex(secretKey, stringToSign(date, canonical))
	req.Header.Set(headerAuthorization, fmt.Sprintf("%s Access=%s, SignedHeaders=%s, Signature=%s",
		signAlgorithm, accessKey, strings.Join(names, ";"), signature))
	return nil
}

// stringToSign returns the algorithm, the X-Sdk-Date value and the hex
// SHA-256 of the canonical request, one per line.
func stringToSign(date, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return signAlgorithm + "\n" + date + "\n" + hex.EncodeToString(sum[:])
}

// hmacHex returns the lower-case hex HMAC-SHA256 of message keyed with key.
func hmacHex(key, message string) string {
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(message))
	return hex.EncodeToString(mac.Sum(nil))
}

// hashBody returns the hex SHA-256 of the body of req. It reads the body and
// replaces it, and GetBody, with readers of the same bytes.
func hashBody(req *http.Request) (string, error) {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		read, err := io.ReadAll(req.Body)
		closeErr := req.Body.Close()
		if err = errors.Join(err, closeErr); err != nil {
			return "", fmt.Errorf("servicestage: Sign: read request body: %w", err)
		}

		body = read
	}

	setBody(req, body)
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:]), nil
}

// setBody makes body the request body, readable again through GetBody.
func setBody(req *http.Request, body []byte) {
	req.ContentLength = int64(len(body))
	if len(body) == 0 {
		req.Body = http.NoBody
		req.GetBody = func() (io.ReadCloser, error) { return http.NoBody, nil }
		return
	}

	req.Body = io.NopCloser(bytes.NewReader(body))
	req.GetBody = func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(body)), nil
	}
}

// canonicalRequest returns the canonical request of req over the given
// header names: method, path, query, header lines, an empty line, the
// header names and the body hash, joined by line breaks.
func canonicalRequest(req *http.Request, names []string, bodyHash string) (string, error) {
	rawPath, rawQuery, _ := strings.Cut(req.URL.RequestURI(), "?")
	path, err := canonicalPath(rawPath)
	if err != nil {
		return "", err
	}

	query, err := canonicalQuery(rawQuery)
	if err != nil {
		return "", err
	}

	// net/http sends a request with an empty Method as GET.
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}

	var b strings.Builder
	b.WriteString(method + "\n" + path + "\n" + query + "\n")
	for _, name := range names {
		b.WriteString(name + ":" + canonicalHeaderValue(req, name) + "\n")
	}

	b.WriteString("\n" + strings.Join(names, ";") + "\n" + bodyHash)
	return b.String(), nil
}

// canonicalPath decodes each segment of the escaped path as sent and
// encodes it again with escapeSegment, so "%2F" inside a segment stays
// encoded, and appends "/" when the path does not end with one.
func canonicalPath(escaped string) (string, error) {
	segments := strings.Split(escaped, "/")
	for i, segment := range segments {
		decoded, err := url.PathUnescape(segment)
		if err != nil {
			return "", fmt.Errorf("servicestage: Sign: invalid path %q: %w", escaped, err)
		}

		segments[i] = escapeSegment(decoded)
	}

	path := strings.Join(segments, "/")
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}

	return path, nil
}

// queryPair is one name=value pair of a query, decoded.
type queryPair struct {
	name, value string
}

// canonicalQuery decodes the query as sent, with "+" meaning a space,
// sorts the pairs by decoded name and then value, as Huawei's Go SDK
// (core/auth/signer) does, and encodes them with escapeSegment. A name
// without "=" gets an empty value.
func canonicalQuery(rawQuery string) (string, error) {
	var pairs []queryPair
	for _, part := range strings.Split(rawQuery, "&") {
		if part == "" {
			continue
		}

		rawName, rawValue, _ := strings.Cut(part, "=")
		name, nameErr := url.QueryUnescape(rawName)
		value, valueErr := url.QueryUnescape(rawValue)
		if err := errors.Join(nameErr, valueErr); err != nil {
			return "", fmt.Errorf("servicestage: Sign: invalid query %q: %w", rawQuery, err)
		}

		pairs = append(pairs, queryPair{name: name, value: value})
	}

	slices.SortFunc(pairs, func(a, b queryPair) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}

		return strings.Compare(a.value, b.value)
	})

	encoded := make([]string, len(pairs))
	for i, pair := range pairs {
		encoded[i] = escapeSegment(pair.name) + "=" + escapeSegment(pair.value)
	}

	return strings.Join(encoded, "&"), nil
}

// canonicalHeaderValue returns the trimmed value of the named header as
// net/http sends it. The host is the one net/http writes in the Host
// header. Several values of one header are joined with ",", as RFC 9110
// allows a recipient to combine them. Keys that differ only in case, such
// as "x-custom" set directly in the map next to "X-Custom", are one header
// on the wire: their values are taken in the order net/http writes them,
// by key in byte order.
//
// NOTE: Huawei documents no rule for repeated headers. This package never
// sends any, so the comma join, a guess, matters only to callers of Sign.
func canonicalHeaderValue(req *http.Request, name string) string {
	if name == "host" {
		if req.Host != "" {
			return strings.TrimSpace(req.Host)
		}

		return strings.TrimSpace(req.URL.Host)
	}

	var keys []string
	for key := range req.Header {
		if strings.EqualFold(key, name) {
			keys = append(keys, key)
		}
	}

	slices.Sort(keys)
	var trimmed []string
	for _, key := range keys {
		for _, value := range req.Header[key] {
			trimmed = append(trimmed, strings.TrimSpace(value))
		}
	}

	return strings.Join(trimmed, ",")
}
