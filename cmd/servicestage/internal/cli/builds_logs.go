package cli

import (
	"io"
	"strings"

	"github.com/servicestage-go/servicestage"
	"github.com/spf13/cobra"
)

// logDocument is the JSON document of builds logs.
type logDocument struct {
	BuildID string `json:"build_id"`
	Log     string `json:"log"`

	// Next is the offset to pass as --from to read on from this log's end.
	// It is absent under --follow.
	Next *int64 `json:"next,omitempty"`

	// Phases is each phase's state, as the log read reports it. It is
	// absent under --follow.
	Phases []phaseState `json:"phases,omitempty"`

	// State is the build's final state. It is set under --follow only.
	State servicestage.BuildState `json:"state,omitempty"`
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
		Long: "Print the build's log from --from on. With --follow, keep printing it as it " +
			"grows until the build ends; the exit code does not depend on how the build " +
			"ended (use builds wait for that). Under -o json the whole log is printed as " +
			"one document when done.",
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

// printLog reads the log once from offset from.
func (a *app) printLog(cmd *cobra.Command, client *servicestage.Client, buildID string,
	from int) error {
	log, err := client.GetBuildLog(cmd.Context(), buildID, from)
	if err != nil {
		return err
	}

	if !a.out.isJSON() {
		return writeLogText(a.out.w, log.Log)
	}

	next := int64(log.Next)
	doc := logDocument{BuildID: buildID, Log: log.Log, Next: &next}
	for i, name := range log.Phases {
		if i < len(log.PhaseStates) {
			doc.Phases = append(doc.Phases, phaseState{Name: name, State: log.PhaseStates[i]})
		}
	}

	return a.out.writeJSON(doc)
}

// followLog prints the log as it grows until the build ends: to stdout at
// once, or under -o json as one document at the end.
func (a *app) followLog(cmd *cobra.Command, client *servicestage.Client, buildID string,
	wf *waitFlags) error {
	ctx, cancel := wf.context(cmd.Context())
	defer cancel()

	p := newProgress(io.Discard, buildID, false)
	p.start()

	var text strings.Builder
	w := io.Writer(&text)
	if !a.out.isJSON() {
		w = a.out.w
	}

	if err := client.FollowBuildLog(ctx, buildID, w, wf.options(p)...); err != nil {
		return wf.timeoutError(ctx, err, buildID, p)
	}

	if !a.out.isJSON() {
		return nil
	}

	return a.out.writeJSON(logDocument{BuildID: buildID, Log: text.String(),
		State: p.lastState()})
}

// writeLogText writes log text, ending it with a line break.
func writeLogText(w io.Writer, text string) error {
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}

	_, err := io.WriteString(w, text)
	return err
}
