package cli

// Exit codes of the servicestage command. An interrupt exits with 128 plus
// the signal's number, as shells report a process killed by it: 130 for
// SIGINT (Ctrl-C) and 143 for SIGTERM.
const (
	// ExitOK means the command did what it was asked.
	ExitOK = 0

	// ExitError means the service rejected a request, a response could not
	// be read, or the service could not be reached.
	ExitError = 1

	// ExitUsage means the command line or the configuration is wrong:
	// unknown commands or flags, missing arguments, invalid values, or no
	// endpoint or credentials. Nothing was sent.
	ExitUsage = 2

	// ExitBuildFailed means a waited-for build ended Failed or Timeout.
	ExitBuildFailed = 3

	// ExitBuildStopped means a waited-for build ended Cancel or Deleted:
	// someone stopped it, so it neither succeeded nor failed on its own.
	ExitBuildStopped = 4

	// ExitWaitTimeout means --timeout ended the wait while the build was
	// still running. The build goes on.
	ExitWaitTimeout = 5

	// exitSignalBase plus a signal's number is the exit code after that
	// signal interrupted the command.
	exitSignalBase = 128
)
