package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// exactArg returns an argument check for a command that takes exactly one
// id, named name, such as "BUILD_ID".
func exactArg(name string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return fmt.Errorf("%s takes exactly one argument, %s, but got %d",
				commandName(cmd), name, len(args))
		}

		return checkID(name, args[0])
	}
}

// minArgs returns an argument check for a command that takes one or more
// ids, each named name.
func minArgs(name string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return fmt.Errorf("%s takes one or more %s arguments, but got none",
				commandName(cmd), name)
		}

		for _, arg := range args {
			if err := checkID(name, arg); err != nil {
				return err
			}
		}

		return nil
	}
}

// commandName returns the command's path without the program's name, such
// as "builds get".
func commandName(cmd *cobra.Command) string {
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}

// checkID rejects an id that cannot name anything: blank, or a path
// segment "." or "..". The SDK rejects these too, but checking them first
// keeps a command with several ids from sending some and not others.
func checkID(name, id string) error {
	switch strings.TrimSpace(id) {
	case "":
		return fmt.Errorf("%s is empty; pass an id", name)
	case ".", "..":
		return fmt.Errorf("%s %q is not an id", name, id)
	}

	return nil
}
