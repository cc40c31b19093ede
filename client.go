package servicestage

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
)

// Header names and values sent with every request.
const (
	headerAuthToken = "X-Auth-Token"
	headerRequestID = "X-Request-Id"
	contentTypeJSON = "application/json;charset=utf8"
	defaultAgent    = "servicestage-go/" + Version
	maxRedirects    = 10
)

// Client calls the ServiceStage build API. It is immutable once built, safe
// for concurrent use, and should be reused: it keeps connections open.
type Client struct {
	endpoint  string
	userAgent string
	auth      authenticator
	http      *resty.Client
	redactor  *strings.Replacer
	retry     retryPolicy
	logger    *slog.Logger
	bodyLimit int64
	now       func() time.Time
}

// RegionEndpoint returns the ServiceStage endpoint of a Huawei Cloud
// region, such as "https://servicestage.cn-north-4.myhuaweicloud.com" for
// "cn-north-4".
func RegionEndpoint(region string) string {
	return "https://servicestage." + strings.TrimSpace(region) + ".myhuaweicloud.com"
}

// NewClient returns a Client for the service root endpoint, such as
// RegionEndpoint("cn-north-4"). The endpoint must be an absolute http or
// https URL without query, fragment or user info. A path prefix, as in
// "https://gateway.example/servicestage", is kept. Credentials are
// required, for example WithToken. NewClient does no network I/O.
func NewClient(endpoint string, opts ...Option) (*Client, error) {
	base, err := parseEndpoint(endpoint)
	if err != nil {
		return nil, err
	}

	cfg := config{
		timeout:   DefaultTimeout,
		bodyLimit: DefaultResponseBodyLimit,
		now:       time.Now,
		retry: retryPolicy{maxAttempts: DefaultMaxAttempts, minWait: DefaultRetryMinWait,
			maxWait: DefaultRetryMaxWait},
	}
	for i, opt := range opts {
		if opt == nil {
			return nil, argError("servicestage: option %d is nil", i)
		}

		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}

	auth, err := cfg.buildAuth()
	if err != nil {
		return nil, err
	}

	cfg.auth = auth
	c := &Client{
		endpoint:  base,
		userAgent: defaultAgent,
		auth:      auth,
		redactor:  newRedactor(auth.secrets()),
		retry:     cfg.retry,
		logger:    cfg.logger,
		bodyLimit: cfg.bodyLimit,
		now:       cfg.now,
	}
	if cfg.userAgent != "" {
		c.userAgent += " " + cfg.userAgent
	}

	c.http = newRestyClient(&cfg, c.userAgent)
	c.http.AddRetryCondition(c.retryCondition)
	return c, nil
}

// String describes the client by its endpoint. It never shows credentials.
func (c Client) String() string { return "servicestage.Client(" + c.endpoint + ")" }

// Format writes String for every fmt verb, so no verb prints the fields
// that hold credentials.
func (c Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// Endpoint returns the service root the client sends requests to, without
// a trailing slash.
func (c *Client) Endpoint() string { return c.endpoint }

// parseEndpoint validates endpoint and returns it in escaped form, with a
// lower-case scheme and without trailing slashes.
func parseEndpoint(endpoint string) (string, error) {
	trimmed := strings.TrimSpace(endpoint)
	if trimmed == "" {
		return "", argError("servicestage: endpoint is empty; pass a URL such as " +
			RegionEndpoint("cn-north-4"))
	}

	// The text is echoed in errors only when it cannot hold a password.
	quoted := strconv.Quote(trimmed)
	if strings.Contains(trimmed, "@") {
		quoted = "(not shown: it contains user info)"
	}

	u, err := url.Parse(trimmed)
	if err != nil {
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}

		return "", argError("servicestage: invalid endpoint %s: %v", quoted, err)
	}

	if reason := endpointProblem(u, trimmed); reason != "" {
		return "", argError("servicestage: invalid endpoint %s: %s", quoted, reason)
	}

	return strings.TrimRight(u.String(), "/"), nil
}

// endpointProblem returns why u cannot be a service root, or "".
func endpointProblem(u *url.URL, text string) string {
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "scheme must be http or https"
	case u.Host == "" || u.Opaque != "" || u.Hostname() == "":
		return "want an absolute URL with a host"
	case u.User != nil:
		return "remove the user info; pass credentials as options"
	case u.RawQuery != "" || u.ForceQuery:
		return "remove the query"
	case u.Fragment != "" || strings.Contains(text, "#"):
		return "remove the fragment"
	case strings.Contains(u.Path, "/assembling/"), strings.HasSuffix(u.Path, "/assembling"):
		return "pass the service root, without /assembling/v1"
	case strings.Contains(u.Path, "/../") || strings.HasSuffix(u.Path, "/.."):
		return "remove the \"..\" path segment"
	}

	if strings.Contains(u.Hostname(), ":") && !strings.HasPrefix(u.Host, "[") {
		return "put the IPv6 address in brackets, as in http://[::1]:8080"
	}

	if !validHostname(u.Hostname()) {
		return "host " + strconv.Quote(u.Hostname()) + " is not a valid host name; " +
			"write an international name in its ASCII (punycode) form"
	}

	if port := u.Port(); port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "port " + port + " is out of range 1-65535"
		}
	}

	return ""
}

// validHostname reports whether host is an ASCII DNS name, an IPv4
// address or an IPv6 address.
func validHostname(host string) bool {
	if strings.Contains(host, ":") {
		return net.ParseIP(host) != nil
	}

	for i := 0; i < len(host); i++ {
		c := host[i]
		if !isUnreserved(c) || c == '~' {
			return false
		}
	}

	return true
}

// newRestyClient builds the HTTP client of one Client from a copy of the
// caller's *http.Client, so the caller's value is never modified. Retries
// use resty's backoff, with the condition NewClient adds. The headers
// every request sends are set here once: resty then shares their values
// with each request instead of allocating them again. A nil cfg.auth
// sends requests without credentials.
func newRestyClient(cfg *config, userAgent string) *resty.Client {
	hc := &http.Client{}
	if cfg.httpClient != nil {
		copied := *cfg.httpClient
		hc = &copied
	}

	if cfg.timeoutSet || hc.Timeout == 0 {
		hc.Timeout = cfg.timeout
	}

	hc.CheckRedirect = redirectPolicy(cfg.auth)
	if cfg.logger != nil {
		next := hc.Transport
		if next == nil {
			next = http.DefaultTransport
		}

		hc.Transport = &loggingTransport{next: next, logger: cfg.logger}
	}

	rc := resty.NewWithClient(hc)
	rc.SetLogger(discardLogger{})
	rc.SetHeader("Content-Type", contentTypeJSON)
	rc.SetHeader("Accept", "application/json")
	rc.SetHeader("User-Agent", userAgent)
	if cfg.auth != nil {
		rc.SetPreRequestHook(func(_ *resty.Client, req *http.Request) error {
			return cfg.auth.authenticate(req)
		})
	}
	rc.SetResponseBodyLimit(int(min(cfg.bodyLimit, math.MaxInt32)))
	rc.SetRetryCount(cfg.retry.maxAttempts - 1)
	rc.SetRetryWaitTime(cfg.retry.minWait)
	rc.SetRetryMaxWaitTime(cfg.retry.maxWait)
	rc.SetRetryAfter(retryAfter(cfg.now))

	return rc
}

// errRedirect is the cause of the error returned after too many redirects.
var errRedirect = errors.New("too many redirects")

// redirectPolicy returns the redirect check of a client. It follows a
// redirect only when it keeps the method, the scheme and the host, so
// credentials never travel to another server and a cancel never turns into
// a read. Any other redirect response is returned as it is, which makes it
// an *APIError. A followed redirect is authenticated again, because an
// AK/SK signature covers the path.
func redirectPolicy(auth authenticator) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("servicestage: stopped after %d redirects: %w", maxRedirects,
				errRedirect)
		}

		first := via[0]
		if req.URL.Host != first.URL.Host || req.URL.Scheme != first.URL.Scheme ||
			req.Method != first.Method {
			return http.ErrUseLastResponse
		}

		return auth.authenticate(req)
	}
}

// minRedactedLength is the shortest secret that error text is searched
// for. Real IAM tokens, secret keys and security tokens are far longer,
// and replacing a short test value such as "t" would garble every message.
const minRedactedLength = 8

// newRedactor returns a replacer that hides every secret of at least
// minRedactedLength bytes, in each form that redactionForms lists.
func newRedactor(secrets []string) *strings.Replacer {
	forms := redactionForms(secrets)
	pairs := make([]string, 0, 2*len(forms))
	for _, form := range forms {
		pairs = append(pairs, form, "[REDACTED]")
	}

	return strings.NewReplacer(pairs...)
}

// discardLogger drops resty's own log output, which a library must not
// print.
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}

// CloseIdleConnections closes the connections the client keeps open for
// reuse that are idle now. Calls made afterwards open new connections.
func (c *Client) CloseIdleConnections() {
	if c != nil && c.http != nil {
		c.http.GetClient().CloseIdleConnections()
	}
}
