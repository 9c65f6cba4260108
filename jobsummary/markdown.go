package jobsummary

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/spec"
)

// verdictMark is how a verdict shows in the summary.
var verdictMark = map[string]string{
	VerdictPass:  "✅ pass",
	VerdictFail:  "❌ fail",
	VerdictError: "⚠️ error",
}

// WriteMarkdown writes the job summary: the verdict, a table of the
// checks, the failing journeys, the findings (at most Options.MaxItems,
// each linked to its spec line when Options.BlobURL is set), the
// benchmark's headline and rates, and the report files.
func (s *Summary) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## tagspec: %s\n\n", verdictMark[s.Verdict])
	if len(s.Checks) == 0 {
		bw.WriteString("No check ran.\n\n")
	} else {
		bw.WriteString("| check | verdict | result |\n|---|---|---|\n")
		for _, c := range s.Checks {
			fmt.Fprintf(bw, "| %s | %s | %s |\n", c.Name, verdictMark[c.Verdict], cell(c.Result))
		}
		bw.WriteString("\n")
	}

	if len(s.Journeys) > 0 {
		fmt.Fprintf(bw, "### Failing journeys (%d)\n\n", len(s.Journeys))
		for i, j := range s.Journeys {
			if i == s.opts.MaxItems {
				fmt.Fprintf(bw, "- and %d more: see the crawl report\n", len(s.Journeys)-i)
				break
			}
			fmt.Fprintf(bw, "- **%s**", inline(j.Name))
			if j.Pos.File != "" {
				fmt.Fprintf(bw, " (%s)", s.link(j.Pos))
			}
			if j.Reason != "" {
				fmt.Fprintf(bw, ": %s", inline(j.Reason))
			}
			bw.WriteString("\n")
		}
		bw.WriteString("\n")
	}

	if len(s.Findings) > 0 {
		fmt.Fprintf(bw, "### Findings (%d)\n\n", len(s.Findings))
		bw.WriteString("| severity | where | check | rule | message |\n|---|---|---|---|---|\n")
		for i, f := range s.Findings {
			if i == s.opts.MaxItems {
				fmt.Fprintf(bw, "\n… and %d more findings: see the reports.\n", len(s.Findings)-i)
				break
			}
			where := ""
			if f.Pos.File != "" {
				where = s.link(f.Pos)
			}
			if f.Where != "" {
				if where != "" {
					where += "<br>"
				}
				where += cell(f.Where)
			}
			fmt.Fprintf(bw, "| %s | %s | %s | `%s` | %s |\n", f.Severity, where, f.Check, code(f.Rule), cell(f.Message))
		}
		bw.WriteString("\n")
	}

	if r := s.Bench; r != nil {
		fmt.Fprintf(bw, "### Benchmark\n\n**%s**\n\n", cell(BenchHeadline(r)))
		if len(r.Rates) > 0 {
			bw.WriteString("| event | rate | 95% interval | verdict | range |\n|---|---|---|---|---|\n")
			for _, rt := range r.Rates {
				rate, ci := "-", "-"
				if rt.Verdict != benchmark.VerdictNoData {
					rate, ci = percent(rt.Rate), percent(rt.CILow)+"–"+percent(rt.CIHigh)
				}
				fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n", cell(rt.Event), rate, ci, cell(rt.Verdict), cell(benchmark.RangeText(rt.Range)))
			}
			bw.WriteString("\n")
		}
		for _, f := range r.Funnels {
			if l := f.BiggestLeak; l != nil {
				fmt.Fprintf(bw, "- funnel **%s** (%s): the biggest leak is %s → %s, losing %s\n", inline(f.Name), f.Variant, inline(l.From), inline(l.To), percent(l.DropOff))
			}
		}
		for _, p := range r.Problems {
			fmt.Fprintf(bw, "- data problem: %s\n", inline(p.Message))
		}
		if len(r.Funnels)+len(r.Problems) > 0 {
			bw.WriteString("\n")
		}
	}

	var files []string
	for _, c := range s.Checks {
		if c.Verdict != VerdictError {
			files = append(files, c.Report)
		}
	}
	for _, f := range s.Files {
		files = append(files, f.Path)
	}
	if len(files) > 0 {
		bw.WriteString("### Reports\n\n")
		for _, f := range files {
			fmt.Fprintf(bw, "- `%s`\n", code(s.display(f)))
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}

// link is pos as Markdown: a link to the line on the forge when the file
// is below Options.Root and Options.BlobURL is set, else the position in
// code style.
func (s *Summary) link(pos spec.Pos) string {
	text := "`" + code(pos.String()) + "`"
	if s.opts.BlobURL == "" || pos.File == "" {
		return text
	}
	rel, ok := s.inRoot(pos.File)
	if !ok {
		return text
	}
	u := strings.TrimRight(s.opts.BlobURL, "/") + "/" + (&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath()
	if pos.Line > 0 {
		u += fmt.Sprintf("#L%d", pos.Line)
	}
	return "[" + text + "](" + u + ")"
}

// inRoot returns path relative to Options.Root (default Options.Dir), and
// whether it is below it.
func (s *Summary) inRoot(path string) (string, bool) {
	root := s.opts.Root
	if root == "" {
		root = s.abs(".")
	}
	absFile, err1 := filepath.Abs(s.abs(path))
	absRoot, err2 := filepath.Abs(root)
	if err1 != nil || err2 != nil {
		return "", false
	}
	rel, err := filepath.Rel(absRoot, absFile)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}

// display is path as the summary shows it: relative to the repository's
// root when it is below it (the runner's absolute paths say little).
func (s *Summary) display(path string) string {
	if rel, ok := s.inRoot(path); ok {
		return filepath.ToSlash(rel)
	}
	return path
}

// cell makes text safe in a Markdown table cell: one line, no table pipe,
// no HTML, at most maxMessageRunes.
func cell(s string) string {
	return strings.ReplaceAll(inline(s), "|", `\|`)
}

// inline makes text safe in a line of Markdown: one line, no HTML, at most
// maxMessageRunes.
func inline(s string) string {
	if utf8.RuneCountInString(s) > maxMessageRunes {
		s = string([]rune(s)[:maxMessageRunes]) + "…"
	}
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// code makes text safe between single backticks in a table.
func code(s string) string {
	return strings.NewReplacer("`", "'", "|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

func percent(x float64) string { return fmt.Sprintf("%.2f%%", x*100) }

// WriteOutputs writes the outputs in the format of GitHub Actions'
// $GITHUB_OUTPUT file: name=value lines, and name<<DELIMITER blocks for a
// value with a line break, with a delimiter the value does not contain.
func (s *Summary) WriteOutputs(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, o := range s.Outputs {
		if !strings.ContainsAny(o.Value, "\r\n") {
			fmt.Fprintf(bw, "%s=%s\n", o.Name, o.Value)
			continue
		}
		delim := "TAGSPEC_EOF"
		for n := 1; strings.Contains(o.Value, delim); n++ {
			delim = fmt.Sprintf("TAGSPEC_EOF_%d", n)
		}
		fmt.Fprintf(bw, "%s<<%s\n%s\n%s\n", o.Name, delim, o.Value, delim)
	}
	return bw.Flush()
}
