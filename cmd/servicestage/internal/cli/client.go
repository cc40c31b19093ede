package cli

import (
	"io"
	"log/slog"

	"github.com/servicestage-go/servicestage"
)

// userAgent is added to the SDK's User-Agent, so the service's logs show
// which requests came from this command.
const userAgent = "servicestage-cli/" + servicestage.Version

// maxAttemptsLimit is the largest --max-attempts value. It is the limit
// that servicestage.WithRetry enforces, checked here so the error names
// the flag.
const maxAttemptsLimit = 100

// newClient builds the SDK client that cfg describes. Log records go to
// logTo when cfg.verbose is set.
func newClient(cfg *config, logTo io.Writer) (*servicestage.Client, error) {
	opts, err := clientOptions(cfg, logTo)
	if err != nil {
		return nil, err
	}

	return servicestage.NewClient(cfg.endpoint, opts...)
}

// clientOptions returns the SDK options for cfg: its credentials, the
// per-attempt timeout, the retries and the logger. It is the one place
// that turns the configuration into SDK options.
func clientOptions(cfg *config, logTo io.Writer) ([]servicestage.Option, error) {
	if cfg.maxAttempts < 1 || cfg.maxAttempts > maxAttemptsLimit {
		return nil, usageErrorf("--max-attempts is %d; pass 1 to %d (1 disables retries)",
			cfg.maxAttempts, maxAttemptsLimit)
	}

	if cfg.requestTimeout < 0 {
		return nil, usageErrorf("--request-timeout is %v; pass a positive duration, "+
			"or 0 for no limit", cfg.requestTimeout)
	}

	opts := []servicestage.Option{
		servicestage.WithUserAgent(userAgent),
		servicestage.WithTimeout(cfg.requestTimeout),
		servicestage.WithRetry(cfg.maxAttempts, servicestage.DefaultRetryMinWait,
			servicestage.DefaultRetryMaxWait),
	}
	if cfg.verbose {
		handler := slog.NewTextHandler(logTo, &slog.HandlerOptions{Level: slog.LevelDebug})
		opts = append(opts, servicestage.WithLogger(slog.New(handler)))
	}

	switch cfg.credentials {
	case credentialsToken:
		opts = append(opts, servicestage.WithToken(cfg.token.value))
	case credentialsAKSK:
		opts = append(opts, servicestage.WithAKSK(cfg.ak.value, cfg.sk.value))
		if cfg.projectID.value != "" {
			opts = append(opts, servicestage.WithProjectID(cfg.projectID.value))
		}

		if cfg.securityToken.value != "" {
			opts = append(opts, servicestage.WithSecurityToken(cfg.securityToken.value))
		}
	default:
		return nil, usageErrorf("no credentials: set %s to an IAM token, or %s and %s to "+
			"an AK/SK pair", envToken, envAK, envSK)
	}

	return opts, nil
}
