package servicestage

import (
	"os"
	"strings"
)

// Environment variables read by CredentialsFromEnv. They are the names
// Huawei Cloud's own SDKs and tools read.
const (
	EnvAccessKey     = "HUAWEICLOUD_SDK_AK"
	EnvSecretKey     = "HUAWEICLOUD_SDK_SK"
	EnvProjectID     = "HUAWEICLOUD_SDK_PROJECT_ID"
	EnvSecurityToken = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
)

// CredentialsFromEnv authenticates with the access key pair in
// HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, as WithAKSK does, and adds
// HUAWEICLOUD_SDK_PROJECT_ID and HUAWEICLOUD_SDK_SECURITY_TOKEN, when set,
// as WithProjectID and WithSecurityToken do. NewClient reads the variables
// when it applies the option. A variable set to "" counts as unset. It
// fails when only one half of the pair is set, or when the project id or
// security token is set without the pair.
func CredentialsFromEnv() Option {
	return func(cfg *config) error {
		const option = "CredentialsFromEnv"

		accessKey, secretKey := os.Getenv(EnvAccessKey), os.Getenv(EnvSecretKey)
		if err := checkEnvPair(accessKey, secretKey); err != nil {
			return err
		}

		err := checkKeyPair(option, EnvAccessKey, accessKey, EnvSecretKey, secretKey)
		if err != nil {
			return err
		}

		err = cfg.setAuth(&akskAuth{option: option, accessKey: accessKey, secretKey: secretKey})
		if err != nil {
			return err
		}

		if err := setFromEnv(&cfg.projectID, EnvProjectID); err != nil {
			return err
		}

		return setFromEnv(&cfg.securityToken, EnvSecurityToken)
	}
}

// checkEnvPair rejects an access key pair of which at least one half is
// unset, naming the variables to set.
func checkEnvPair(accessKey, secretKey string) error {
	switch {
	case accessKey == "" && secretKey == "":
		var orphans []string
		for _, name := range []string{EnvProjectID, EnvSecurityToken} {
			if os.Getenv(name) != "" {
				orphans = append(orphans, name)
			}
		}

		extra := ""
		if len(orphans) > 0 {
			extra = " (" + strings.Join(orphans, " and ") + " set without them)"
		}

		return argError("servicestage: CredentialsFromEnv: %s and %s are not set%s; "+
			"set both to an access key pair", EnvAccessKey, EnvSecretKey, extra)
	case secretKey == "":
		return argError("servicestage: CredentialsFromEnv: %s is set but %s is not; "+
			"set both halves of the access key pair", EnvAccessKey, EnvSecretKey)
	case accessKey == "":
		return argError("servicestage: CredentialsFromEnv: %s is set but %s is not; "+
			"set both halves of the access key pair", EnvSecretKey, EnvAccessKey)
	}

	return nil
}

// setFromEnv stores the value of the named variable in *field when it is
// set, after checking it like a credential.
func setFromEnv(field *string, name string) error {
	value := os.Getenv(name)
	if value == "" {
		return nil
	}

	if err := checkCredential("CredentialsFromEnv", name, value); err != nil {
		return err
	}

	return setOnce(field, "CredentialsFromEnv", name, value)
}
