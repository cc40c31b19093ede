package cli

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/servicestage-go/servicestage"
)

// field is one "Label: value" line of a block of text.
type field struct {
	label string
	value string
}

// writeBlock writes the fields that have a value, with aligned values.
func writeBlock(w io.Writer, fields []field) error {
	table := newTable(w)
	for _, f := range fields {
		if f.value != "" {
			fmt.Fprintf(table, "%s:\t%s\n", f.label, printable(f.value))
		}
	}

	return table.Flush()
}

// writeBuildBlock writes every field of build that is set.
func writeBuildBlock(w io.Writer, build *servicestage.Build) error {
	return writeBlock(w, []field{
		{"Build ID", build.BuildID},
		{"Job", jobLabel(build.JobName, build.JobID)},
		{"Index", numberText(int64(build.Index))},
		{"State", string(build.State)},
		{"Started", build.StartedAt.String()},
		{"Ended", build.EndedAt.String()},
		{"Duration", buildDuration(build)},
		{"Type", string(build.Type)},
		{"Creator", build.Creator},
		{"Repository", joinSet(" ", string(build.RepoType), build.RepoWebURL, build.Repo)},
		{"Branch", build.Branch},
		{"Commit", commitText(build)},
		{"Language", build.Language},
		{"Base image", build.BaseImage},
		{"Images", strings.Join(build.SWRRepository.Values(), ", ")},
	})
}

// writeBuildTable writes one line for each build.
func writeBuildTable(w io.Writer, builds []*servicestage.Build) error {
	table := newTable(w)
	writeRow(table, "BUILD ID", "STATE", "JOB", "INDEX")
	for _, b := range builds {
		writeRow(table, b.BuildID, string(b.State), b.JobName, numberText(int64(b.Index)))
	}

	return table.Flush()
}

// writeBuildList writes a job's builds to w, and how many ended and
// succeeded to notes, so that w holds only the table.
func writeBuildList(w, notes io.Writer, list *servicestage.BuildList) error {
	table := newTable(w)
	writeRow(table, "BUILD ID", "STATE", "DURATION")
	for _, b := range list.Builds {
		duration := time.Duration(b.DurationSeconds) * time.Second
		writeRow(table, b.BuildID, string(b.State), duration.String())
	}

	if err := table.Flush(); err != nil {
		return err
	}

	_, err := fmt.Fprintf(notes, "%d builds, %d finished, %d successful\n", list.Total,
		list.Finished, list.Successful)
	return err
}

// writeRow writes one table row, with "-" for an empty cell so the
// columns stay aligned.
func writeRow(w io.Writer, cells ...string) {
	for i, cell := range cells {
		if i > 0 {
			fmt.Fprint(w, "\t")
		}

		fmt.Fprint(w, dash(printable(cell)))
	}

	fmt.Fprintln(w)
}

// jobLabel returns "name (id)", or whichever of the two is set.
func jobLabel(name, id string) string {
	if name != "" && id != "" {
		return name + " (" + id + ")"
	}

	return name + id
}

// buildDuration returns how long a finished build ran, or "" when either
// end is unknown.
func buildDuration(build *servicestage.Build) string {
	if !build.StartedAt.Valid() || !build.EndedAt.Valid() {
		return ""
	}

	return build.EndedAt.Time().Sub(build.StartedAt.Time()).Round(time.Second).String()
}

// commitText returns the commit id, its author and its message.
func commitText(build *servicestage.Build) string {
	text := build.CommitID
	if build.Committer != "" {
		text = joinSet(" ", text, "by "+build.Committer)
	}

	if build.CommitComment != "" {
		text = joinSet(": ", text, firstLine(build.CommitComment))
	}

	return text
}

// joinSet joins the non-empty parts with sep.
func joinSet(sep string, parts ...string) string {
	var set []string
	for _, part := range parts {
		if part != "" {
			set = append(set, part)
		}
	}

	return strings.Join(set, sep)
}

// firstLine returns s up to its first line break.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}

// numberText returns n in decimal, or "" for 0, which the service sends
// for a value it does not know.
func numberText(n int64) string {
	if n == 0 {
		return ""
	}

	return fmt.Sprint(n)
}

// dash returns s, or "-" when s is empty, so a table keeps its columns.
func dash(s string) string {
	if s == "" {
		return "-"
	}

	return s
}

// printable replaces control characters with spaces, so text from the
// service can neither break a table's columns nor send escape sequences
// to a terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}

		return r
	}, s)
}
