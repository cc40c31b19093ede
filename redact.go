package servicestage

import (
	"io"
	"strconv"
)

// writeFormatted writes text for a Format method: quoted for %q, as is for
// every other verb.
func writeFormatted(w io.Writer, verb rune, text string) {
	if verb == 'q' {
		text = strconv.Quote(text)
	}

	_, _ = io.WriteString(w, text)
}
