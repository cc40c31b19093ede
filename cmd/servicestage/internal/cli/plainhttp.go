package cli

import (
	"net"
	"net/url"
	"strings"
)

// plainHTTPWarning returns a warning when endpoint is a plain http:// URL
// whose host is not this machine, because the credentials then cross the
// network unencrypted, and "" otherwise. Loopback addresses (127.0.0.0/8
// and ::1) and the name localhost are this machine, as with a local test
// server.
func plainHTTPWarning(endpoint string, credentials credentialKind) string {
	u, err := url.Parse(endpoint)
	if err != nil || !strings.EqualFold(u.Scheme, "http") || isLoopback(u.Hostname()) {
		return ""
	}

	exposed := "the token is sent unencrypted"
	if credentials == credentialsAKSK {
		exposed = "signed requests, and any security token, are sent unencrypted"
	}

	return "warning: endpoint " + endpoint + " uses plain HTTP to another machine, so " +
		exposed + "; use https://"
}

// isLoopback reports whether host names this machine: localhost or a
// loopback address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}

	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
