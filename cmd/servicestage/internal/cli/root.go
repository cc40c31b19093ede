package cli

import (
	"fmt"
	"strings"

	"github.com/servicestage-go/servicestage"
	"github.com/spf13/cobra"
)

// rootHelp is the long help of the servicestage command.
const rootHelp = `servicestage starts, follows, cancels and inspects Huawei Cloud ServiceStage
builds, and manages build jobs.

Configuration comes from flags and the environment; a flag wins over its
variable, and a variable set to "" counts as unset:

  --endpoint  SERVICESTAGE_ENDPOINT  service root URL
  --region    SERVICESTAGE_REGION    region name, for the endpoint
                                     https://servicestage.REGION.myhuaweicloud.com
  --token     SERVICESTAGE_TOKEN     IAM token (X-Auth-Token)
  --ak, --sk  HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK
  --project-id      HUAWEICLOUD_SDK_PROJECT_ID
  --security-token  HUAWEICLOUD_SDK_SECURITY_TOKEN

An endpoint or a region is required; there is no default. The endpoint
wins over the region when both come from the environment. An endpoint
needs its scheme: https://, or http:// for a test server. Plain http:// to
another machine prints a warning, because credentials then cross the
network unencrypted.

When a token and an AK/SK pair are both set, the one given by flags is
used. When both come from the environment, or both from flags, that is a
usage error: unset one, or choose with --token or --ak and --sk. With an
AK/SK pair, every request is signed (SDK-HMAC-SHA256). A token names its
project itself, so --project-id or --security-token beside a token is a
usage error, and HUAWEICLOUD_SDK_PROJECT_ID is ignored then.

Output is a table or a block of text, or with -o json exactly one JSON
document on stdout, also when the command fails. Errors are printed on
stderr as one line with the service's error code and request id.

Exit codes:
  0    success
  1    the service returned an error, or could not be reached
  2    usage error: bad command line or configuration, a group command
       such as builds without a subcommand, or an unsupported shell for
       completion; nothing was sent
  3    a waited-for build ended Failed or Timeout
  4    a waited-for build ended Cancel or Deleted
  5    --timeout ended the wait while the build was still running
  130  interrupted by Ctrl-C (SIGINT); 143 for SIGTERM`

// rootCommand returns the servicestage command with every subcommand.
func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "servicestage",
		Short:         "Start, follow, cancel and inspect ServiceStage builds",
		Long:          rootHelp,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	a.addGlobalFlags(root)

	root.AddCommand(a.buildsCommand(), a.jobsCommand(), a.baseImagesCommand(),
		a.versionCommand())
	addCompletionCommand(root)
	return root
}

// addCompletionCommand adds cobra's completion command and makes an
// unsupported shell, or no shell, a usage error. Cobra's own command
// prints its help and succeeds in both cases.
func addCompletionCommand(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	completion, _, err := root.Find([]string{"completion"})
	if err != nil || completion == root {
		return
	}

	completion.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("unsupported shell %q; pass one of: %s", args[0],
				subcommandNames(cmd))
		}

		return nil
	}
	completion.RunE = missingSubcommand
}

// addGlobalFlags adds the flags that every command accepts.
func (a *app) addGlobalFlags(root *cobra.Command) {
	f := root.PersistentFlags()
	f.StringVar(&a.flags.endpoint, flagEndpoint, "",
		"service root `URL`, such as https://servicestage.cn-north-4.myhuaweicloud.com "+
			"(overrides $"+envEndpoint+")")
	f.StringVar(&a.flags.region, flagRegion, "",
		"region `NAME`, such as cn-north-4, which sets the endpoint (overrides $"+envRegion+")")
	f.StringVar(&a.flags.token, flagToken, "",
		"IAM `TOKEN` sent as X-Auth-Token (overrides $"+envToken+"; prefer the variable, "+
			"because other users can read command lines)")
	f.StringVar(&a.flags.ak, flagAK, "", "access key `ID` of an AK/SK pair (overrides $"+envAK+")")
	f.StringVar(&a.flags.sk, flagSK, "",
		"secret access `KEY` of an AK/SK pair (overrides $"+envSK+")")
	f.StringVar(&a.flags.projectID, flagProjectID, "",
		"project `ID` sent with AK/SK credentials (overrides $"+envProjectID+")")
	f.StringVar(&a.flags.securityToken, flagSecurityToken, "",
		"security `TOKEN` of temporary AK/SK credentials (overrides $"+envSecurityToken+")")
	f.StringVarP(&a.flags.output, "output", "o", formatTable,
		"output `FORMAT`: table for people, json for exactly one JSON document on stdout")
	f.DurationVar(&a.flags.requestTimeout, "request-timeout", servicestage.DefaultTimeout,
		"limit on each HTTP attempt, as a `DURATION` such as 30s or 2m; 0 for no limit")
	f.IntVar(&a.flags.maxAttempts, "max-attempts", servicestage.DefaultMaxAttempts,
		"maximum HTTP `ATTEMPTS` per request, 1 to 100, retries of transient failures "+
			"included; 1 disables retries")
	f.BoolVarP(&a.flags.verbose, "verbose", "v", false,
		"log retries and each HTTP request and response to stderr (credentials masked)")

	_ = root.RegisterFlagCompletionFunc("output", fixedCompletions(formatTable, formatJSON))
}

// fixedCompletions returns a completion function offering values.
func fixedCompletions(values ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// groupCommand returns a command that only holds subcommands. Run alone,
// or with an argument that names no subcommand, it is a usage error.
func groupCommand(use, short string) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE:  missingSubcommand,
	}
}

// missingSubcommand prints the help of a command run without one of its
// subcommands to stderr, so stdout stays empty or keeps the JSON error
// document, and returns a usage error.
func missingSubcommand(cmd *cobra.Command, _ []string) error {
	cmd.SetOut(cmd.ErrOrStderr())
	if err := cmd.Help(); err != nil {
		return err
	}

	fmt.Fprintln(cmd.ErrOrStderr())
	return fmt.Errorf("%s needs a subcommand; pass one of: %s", commandName(cmd),
		subcommandNames(cmd))
}

// subcommandNames lists the names of cmd's visible subcommands, such as
// "cancel, get, list".
func subcommandNames(cmd *cobra.Command) string {
	var names []string
	for _, sub := range cmd.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}

	return strings.Join(names, ", ")
}
