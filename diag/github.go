package diag

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// WriteGitHub writes one GitHub Actions workflow command per finding, so
// that findings show up as annotations on the pull request:
//
//	::error file=tagspec.yaml,line=12,col=7,title=ga4/event-name-chars::event "sign-up": ...
func WriteGitHub(w io.Writer, fs []Finding) error {
	bw := bufio.NewWriter(w)
	for _, f := range Sorted(fs) {
		WriteGitHubCommand(bw, f.Severity, f.Pos, f.Rule, f.Message)
	}
	return bw.Flush()
}

// WriteGitHubCommand writes one workflow command: ::error for an error,
// ::warning for a warning, ::notice otherwise, located at pos when it has
// a file, with the given title and message. Values are escaped the way the
// Actions runner expects: %, CR and LF everywhere, and also : and , in the
// properties.
func WriteGitHubCommand(w io.Writer, sev Severity, pos Pos, title, message string) {
	cmd := "notice"
	switch sev {
	case SeverityError:
		cmd = "error"
	case SeverityWarning:
		cmd = "warning"
	}
	var props []string
	if pos.File != "" {
		props = append(props, "file="+githubPropertyEscaper.Replace(filepath.ToSlash(pos.File)))
		if pos.Line > 0 {
			props = append(props, "line="+strconv.Itoa(pos.Line))
			if pos.Col > 0 {
				props = append(props, "col="+strconv.Itoa(pos.Col))
			}
		}
	}
	props = append(props, "title="+githubPropertyEscaper.Replace(title))
	fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), githubDataEscaper.Replace(message))
}

var (
	githubDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)
