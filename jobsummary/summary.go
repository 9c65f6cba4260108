package jobsummary

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/report"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
	"github.com/tagspec/tagspec/validator"
)

// The verdicts of a summary and of each check in it.
const (
	VerdictPass  = "pass"  // every check ran and found nothing that fails
	VerdictFail  = "fail"  // a check found problems
	VerdictError = "error" // a check wrote no report, or its report cannot be read
)

// DefaultMaxItems is how many findings the Markdown summary lists when
// Options.MaxItems is 0; the rest are counted and left to the reports.
const DefaultMaxItems = 50

// maxMessageRunes bounds one message in the summary, which GitHub caps at
// 1 MiB per step.
const maxMessageRunes = 400

// maxJSONBytes bounds a lint, diff or bench report read here; the crawl
// report has report.MaxJSONBytes.
const maxJSONBytes = 256 << 20

// Options names the files to summarise. An empty path means that check
// did not run; a path that names no file means the check ran and failed
// before writing its report.
type Options struct {
	Lint       string     // JSON of tagspec lint (--format json or --report json=PATH)
	LintFailOn string     // "warning" (lint's default) or "error": the lowest severity that fails lint
	Diff       string     // JSON of tagspec diff --format json
	Container  string     // the container tagspec generate gtm wrote
	Crawl      string     // JSON of tagspec crawl or tagspec report merge
	Bench      string     // JSON of tagspec bench
	Spec       *spec.Spec // the crawl's spec, when at hand: restores journey positions
	// Files are further files (SARIF, HTML, JUnit) to list in the summary
	// and set as outputs, each only when it exists.
	Files []File
	// Dir is the directory relative paths are read from; "" is the
	// working directory.
	Dir string
	// Root is the repository's root. A finding in a file below it links
	// to BlobURL + "/" + the file's path from Root + "#L" + line.
	Root    string
	BlobURL string // e.g. https://github.com/OWNER/REPO/blob/SHA; "" for no links
	// MaxItems bounds the findings listed; 0 means DefaultMaxItems.
	MaxItems int
	// Rules turns the rule ids of crawl reports saved by earlier versions
	// into the current ones (report.ReadJSON); nil keeps them as read.
	Rules *diag.Catalog
}

// File is a named file for Options.Files.
type File struct {
	Name string // output name, e.g. lint-sarif
	Path string
}

// Summary is the verdict of one CI run and what led to it.
type Summary struct {
	Verdict  string
	Checks   []Check
	Journeys []Journey // failing journeys and pages, in report order
	Findings []Finding // every finding, lint's first, then diff's, then the crawl's
	Bench    *benchmark.Report
	Outputs  []Output
	Files    []File // the Options.Files that exist

	opts Options
}

// Check is the result of one command.
type Check struct {
	Name    string // lint, generate gtm, diff, crawl, bench
	Verdict string
	Result  string // one line for people
	Report  string // the file read
}

// Journey is a failing journey (or discovered page) of the crawl.
type Journey struct {
	Name   string
	Pos    spec.Pos
	Reason string // why it failed: its first error finding, or why it did not finish
}

// Finding is one finding of any check, for the findings table.
type Finding struct {
	Check    string
	Severity spec.Severity
	Pos      spec.Pos
	Rule     string
	Message  string
	Where    string // journey or page, for crawl findings
}

// Output is one step output.
type Output struct{ Name, Value string }

// ReadError is a report that could not be read. Missing is set when the
// file does not exist: the check ran but failed before writing it.
type ReadError struct {
	Check   string
	Path    string
	Missing bool
	Err     error
}

func (e *ReadError) Error() string {
	if e.Missing {
		return fmt.Sprintf("%s: no report at %s: the command failed before writing it (see its log)", e.Check, e.Path)
	}
	return fmt.Sprintf("%s report %s: %v", e.Check, e.Path, e.Err)
}

func (e *ReadError) Unwrap() error { return e.Err }

// Build reads every report Options names and returns the summary. A
// report that is missing or cannot be read makes its check's verdict
// VerdictError (the summary says why) and is returned as a *ReadError, one
// per such report joined with errors.Join, next to a summary that is
// still complete.
func Build(ctx context.Context, opts Options) (*Summary, error) {
	if opts.LintFailOn == "" {
		opts.LintFailOn = "warning"
	}
	if opts.LintFailOn != "warning" && opts.LintFailOn != "error" {
		return nil, fmt.Errorf("lint fail-on %q: use error or warning", opts.LintFailOn)
	}
	if opts.MaxItems <= 0 {
		opts.MaxItems = DefaultMaxItems
	}
	s := &Summary{opts: opts}
	var errs []error
	steps := []struct {
		name, path string
		read       func(context.Context, string) error
	}{
		{"lint", opts.Lint, s.readLint},
		{"generate gtm", opts.Container, s.readContainer},
		{"diff", opts.Diff, s.readDiff},
		{"crawl", opts.Crawl, s.readCrawl},
		{"bench", opts.Bench, s.readBench},
	}
	for _, st := range steps {
		if st.path == "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := st.read(ctx, st.path); err != nil {
			re := &ReadError{Check: st.name, Path: s.display(st.path), Err: err, Missing: errors.Is(err, fs.ErrNotExist)}
			s.Checks = append(s.Checks, Check{Name: st.name, Verdict: VerdictError, Result: re.Error(), Report: st.path})
			errs = append(errs, re)
		}
	}
	for _, f := range opts.Files {
		if _, err := os.Stat(s.abs(f.Path)); err == nil {
			s.Files = append(s.Files, f)
		}
	}
	s.Verdict = VerdictPass
	for _, c := range s.Checks {
		s.Verdict = worse(s.Verdict, c.Verdict)
	}
	s.Outputs = append([]Output{{"verdict", s.Verdict}}, s.Outputs...)
	for _, f := range s.Files {
		s.Outputs = append(s.Outputs, Output{f.Name, f.Path})
	}
	return s, errors.Join(errs...)
}

// worse returns the worse of two verdicts.
func worse(a, b string) string {
	rank := map[string]int{VerdictPass: 0, VerdictFail: 1, VerdictError: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// abs resolves path against Options.Dir.
func (s *Summary) abs(path string) string {
	if filepath.IsAbs(path) || s.opts.Dir == "" {
		return path
	}
	return filepath.Join(s.opts.Dir, path)
}

// readFile reads a report of at most maxJSONBytes.
func (s *Summary) readFile(path string) ([]byte, error) {
	f, err := os.Open(s.abs(path))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxJSONBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxJSONBytes {
		return nil, fmt.Errorf("larger than %d bytes", maxJSONBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("the file is empty: the command failed before writing its report (see its log)")
	}
	return data, nil
}

// decodeJSON decodes one JSON document into v; errors give the line and
// column of the problem.
func decodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return posError(data, se.Offset-1, err) // Offset is just past the bad byte
		case errors.As(err, &te):
			return posError(data, te.Offset, err)
		}
		return fmt.Errorf("not a tagspec JSON report: %w", err)
	}
	if off := dec.InputOffset(); len(bytes.TrimSpace(data[off:])) > 0 {
		rest := data[off:]
		next := off + int64(len(rest)-len(bytes.TrimLeft(rest, " \t\r\n")))
		return posError(data, next, errors.New("a second JSON document follows the first"))
	}
	return nil
}

// posError says at which line and column of data, the byte at off, err
// happened.
func posError(data []byte, off int64, err error) error {
	if off < 0 || off > int64(len(data)) {
		return fmt.Errorf("not a tagspec JSON report: %w", err)
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Errorf("line %d, column %d: not a tagspec JSON report: %w", line, col, err)
}

func (s *Summary) readLint(_ context.Context, path string) error {
	data, err := s.readFile(path)
	if err != nil {
		return err
	}
	var doc struct {
		Diagnostics *[]struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Column   int    `json:"column"`
			Severity string `json:"severity"`
			Rule     string `json:"rule"`
			Message  string `json:"message"`
		} `json:"diagnostics"`
	}
	if err := decodeJSON(data, &doc); err != nil {
		return err
	}
	if doc.Diagnostics == nil {
		return errors.New(`not a tagspec lint JSON report: it has no "diagnostics" list`)
	}
	var errs, warns, infos int
	files := map[string]bool{}
	var fileOrder []string
	for _, d := range *doc.Diagnostics {
		sev := spec.Severity(d.Severity)
		switch sev {
		case spec.SeverityError:
			errs++
		case spec.SeverityWarning:
			warns++
		default:
			infos++
		}
		if d.File != "" && !files[d.File] {
			files[d.File] = true
			fileOrder = append(fileOrder, d.File)
		}
		s.Findings = append(s.Findings, Finding{Check: "lint", Severity: sev, Pos: spec.Pos{File: d.File, Line: d.Line, Col: d.Column}, Rule: d.Rule, Message: d.Message})
	}
	verdict := VerdictPass
	if errs > 0 || warns > 0 && s.opts.LintFailOn == "warning" {
		verdict = VerdictFail
	}
	result := "no problems found"
	if errs+warns+infos > 0 {
		result = fmt.Sprintf("%s, %s", plural(errs, "error"), plural(warns, "warning"))
		if infos > 0 {
			result += ", " + plural(infos, "note")
		}
		result += " in " + strings.Join(fileOrder, ", ")
	}
	s.Checks = append(s.Checks, Check{Name: "lint", Verdict: verdict, Result: result, Report: path})
	s.Outputs = append(s.Outputs, Output{"lint-errors", itoa(errs)}, Output{"lint-warnings", itoa(warns)}, Output{"lint-report", path})
	return nil
}

func (s *Summary) readContainer(_ context.Context, path string) error {
	data, err := s.readFile(path)
	if err != nil {
		return err
	}
	c, err := templates.ParseContainer(data, path)
	if err != nil {
		return err
	}
	v := c.Version
	result := fmt.Sprintf("%s: %s, %s, %s", s.display(path), plural(len(v.Tags), "tag"), plural(len(v.Triggers), "trigger"), plural(len(v.Variables), "variable"))
	s.Checks = append(s.Checks, Check{Name: "generate gtm", Verdict: VerdictPass, Result: result, Report: path})
	s.Outputs = append(s.Outputs, Output{"container", path}, Output{"container-tags", itoa(len(v.Tags))})
	return nil
}

func (s *Summary) readDiff(_ context.Context, path string) error {
	data, err := s.readFile(path)
	if err != nil {
		return err
	}
	var doc struct {
		Drift   *bool              `json:"drift"`
		Changes []templates.Change `json:"changes"`
	}
	if err := decodeJSON(data, &doc); err != nil {
		return err
	}
	if doc.Drift == nil {
		return errors.New(`not a tagspec diff JSON report: it has no "drift" field`)
	}
	verdict, result := VerdictPass, "no drift: the container matches the spec"
	if len(doc.Changes) > 0 {
		verdict, result = VerdictFail, fmt.Sprintf("%s between the spec and the container", plural(len(doc.Changes), "difference"))
	}
	for _, c := range doc.Changes {
		msg := c.String()
		if c.Pos.File != "" {
			msg = strings.TrimPrefix(msg, c.Pos.String()+": ")
		}
		s.Findings = append(s.Findings, Finding{Check: "diff", Severity: spec.SeverityError, Pos: c.Pos, Rule: c.Kind, Message: msg})
	}
	s.Checks = append(s.Checks, Check{Name: "diff", Verdict: verdict, Result: result, Report: path})
	s.Outputs = append(s.Outputs, Output{"drift-changes", itoa(len(doc.Changes))}, Output{"diff-report", path})
	return nil
}

func (s *Summary) readCrawl(ctx context.Context, path string) error {
	data, err := s.readFile(path)
	if err != nil {
		return err
	}
	r, err := report.ReadJSON(ctx, bytes.NewReader(data), s.opts.Rules)
	if err != nil {
		return err
	}
	if s.opts.Spec != nil {
		report.AttachSpec(r, s.opts.Spec)
	}
	var journeys, failedJourneys, pages, failedPages int
	add := func(where string, fs []validator.Finding) {
		for _, f := range fs {
			msg := f.Message
			if f.Step != validator.NoStep {
				msg = fmt.Sprintf("step %d: %s", f.Step+1, msg)
			}
			if f.Page != "" && f.Page != where {
				msg += " on " + f.Page
			}
			s.Findings = append(s.Findings, Finding{Check: "crawl", Severity: f.Severity, Pos: f.Pos, Rule: f.Rule, Message: msg, Where: where})
		}
	}
	add("", r.Findings)
	for i := range r.Journeys {
		j := &r.Journeys[i]
		if j.Page != nil {
			pages++
		} else {
			journeys++
		}
		add(j.Name, j.Findings)
		if j.Passed {
			continue
		}
		if j.Page != nil {
			failedPages++
		} else {
			failedJourneys++
		}
		reason := j.Reason
		for _, f := range j.Findings {
			if f.Severity == spec.SeverityError {
				reason = f.Message
				if f.Step != validator.NoStep {
					reason = fmt.Sprintf("step %d: %s", f.Step+1, reason)
				}
				reason += " [" + f.Rule + "]"
				if j.Reason != "" {
					reason = j.Reason + "; " + reason
				}
				break
			}
		}
		s.Journeys = append(s.Journeys, Journey{Name: j.Name, Pos: j.Pos, Reason: reason})
	}
	c := r.Count()
	verdict := VerdictPass
	if c.Errors > 0 || failedJourneys+failedPages > 0 {
		verdict = VerdictFail
	}
	var parts []string
	if journeys > 0 || pages == 0 {
		parts = append(parts, fmt.Sprintf("%s, %d failed", plural(journeys, "journey"), failedJourneys))
	}
	if pages > 0 {
		parts = append(parts, fmt.Sprintf("%s, %d failed", plural(pages, "page"), failedPages))
	}
	parts = append(parts, fmt.Sprintf("%s, %s", plural(c.Errors, "error"), plural(c.Warnings, "warning")))
	result := strings.Join(parts, "; ")
	if r.BaseURL != "" {
		result += " at " + r.BaseURL
	}
	s.Checks = append(s.Checks, Check{Name: "crawl", Verdict: verdict, Result: result, Report: path})
	s.Outputs = append(s.Outputs,
		Output{"journeys", itoa(journeys)}, Output{"journeys-failed", itoa(failedJourneys)},
		Output{"pages", itoa(pages)}, Output{"pages-failed", itoa(failedPages)},
		Output{"crawl-errors", itoa(c.Errors)}, Output{"crawl-warnings", itoa(c.Warnings)},
		Output{"crawl-report", path})
	return nil
}

func (s *Summary) readBench(_ context.Context, path string) error {
	data, err := s.readFile(path)
	if err != nil {
		return err
	}
	var r benchmark.Report
	if err := decodeJSON(data, &r); err != nil {
		return err
	}
	if r.Rates == nil && r.Spec == "" {
		return errors.New(`not a tagspec bench JSON report: it has neither "spec" nor "rates"`)
	}
	s.Bench = &r
	s.Checks = append(s.Checks, Check{Name: "bench", Verdict: VerdictPass, Result: BenchHeadline(&r), Report: path})
	s.Outputs = append(s.Outputs, Output{"bench-events", itoa(len(r.Rates))}, Output{"bench-report", path})
	return nil
}

// benchVerdicts is the order the headline counts the benchmark's verdicts in.
var benchVerdicts = []string{benchmark.VerdictHighPerformer, benchmark.VerdictAbove, benchmark.VerdictWithin,
	benchmark.VerdictInconclusive, benchmark.VerdictBelow, benchmark.VerdictNoRange, benchmark.VerdictNoData}

// BenchHeadline is the benchmark in one line, e.g. "1200 sessions, 900
// users; 7 events: 3 within range, 1 below range, 3 no data; 2 data
// problems".
func BenchHeadline(r *benchmark.Report) string {
	counts := map[string]int{}
	var other []string
	for _, rt := range r.Rates {
		if counts[rt.Verdict] == 0 && !contains(benchVerdicts, rt.Verdict) {
			other = append(other, rt.Verdict)
		}
		counts[rt.Verdict]++
	}
	var parts []string
	for _, v := range append(append([]string{}, benchVerdicts...), other...) {
		if counts[v] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[v], v))
		}
	}
	h := fmt.Sprintf("%d sessions, %d users; %s", r.Sessions, r.Users, plural(len(r.Rates), "event"))
	if len(parts) > 0 {
		h += ": " + strings.Join(parts, ", ")
	}
	if len(r.Problems) > 0 {
		h += "; " + plural(len(r.Problems), "data problem")
	}
	return h
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func itoa(n int) string { return fmt.Sprint(n) }

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
