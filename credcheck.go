package servicestage

import (
	"strings"
)

// checkKeyPair checks both halves of an access key pair with
// checkCredential.
func checkKeyPair(option, akName, accessKey, skName, secretKey string) error {
	if err := checkCredential(option, akName, accessKey); err != nil {
		return err
	}

	return checkCredential(option, skName, secretKey)
}

// checkCredential rejects a credential that is blank, has surrounding
// spaces or contains a control character. The error names the credential
// but never shows its value.
func checkCredential(option, name, value string) error {
	switch {
	case strings.TrimSpace(value) == "":
		return argError("servicestage: %s: %s is empty; pass a non-empty value", option, name)
	case strings.TrimSpace(value) != value:
		return argError("servicestage: %s: %s has leading or trailing spaces; remove them",
			option, name)
	case hasControl(value):
		return argError("servicestage: %s: %s contains a control character; "+
			"remove line breaks and other control characters", option, name)
	}

	return nil
}

// setOnce stores value in *field, rejecting a second value for the same
// setting from another option.
func setOnce(field *string, option, name, value string) error {
	if *field != "" {
		return argError("servicestage: %s: %s is already set by an earlier option; "+
			"pass it once", option, name)
	}

	*field = value
	return nil
}
