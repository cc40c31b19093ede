package servicestage

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNewRedactor_LongerSecretFirst(t *testing.T) {
	redactor := newRedactor([]string{"secret-1", "secret-1-and-more"})

	require.Equal(t, "a [REDACTED] b", redactor.Replace("a secret-1-and-more b"))
	require.Equal(t, "a [REDACTED] b", redactor.Replace("a secret-1 b"))
}

func TestNewRedactor_JSONForms(t *testing.T) {
	redactor := newRedactor([]string{`pw"<&>\x`})

	require.Equal(t, "[REDACTED]", redactor.Replace(`pw"<&>\x`))
	require.Equal(t, "[REDACTED]", redactor.Replace(`pw\"\u003c\u0026\u003e\\x`))
	require.Equal(t, "[REDACTED]", redactor.Replace(`pw\"<&>\\x`))
}

func TestNewRedactor_ShortSecretKept(t *testing.T) {
	redactor := newRedactor([]string{"short", ""})

	require.Equal(t, "a short b", redactor.Replace("a short b"))
}

func TestJSONForms_OnlyWhenEscaped(t *testing.T) {
	require.Nil(t, jsonForms("MIIplain-Token_123+/="))
	require.Equal(t, []string{`a\u003cb\"c`, `a<b\"c`}, jsonForms(`a<b"c`))
	require.Equal(t, []string{`tab\there`, `tab\there`}, jsonForms("tab\there"))
}
