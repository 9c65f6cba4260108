package diag

import (
	"bufio"
	"io"
	"slices"
)

// Sorted returns a sorted, de-duplicated copy of fs (see Sort); fs is left
// untouched. The printers below print such a copy, so that the output is
// the same whatever order the findings were collected in.
func Sorted(fs []Finding) []Finding {
	return Sort(slices.Clone(fs))
}

// WriteText writes one compiler-style line per finding (see
// Finding.String):
//
//	tagspec.yaml:12:7: error: event "sign-up": name contains "-"; ... [ga4/event-name-chars]
//
// It writes nothing for an empty list. Counts and summaries are the
// caller's business (the CLI prints them on stderr).
func WriteText(w io.Writer, fs []Finding) error {
	bw := bufio.NewWriter(w)
	for _, f := range Sorted(fs) {
		bw.WriteString(f.String())
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
