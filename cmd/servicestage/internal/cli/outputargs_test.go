package cli

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestOutputFormatInArgs(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"builds", "get", "b-1"}, ""},
		{[]string{"-o", "json"}, "json"},
		{[]string{"-ojson"}, "json"},
		{[]string{"-o=json"}, "json"},
		{[]string{"--output", "json"}, "json"},
		{[]string{"--output=json"}, "json"},
		{[]string{"-vo", "json"}, "json"},
		{[]string{"-vojson"}, "json"},
		{[]string{"-o", "json", "-o", "table"}, "table"},
		{[]string{"builds", "wait", "b-1", "--timeout", "20", "-o", "json"}, "json"},
		{[]string{"-o"}, ""},
		{[]string{"--", "-o", "json"}, ""},
		{[]string{"--timeout", "-1s"}, ""},
		{[]string{"--outputs", "json"}, ""},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, outputFormatInArgs(tt.args), "args %q", tt.args)
	}
}
