package cli

import "strings"

// outputFormatInArgs returns the value of the last -o or --output flag in
// args, as pflag would parse it, or "" when there is none. It reads
// "-o json", "-ojson", "-o=json", "--output json" and "--output=json",
// and -o after other one-letter flags, as in "-vo json". It stops at "--",
// which ends the flags.
func outputFormatInArgs(args []string) string {
	format := ""
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			break
		}

		value, takesNext, ok := outputValue(arg)
		if !ok {
			continue
		}

		if takesNext {
			if i+1 >= len(args) {
				break
			}

			i++
			value = args[i]
		}

		format = value
	}

	return format
}

// outputValue returns the output format that arg sets. takesNext is true
// when the value is the next argument, and ok is false when arg does not
// set the output format.
func outputValue(arg string) (value string, takesNext, ok bool) {
	if name, rest, found := strings.Cut(arg, "="); found && name == "--output" {
		return rest, false, true
	}

	if arg == "--output" {
		return "", true, true
	}

	if len(arg) < 2 || arg[0] != '-' || arg[1] == '-' {
		return "", false, false
	}

	// One-letter flags may be grouped, as in -vo, and -o takes the rest of
	// the group as its value, as in -ojson.
	_, rest, found := strings.Cut(arg[1:], "o")
	if !found {
		return "", false, false
	}

	if rest == "" {
		return "", true, true
	}

	return strings.TrimPrefix(rest, "="), false, true
}
