package servicestage

import (
	"fmt"
	"log/slog"
	"strings"
)

// redactedText replaces a secret wherever this package prints one.
const redactedText = "[REDACTED]"

// PasswordCredentials identify an IAM user and the project its tokens are
// scoped to. Set ProjectName or ProjectID, not both.
type PasswordCredentials struct {
	// DomainName is the name of the account the user belongs to.
	DomainName string

	// UserName is the name of the IAM user.
	UserName string

	// Password is the user's password. String, Format and LogValue never
	// show it.
	Password string

	// ProjectName is the project the token is scoped to, usually a region
	// name such as "cn-north-4".
	ProjectName string

	// ProjectID is the id of the project the token is scoped to.
	ProjectID string
}

// validate rejects credentials that IAM cannot accept, naming the field to
// set.
func (c PasswordCredentials) validate() error {
	required := []struct{ field, value string }{
		{"DomainName", c.DomainName},
		{"UserName", c.UserName},
		{"Password", c.Password},
	}
	for _, r := range required {
		if strings.TrimSpace(r.value) == "" {
			return argError("servicestage: NewIAMTokenSource: PasswordCredentials.%s is empty; "+
				"set it", r.field)
		}
	}

	hasName := strings.TrimSpace(c.ProjectName) != ""
	hasID := strings.TrimSpace(c.ProjectID) != ""
	switch {
	case !hasName && !hasID:
		return argError("servicestage: NewIAMTokenSource: no project; set " +
			"PasswordCredentials.ProjectName, such as \"cn-north-4\", or ProjectID")
	case hasName && hasID:
		return argError("servicestage: NewIAMTokenSource: both ProjectName and ProjectID " +
			"are set; set one of them")
	}

	return nil
}

// String returns the fields of c with the password replaced by
// "[REDACTED]", or by "" when it is empty.
func (c PasswordCredentials) String() string {
	return fmt.Sprintf("servicestage.PasswordCredentials{DomainName: %q, UserName: %q, "+
		"Password: %s, ProjectName: %q, ProjectID: %q}",
		c.DomainName, c.UserName, c.redactedPassword(), c.ProjectName, c.ProjectID)
}

// Format writes String for every verb and flag, so printing the
// credentials with the fmt package never shows the password.
func (c PasswordCredentials) Format(f fmt.State, verb rune) { writeFormatted(f, verb, c.String()) }

// LogValue returns the fields of c for log/slog with the password
// redacted, so that JSON handlers, which do not call String, never log it.
func (c PasswordCredentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("domain_name", c.DomainName),
		slog.String("user_name", c.UserName),
		slog.String("password", c.redactedPassword()),
		slog.String("project_name", c.ProjectName),
		slog.String("project_id", c.ProjectID),
	)
}

func (c PasswordCredentials) redactedPassword() string {
	if c.Password == "" {
		return `""`
	}

	return redactedText
}
