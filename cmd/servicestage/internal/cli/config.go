package cli

import (
	"regexp"
	"strings"
	"time"

	"github.com/servicestage-go/servicestage"
	"github.com/spf13/pflag"
)

// Environment variables the command reads. A variable set to the empty
// string counts as unset.
const (
	envEndpoint      = "SERVICESTAGE_ENDPOINT"
	envRegion        = "SERVICESTAGE_REGION"
	envToken         = "SERVICESTAGE_TOKEN"
	envAK            = "HUAWEICLOUD_SDK_AK"
	envSK            = "HUAWEICLOUD_SDK_SK"
	envProjectID     = "HUAWEICLOUD_SDK_PROJECT_ID"
	envSecurityToken = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
)

// Names of the global flags that a configuration value can come from.
const (
	flagEndpoint      = "endpoint"
	flagRegion        = "region"
	flagToken         = "token"
	flagAK            = "ak"
	flagSK            = "sk"
	flagProjectID     = "project-id"
	flagSecurityToken = "security-token"
)

// regionPattern matches Huawei Cloud region names such as "cn-north-4"
// and "ap-southeast-1".
var regionPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)+$`)

// globalFlags holds the values of the flags every command accepts.
type globalFlags struct {
	endpoint       string
	region         string
	token          string
	ak             string
	sk             string
	projectID      string
	securityToken  string
	output         string
	requestTimeout time.Duration
	maxAttempts    int
	verbose        bool
}

// setting is one configuration value and where it came from.
type setting struct {
	value string

	// source is the flag, such as "--token", or the environment variable
	// that set the value, and "" when nothing did.
	source string

	fromFlag bool
}

func (s setting) isSet() bool { return s.source != "" }

// credentialKind is the kind of credentials a configuration uses.
type credentialKind int

const (
	credentialsToken credentialKind = iota + 1
	credentialsAKSK
)

// config is the configuration a client is built from, resolved from flags
// and the environment.
type config struct {
	endpoint       string
	endpointSource string

	credentials   credentialKind
	token         setting
	ak            setting
	sk            setting
	projectID     setting
	securityToken setting

	requestTimeout time.Duration
	maxAttempts    int
	verbose        bool
}

// resolveConfig reads each value from its flag when the flag was given,
// and from its environment variable otherwise, then checks that the
// values make one usable configuration.
func resolveConfig(flags *pflag.FlagSet, values *globalFlags,
	getenv func(string) string) (*config, error) {
	r := resolver{flags: flags, getenv: getenv}
	cfg := &config{
		token:          r.pick(flagToken, values.token, envToken),
		ak:             r.pick(flagAK, values.ak, envAK),
		sk:             r.pick(flagSK, values.sk, envSK),
		projectID:      r.pick(flagProjectID, values.projectID, envProjectID),
		securityToken:  r.pick(flagSecurityToken, values.securityToken, envSecurityToken),
		requestTimeout: values.requestTimeout,
		maxAttempts:    values.maxAttempts,
		verbose:        values.verbose,
	}
	endpoint := r.pick(flagEndpoint, values.endpoint, envEndpoint)
	region := r.pick(flagRegion, values.region, envRegion)
	if r.err != nil {
		return nil, r.err
	}

	if err := cfg.setEndpoint(endpoint, region); err != nil {
		return nil, err
	}

	if err := cfg.setCredentials(); err != nil {
		return nil, err
	}

	return cfg, nil
}

// resolver picks each value from its flag or its environment variable and
// keeps the first error.
type resolver struct {
	flags  *pflag.FlagSet
	getenv func(string) string
	err    error
}

// pick returns the flag's value when the flag was given, and the
// environment variable's otherwise. A flag given an empty value is an
// error, because it is most likely an unset shell variable.
func (r *resolver) pick(flagName, flagValue, envName string) setting {
	if r.flags.Changed(flagName) {
		if strings.TrimSpace(flagValue) == "" && r.err == nil {
			r.err = usageErrorf("--%s is empty; pass a value or omit the flag", flagName)
		}

		return setting{value: flagValue, source: "--" + flagName, fromFlag: true}
	}

	if value := r.getenv(envName); value != "" {
		return setting{value: value, source: envName}
	}

	return setting{}
}

// setEndpoint sets the service root from the endpoint or the region. A
// flag wins over the environment, and at the same level the endpoint wins
// over the region, except that passing both flags is an error.
func (cfg *config) setEndpoint(endpoint, region setting) error {
	switch {
	case endpoint.fromFlag && region.fromFlag:
		return usageErrorf("--endpoint and --region both set the service address; pass one")
	case endpoint.fromFlag:
		return cfg.useEndpoint(endpoint)
	case region.fromFlag:
		return cfg.useRegion(region)
	case endpoint.isSet():
		return cfg.useEndpoint(endpoint)
	case region.isSet():
		return cfg.useRegion(region)
	}

	return usageErrorf("no endpoint: pass --endpoint URL or --region NAME (such as " +
		"cn-north-4), or set SERVICESTAGE_ENDPOINT or SERVICESTAGE_REGION")
}

func (cfg *config) useEndpoint(endpoint setting) error {
	value := strings.TrimSpace(endpoint.value)
	if !strings.Contains(value, "://") {
		return missingSchemeError(value, endpoint.source)
	}

	cfg.endpoint = value
	cfg.endpointSource = endpoint.source
	return nil
}

// missingSchemeError reports an endpoint without a scheme, such as
// "127.0.0.1:8080", which would otherwise fail with a URL parser's error.
// The value is shown unless it may contain a password.
func missingSchemeError(value, source string) error {
	if strings.Contains(value, "@") {
		return usageErrorf("invalid endpoint in %s: it has no scheme; add https:// in front, "+
			"or http:// for a server without TLS", source)
	}

	return usageErrorf("invalid endpoint %q in %s: it has no scheme; add https:// in front, "+
		"as in https://%s, or http:// for a server without TLS", value, source, value)
}

func (cfg *config) useRegion(region setting) error {
	name := strings.TrimSpace(region.value)
	if !regionPattern.MatchString(name) {
		return usageErrorf("invalid region %q in %s: a region is lower-case letters, digits "+
			"and hyphens, such as cn-north-4", name, region.source)
	}

	cfg.endpoint = servicestage.RegionEndpoint(name)
	cfg.endpointSource = region.source
	return nil
}
