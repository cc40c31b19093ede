package servicestage

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
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

	cfg := config{timeout: DefaultTimeout, now: time.Now}
	for i, opt := range opts {
		if opt == nil {
			return nil, fmt.Errorf("servicestage: option %d is nil", i)
		}

		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}

	auth, err := cfg.buildAuth()
	if err != nil {
		return nil, err
	}

	c := &Client{
		endpoint:  base,
		userAgent: defaultAgent,
		auth:      auth,
		redactor:  newRedactor(auth.secrets()),
	}
	if cfg.userAgent != "" {
		c.userAgent += " " + cfg.userAgent
	}

	c.http = newRestyClient(&cfg, c.auth)
	return c, nil
}

// Endpoint returns the service root the client sends requests to, without
// a trailing slash.
func (c *Client) Endpoint() string { return c.endpoint }

// String returns the endpoint and the kind of credentials of c, such as
// "WithAKSK", never the credentials themselves.
func (c Client) String() string {
	kind := "none"
	if c.auth != nil {
		kind = c.auth.kind()
	}

	return fmt.Sprintf("servicestage.Client{endpoint: %s, credentials: %s}", c.endpoint, kind)
}

// Format writes String for every verb and flag, so printing a Client with
// the fmt package, %#v and %+v included, never shows its credentials.
func (c Client) Format(f fmt.State, verb rune) { writeFormatted(f, verb, c.String()) }

// parseEndpoint validates endpoint and returns it without trailing slashes.
func parseEndpoint(endpoint string) (string, error) {
	trimmed := strings.TrimSpace(endpoint)
	if trimmed == "" {
		return "", errors.New("servicestage: endpoint is empty; pass a URL such as " +
			RegionEndpoint("cn-north-4"))
	}

	u, err := url.Parse(trimmed)
	if err != nil {
		return "", fmt.Errorf("servicestage: invalid endpoint %q: %w", endpoint, err)
	}

	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("servicestage: invalid endpoint %q: scheme must be http or https",
			endpoint)
	case u.Host == "" || u.Opaque != "":
		return "", fmt.Errorf("servicestage: invalid endpoint %q: want an absolute URL with a host",
			endpoint)
	case u.User != nil:
		return "", fmt.Errorf("servicestage: invalid endpoint %q: remove the user info; "+
			"pass credentials as options", u.Redacted())
	case u.RawQuery != "" || u.ForceQuery:
		return "", fmt.Errorf("servicestage: invalid endpoint %q: remove the query", endpoint)
	case u.Fragment != "" || strings.Contains(trimmed, "#"):
		return "", fmt.Errorf("servicestage: invalid endpoint %q: remove the fragment", endpoint)
	}

	return strings.TrimRight(trimmed, "/"), nil
}

// newRestyClient builds the HTTP client of one Client from a copy of the
// caller's *http.Client, so the caller's value is never modified. A nil
// auth sends requests without credentials.
func newRestyClient(cfg *config, auth authenticator) *resty.Client {
	hc := &http.Client{}
	if cfg.httpClient != nil {
		copied := *cfg.httpClient
		hc = &copied
	}

	if cfg.timeoutSet || hc.Timeout == 0 {
		hc.Timeout = cfg.timeout
	}

	hc.CheckRedirect = checkRedirect
	rc := resty.NewWithClient(hc)
	rc.SetLogger(discardLogger{})
	if auth != nil {
		rc.SetPreRequestHook(func(_ *resty.Client, req *http.Request) error {
			return auth.authenticate(req)
		})
	}

	return rc
}

// checkRedirect follows a redirect only to the same scheme and host, so
// credentials never travel to another server.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("servicestage: stopped after %d redirects", maxRedirects)
	}

	first := via[0].URL
	if req.URL.Host != first.Host || req.URL.Scheme != first.Scheme {
		return fmt.Errorf("servicestage: refused redirect from %s to another host %s",
			first.Host, req.URL.Host)
	}

	return nil
}

// newRedactor returns a replacer that hides every secret.
func newRedactor(secrets []string) *strings.Replacer {
	pairs := make([]string, 0, 2*len(secrets))
	for _, secret := range secrets {
		if secret != "" {
			pairs = append(pairs, secret, "[REDACTED]")
		}
	}

	return strings.NewReplacer(pairs...)
}

// discardLogger drops resty's own log output, which a library must not
// print.
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}
