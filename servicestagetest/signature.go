package servicestagetest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"
)

// Rules of the API gateway's SDK-HMAC-SHA256 signatures.
const (
	signatureAlgorithm = "SDK-HMAC-SHA256"
	sdkDateLayout      = "20060102T150405Z"

	// signatureWindow is how far X-Sdk-Date may be from the gateway's
	// clock, in either direction.
	signatureWindow = 15 * time.Minute

	// unreservedBytes stay as they are in canonical paths and queries.
	unreservedBytes = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"
)

// signedAuthorization is a parsed Authorization header.
type signedAuthorization struct {
	accessKey     string
	signedHeaders []string
	signature     string
}

// verifySignature checks an AK/SK signature against the request as the
// server received it: its request target, its headers and its body, which
// it reads and puts back for the handler.
func (s *Server) verifySignature(r *http.Request, header string) error {
	auth, err := parseAuthorization(header)
	if err != nil {
		return err
	}

	key, ok := s.auth.key(auth.accessKey)
	if !ok {
		return errors.New("the access key is not registered")
	}

	if err := s.checkSdkDate(r, auth.signedHeaders); err != nil {
		return err
	}

	if err := checkSecurityToken(r, key, auth.signedHeaders); err != nil {
		return err
	}

	body, err := io.ReadAll(r.Body)
	if err != nil {
		return fmt.Errorf("the body could not be read: %w", err)
	}

	r.Body = io.NopCloser(bytes.NewReader(body))
	canonical, err := receivedCanonicalRequest(r, auth.signedHeaders, body)
	if err != nil {
		return err
	}

	digest := sha256.Sum256([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(key.secretKey))
	fmt.Fprintf(mac, "%s\n%s\n%x", signatureAlgorithm, r.Header.Get("X-Sdk-Date"), digest)
	want := hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(auth.signature)) {
		return errors.New("the signature does not match the request")
	}

	return nil
}

// parseAuthorization reads "SDK-HMAC-SHA256 Access=..., SignedHeaders=...,
// Signature=...".
func parseAuthorization(header string) (signedAuthorization, error) {
	params, ok := strings.CutPrefix(header, signatureAlgorithm+" ")
	if !ok {
		return signedAuthorization{}, errors.New("the Authorization header is not " +
			signatureAlgorithm)
	}

	fields := make(map[string]string)
	for _, param := range strings.Split(params, ",") {
		name, value, found := strings.Cut(strings.TrimSpace(param), "=")
		if !found {
			return signedAuthorization{}, errors.New("the Authorization header is malformed")
		}

		fields[name] = value
	}

	auth := signedAuthorization{
		accessKey:     fields["Access"],
		signedHeaders: strings.Split(fields["SignedHeaders"], ";"),
		signature:     fields["Signature"],
	}
	if auth.accessKey == "" || fields["SignedHeaders"] == "" || auth.signature == "" {
		return signedAuthorization{}, errors.New("the Authorization header lacks Access, " +
			"SignedHeaders or Signature")
	}

	return auth, nil
}

// checkSdkDate requires a signed X-Sdk-Date within signatureWindow of the
// server's clock.
func (s *Server) checkSdkDate(r *http.Request, signed []string) error {
	date, err := time.Parse(sdkDateLayout, r.Header.Get("X-Sdk-Date"))
	switch {
	case err != nil:
		return errors.New("X-Sdk-Date is missing or not in the layout " + sdkDateLayout)
	case !slices.Contains(signed, "x-sdk-date"):
		return errors.New("X-Sdk-Date is not signed")
	}

	skew := s.now().Sub(date)
	if skew > signatureWindow || skew < -signatureWindow {
		return fmt.Errorf("X-Sdk-Date is %v from the server clock, more than %v",
			skew.Round(time.Second), signatureWindow)
	}

	return nil
}

// checkSecurityToken requires the signed security token of a temporary key
// and rejects one sent with a permanent key.
func checkSecurityToken(r *http.Request, key accessKey, signed []string) error {
	sent := r.Header.Get("X-Security-Token")
	switch {
	case key.securityToken == "" && sent != "":
		return errors.New("X-Security-Token was sent with a permanent access key")
	case key.securityToken == "":
		return nil
	case sent != key.securityToken:
		return errors.New("X-Security-Token is missing or not valid for the access key")
	case !slices.Contains(signed, "x-security-token"):
		return errors.New("X-Security-Token is not signed")
	}

	return nil
}

// receivedCanonicalRequest builds the canonical request from the request
// target exactly as it arrived, so it checks what the client sent rather
// than what net/http parsed.
func receivedCanonicalRequest(r *http.Request, signed []string, body []byte) (string, error) {
	target := r.RequestURI
	if !strings.HasPrefix(target, "/") {
		return "", errors.New("the request target is not a path")
	}

	rawPath, rawQuery := target, ""
	if i := strings.IndexByte(target, '?'); i >= 0 {
		rawPath, rawQuery = target[:i], target[i+1:]
	}

	path, err := canonicalURI(rawPath)
	if err != nil {
		return "", err
	}

	query, err := canonicalQueryString(rawQuery)
	if err != nil {
		return "", err
	}

	lines := []string{r.Method, path, query}
	for _, name := range signed {
		lines = append(lines, name+":"+receivedHeader(r, name))
	}

	bodyDigest := sha256.Sum256(body)
	lines = append(lines, "", strings.Join(signed, ";"), hex.EncodeToString(bodyDigest[:]))
	return strings.Join(lines, "\n"), nil
}

// canonicalURI re-encodes each segment of the raw path and ends the result
// with "/".
func canonicalURI(rawPath string) (string, error) {
	segments := strings.Split(rawPath, "/")
	for i, segment := range segments {
		decoded, ok := percentDecode(segment, false)
		if !ok {
			return "", fmt.Errorf("the path segment %q has a malformed escape", segment)
		}

		segments[i] = percentEncode(decoded)
	}

	uri := strings.Join(segments, "/")
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}

	return uri, nil
}

// canonicalQueryString decodes the raw query, sorts its pairs by name and
// then value, and re-encodes them.
func canonicalQueryString(rawQuery string) (string, error) {
	type pair struct{ name, value string }

	var pairs []pair
	for _, item := range strings.Split(rawQuery, "&") {
		if item == "" {
			continue
		}

		rawName, rawValue, _ := strings.Cut(item, "=")
		name, nameOK := percentDecode(rawName, true)
		value, valueOK := percentDecode(rawValue, true)
		if !nameOK || !valueOK {
			return "", fmt.Errorf("the query item %q has a malformed escape", item)
		}

		pairs = append(pairs, pair{name, value})
	}

	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].name != pairs[j].name {
			return pairs[i].name < pairs[j].name
		}

		return pairs[i].value < pairs[j].value
	})

	items := make([]string, 0, len(pairs))
	for _, p := range pairs {
		items = append(items, percentEncode(p.name)+"="+percentEncode(p.value))
	}

	return strings.Join(items, "&"), nil
}

// receivedHeader returns the value of a signed header as received: the
// Host for "host", otherwise every value trimmed and joined with ",".
func receivedHeader(r *http.Request, name string) string {
	if name == "host" {
		return strings.TrimSpace(r.Host)
	}

	var values []string
	for _, value := range r.Header.Values(name) {
		values = append(values, strings.TrimSpace(value))
	}

	return strings.Join(values, ",")
}

// percentDecode decodes %XX escapes and, when plusIsSpace, "+" as a space.
// It reports false for a malformed escape.
func percentDecode(s string, plusIsSpace bool) (string, bool) {
	var out bytes.Buffer
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '%':
			if i+2 >= len(s) {
				return "", false
			}

			decoded, err := hex.DecodeString(s[i+1 : i+3])
			if err != nil {
				return "", false
			}

			out.Write(decoded)
			i += 2
		case s[i] == '+' && plusIsSpace:
			out.WriteByte(' ')
		default:
			out.WriteByte(s[i])
		}
	}

	return out.String(), true
}

// percentEncode writes every byte outside unreservedBytes as %XX with
// upper-case hex.
func percentEncode(s string) string {
	var out strings.Builder
	for _, b := range []byte(s) {
		if strings.IndexByte(unreservedBytes, b) >= 0 {
			out.WriteByte(b)
		} else {
			fmt.Fprintf(&out, "%%%02X", b)
		}
	}

	return out.String()
}
