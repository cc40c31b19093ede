package cli

import (
	"strings"
	"unicode"
)

// setCredentials checks the credential values and chooses between the
// token and the AK/SK pair. When both are set, the one given by flags
// wins. When both come from the same level, the user must choose.
func (cfg *config) setCredentials() error {
	if err := cfg.checkAKSK(); err != nil {
		return err
	}

	hasToken, hasAKSK := cfg.token.isSet(), cfg.ak.isSet()
	switch {
	case hasToken && hasAKSK:
		if err := cfg.chooseCredentials(); err != nil {
			return err
		}
	case hasToken:
		cfg.credentials = credentialsToken
	case hasAKSK:
		cfg.credentials = credentialsAKSK
	default:
		return usageErrorf("no credentials: set SERVICESTAGE_TOKEN to an IAM token, or " +
			"HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK to an AK/SK pair, or pass --token or --ak and --sk")
	}

	if cfg.credentials == credentialsToken {
		return cfg.checkTokenCredentials()
	}

	return checkCredentialValues(cfg.ak, cfg.sk, cfg.projectID, cfg.securityToken)
}

// checkTokenCredentials checks the token and rejects the AK/SK-only flags
// beside it. A token is scoped to its project when IAM issues it, so
// --project-id and --security-token would be ignored. The project id
// variable is ignored without an error, because other tools often set it.
func (cfg *config) checkTokenCredentials() error {
	for _, s := range []setting{cfg.projectID, cfg.securityToken} {
		if s.fromFlag {
			return usageErrorf("%s applies only to AK/SK credentials, but the token from %s "+
				"is used, and a token already names its project; omit %s, or pass --ak "+
				"and --sk", s.source, cfg.token.source, s.source)
		}
	}

	return checkCredentialValues(cfg.token)
}

// checkCredentialValues rejects a credential that is blank, has leading or
// trailing spaces or contains a control character, such as a line break
// copied with it. The error names the flag or variable, never the value.
func checkCredentialValues(settings ...setting) error {
	for _, s := range settings {
		switch {
		case !s.isSet():
		case strings.TrimSpace(s.value) == "":
			return usageErrorf("%s contains only spaces; set it to the value, or unset it",
				s.source)
		case strings.TrimSpace(s.value) != s.value:
			return usageErrorf("%s has leading or trailing spaces; remove them", s.source)
		case strings.IndexFunc(s.value, unicode.IsControl) >= 0:
			return usageErrorf("%s contains a control character, such as a line break; "+
				"remove it", s.source)
		}
	}

	return nil
}

// checkAKSK rejects half of an AK/SK pair and a security token without
// the pair it belongs to.
func (cfg *config) checkAKSK() error {
	switch {
	case cfg.ak.isSet() && !cfg.sk.isSet():
		return usageErrorf("%s sets an access key but no secret key is set: "+
			"set %s or pass --%s too", cfg.ak.source, envSK, flagSK)
	case cfg.sk.isSet() && !cfg.ak.isSet():
		return usageErrorf("%s sets a secret key but no access key is set: "+
			"set %s or pass --%s too", cfg.sk.source, envAK, flagAK)
	case cfg.securityToken.isSet() && !cfg.ak.isSet():
		return usageErrorf("%s sets a security token but no AK/SK pair is set: "+
			"temporary credentials need %s and %s too", cfg.securityToken.source, envAK, envSK)
	}

	return nil
}

// chooseCredentials picks the kind of credentials given by flags when a
// token and an AK/SK pair are both set.
func (cfg *config) chooseCredentials() error {
	tokenFlag := cfg.token.fromFlag
	akskFlag := cfg.ak.fromFlag || cfg.sk.fromFlag
	switch {
	case tokenFlag && !akskFlag:
		cfg.credentials = credentialsToken
	case akskFlag && !tokenFlag:
		cfg.credentials = credentialsAKSK
	default:
		return usageErrorf("both a token (%s) and an AK/SK pair (%s, %s) are set; "+
			"use one: unset the other, or choose with --token or --ak and --sk",
			cfg.token.source, cfg.ak.source, cfg.sk.source)
	}

	return nil
}

// credentialSources names where the chosen credentials came from, such as
// "token from SERVICESTAGE_TOKEN" or "AK/SK from --ak, HUAWEICLOUD_SDK_SK".
func (cfg *config) credentialSources() string {
	if cfg.credentials == credentialsAKSK {
		return "AK/SK from " + cfg.ak.source + ", " + cfg.sk.source
	}

	return "token from " + cfg.token.source
}
