package cli

import (
	"io"
	"log/slog"

	"github.com/servicestage-go/servicestage"
)

// userAgent is added to the SDK's User-Agent, so the service's logs show
// which requests came from this command.
const userAgent = "servicestage-cli/" + servicestage.Version

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
	if cfg.maxAttempts < 1 {
		return nil, usageErrorf("--max-attempts is %d; pass 1 or more (1 disables retries)",
			cfg.maxAttempts)
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
		// TODO: the SDK cannot sign requests with AK/SK yet. Once it can,
		// append its AK/SK option with cfg.ak.value and cfg.sk.value here,
		// its project id option when cfg.projectID is set and its security
		// token option when cfg.securityToken is set, and drop this error.
		return nil, usageErrorf("AK/SK credentials (%s, %s) are not supported by this "+
			"version yet; authenticate with an IAM token in %s or --token instead",
			cfg.ak.source, cfg.sk.source, envToken)
	default:
		return nil, usageErrorf("no credentials: set %s to an IAM token, or pass --token",
			envToken)
	}

	return opts, nil
}
