package cli

import (
	"io"
	"strings"

	"github.com/servicestage-go/servicestage"
	"github.com/spf13/cobra"
)

// logDocument is the JSON document of builds logs. It has the same
// fields with and without --follow, except Phases.
type logDocument struct {
	BuildID string `json:"build_id"`

	// Log is the text read: from --from on, or under --follow from the
	// start up to where the command ended.
	Log string `json:"log"`

	// Next is the offset to pass as --from to read on from the end of Log.
	Next int64 `json:"next"`

	// State is the build's last known state, or "" when it is unknown. A
	// single read reads it before the log, so a final state means Log
	// reaches the log's end.
	State servicestage.BuildState `json:"state"`

	// Phases is each phase's state, as the log read reports it. It is
	// absent under --follow, which does not return the log reads.
	Phases []phaseState `json:"phases,omitempty"`

	// Error is set when --follow ended with an error, such as --timeout or
	// an interrupt, and describes it as the error document would.
	Error *errorDetail `json:"error,omitempty"`
}

// phaseState is one phase of a build and its state.
type phaseState struct {
	Name  servicestage.PhaseName  `json:"name"`
	State servicestage.BuildState `json:"state"`
}

func (a *app) buildsLogsCommand() *cobra.Command {
	var wf waitFlags
	var follow bool
	var from int
	cmd := &cobra.Command{
		Use:   "logs BUILD_ID [--follow]",
		Short: "Print a build's log",
		Long: `Print the build's log from --from on. With --follow, keep printing it as it
grows until the build ends; the exit code does not depend on how the build
ended (use builds wait for that).

Under -o json the command prints one document when done, with build_id,
log, next (the --from value that reads on from the end of log), state (the
build's last known state) and, without --follow, phases. When --follow ends
early, by --timeout or an interrupt, the document keeps the log read so far
and adds error.`,
		Args: exactArg("BUILD_ID"),
		RunE: a.action(func(cmd *cobra.Command, args []string) error {
			if err := wf.check(); err != nil {
				return err
			}

			if from < 0 {
				return usageErrorf("--from is %d; pass 0 for the start of the log, or the "+
					"next value of an earlier -o json read", from)
			}

			if follow && cmd.Flags().Changed("from") {
				return usageErrorf("--from and --follow cannot be combined: --follow " +
					"prints the log from its start")
			}

			client, err := a.client(cmd)
			if err != nil {
				return err
			}

			a.buildID = args[0]
			if follow {
				return a.followLog(cmd, client, args[0], &wf)
			}

			return a.printLog(cmd, client, args[0], from)
		}),
	}
	cmd.Flags().BoolVar(&follow, "follow", false,
		"keep printing the log as it grows until the build ends")
	cmd.Flags().IntVar(&from, "from", 0,
		"offset to print the log from, as the service counts it, 0 or more: 0 for the "+
			"start, or the next value of an earlier -o json read")
	wf.add(cmd.Flags())
	return cmd
}

// printLog reads the log once from offset from. Under -o json it reads
// the build's state first, for the document.
func (a *app) printLog(cmd *cobra.Command, client *servicestage.Client, buildID string,
	from int) error {
	ctx := cmd.Context()
	if !a.out.isJSON() {
		log, err := client.GetBuildLog(ctx, buildID, from)
		if err != nil {
			return err
		}

		return writeLogText(a.out.w, log.Log)
	}

	build, err := client.GetBuild(ctx, buildID)
	if err != nil {
		return err
	}

	log, err := client.GetBuildLog(ctx, buildID, from)
	if err != nil {
		return err
	}

	doc := logDocument{BuildID: buildID, Log: log.Log, Next: int64(log.Next),
		State: build.State}
	for i, name := range log.Phases {
		if i < len(log.PhaseStates) {
			doc.Phases = append(doc.Phases, phaseState{Name: name, State: log.PhaseStates[i]})
		}
	}

	return a.out.writeJSON(doc)
}

// followLog prints the log as it grows until the build ends: to stdout at
// once, or under -o json as one document at the end. When following ends
// with an error, that document holds the log read so far and the error.
func (a *app) followLog(cmd *cobra.Command, client *servicestage.Client, buildID string,
	wf *waitFlags) error {
	ctx, cancel := wf.context(cmd.Context())
	defer cancel()

	p := newProgress(io.Discard, buildID, false)
	p.start()

	var text strings.Builder
	w := &countingWriter{w: &text}
	if !a.out.isJSON() {
		w.w = a.out.w
	}

	err := client.FollowBuildLog(ctx, buildID, w, wf.options(p)...)
	state := p.lastState()
	if err != nil {
		state = stateAfterFollow(cmd.Context(), ctx, client, buildID, p)
		err = wf.timeoutError(ctx, err, buildID, state)
	}

	if !a.out.isJSON() {
		return err
	}

	// NOTE: Next counts the bytes written, which equals the service's
	// offset only if the service counts offsets in bytes of the log text.
	// FollowBuildLog relies on the same, and the fake server does so.
	doc := logDocument{BuildID: buildID, Log: text.String(), Next: w.written, State: state}
	if err != nil {
		a.failureDocument = func(detail errorDetail) any {
			doc.Error = &detail
			return doc
		}

		return err
	}

	return a.out.writeJSON(doc)
}

// countingWriter passes writes on to w and counts the bytes written.
type countingWriter struct {
	w       io.Writer
	written int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.written += int64(n)
	return n, err
}

// writeLogText writes log text, ending it with a line break.
func writeLogText(w io.Writer, text string) error {
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}

	_, err := io.WriteString(w, text)
	return err
}
