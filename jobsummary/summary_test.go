package jobsummary

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/fuzzbudget"
)

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestBuildUnreadableReports: a report that is missing, empty, not JSON
// or not the report its flag names gives the error verdict, a message
// that says which file and where, and a summary that still says so.
func TestBuildUnreadableReports(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name    string
		opts    Options
		missing bool
		err     string
	}{
		{"missing", Options{Crawl: "crawl.json"}, true, "crawl: no report at crawl.json: the command failed before writing it (see its log)"},
		{"empty", Options{Diff: write(t, dir, "empty.json", "\n")}, false, "diff report empty.json: the file is empty: the command failed before writing its report (see its log)"},
		{"syntax", Options{Lint: write(t, dir, "bad.json", "{\n  \"diagnostics\": [\n    {\"file\": \"a\",,}\n  ]\n}\n")}, false, "lint report bad.json: line 3, column 18: not a tagspec JSON report: invalid character ','"},
		{"wrong type", Options{Lint: write(t, dir, "type.json", `{"diagnostics": [{"line": "twelve"}]}`)}, false, "lint report type.json: line 1, column 35: not a tagspec JSON report: json: cannot unmarshal string"},
		{"other report", Options{Lint: write(t, dir, "diff.json", `{"drift": false, "changes": []}`)}, false, `lint report diff.json: not a tagspec lint JSON report: it has no "diagnostics" list`},
		{"two documents", Options{Diff: write(t, dir, "two.json", `{"drift": false, "changes": []} {}`)}, false, "diff report two.json: line 1, column 33: not a tagspec JSON report: a second JSON document follows the first"},
		{"crawl not a report", Options{Crawl: write(t, dir, "notcrawl.json", `[1, 2]`)}, false, "crawl report notcrawl.json: "},
		{"container", Options{Container: write(t, dir, "gtm.json", `{"containerVersion": 3}`)}, false, "generate gtm report gtm.json: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Dir = dir
			s, err := Build(t.Context(), tc.opts)
			if s == nil {
				t.Fatalf("no summary: %v", err)
			}
			var re *ReadError
			if !errors.As(err, &re) || re.Missing != tc.missing || !strings.HasPrefix(err.Error(), tc.err) {
				t.Fatalf("error %q (missing %v), want one starting %q (missing %v)", err, re != nil && re.Missing, tc.err, tc.missing)
			}
			if s.Verdict != VerdictError || len(s.Checks) != 1 || s.Checks[0].Verdict != VerdictError {
				t.Errorf("verdict %q, checks %+v: want error", s.Verdict, s.Checks)
			}
			var md strings.Builder
			if err := s.WriteMarkdown(&md); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(md.String(), "## tagspec: ⚠️ error\n") || !strings.Contains(md.String(), cell(tc.err)) {
				t.Errorf("the summary does not give the error:\n%s", md.String())
			}
		})
	}
}

// TestMarkdownIsSafe: messages cannot break the table, inject HTML or
// grow the summary without bound, and links go only to files below the
// root.
func TestMarkdownIsSafe(t *testing.T) {
	dir := t.TempDir()
	var diags []string
	for i := range 120 {
		diags = append(diags, fmt.Sprintf(`{"file": "tagspec.yaml", "line": %d, "column": 3, "severity": "warning", "rule": "r|x", "message": "a | b <script>alert(1)</script>\nnext line %s"}`, i+1, strings.Repeat("x", 2000)))
	}
	diags = append(diags, `{"file": "../outside.yaml", "line": 9, "column": 1, "severity": "error", "rule": "r", "message": "outside"}`)
	lint := write(t, dir, "lint.json", `{"diagnostics": [`+strings.Join(diags, ",")+`]}`)
	s, err := Build(t.Context(), Options{Lint: lint, Dir: dir, Root: dir, BlobURL: "https://forge.example/o/r/blob/abc", MaxItems: 200})
	if err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	if err := s.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	for _, bad := range []string{"<script>", "\nnext line"} {
		if strings.Contains(out, bad) {
			t.Errorf("the summary contains %q", bad)
		}
	}
	for _, want := range []string{
		"| warning | [`tagspec.yaml:1:3`](https://forge.example/o/r/blob/abc/tagspec.yaml#L1) | lint | `r\\|x` | a \\| b &lt;script&gt;alert(1)&lt;/script&gt; next line xxx",
		"| error | `../outside.yaml:9:1` | lint | `r` | outside |",
		"x… |\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	for i, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| warning") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 6 {
			t.Errorf("line %d has a broken table row: %.200s", i+1, line)
		}
	}

	s, err = Build(t.Context(), Options{Lint: lint, Dir: dir, MaxItems: 10})
	if err != nil {
		t.Fatal(err)
	}
	md.Reset()
	if err := s.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(md.String(), "\n| warning"); rows != 10 || !strings.Contains(md.String(), "… and 111 more findings: see the reports.") {
		t.Errorf("MaxItems 10 listed %d rows:\n%.2000s", rows, md.String())
	}
}

// TestWriteOutputs: a value with a line break is written as a delimited
// block whose delimiter the value does not contain.
func TestWriteOutputs(t *testing.T) {
	s := &Summary{Outputs: []Output{{"verdict", "pass"}, {"odd", "a\nTAGSPEC_EOF\nb"}}}
	var b strings.Builder
	if err := s.WriteOutputs(&b); err != nil {
		t.Fatal(err)
	}
	want := "verdict=pass\nodd<<TAGSPEC_EOF_1\na\nTAGSPEC_EOF\nb\nTAGSPEC_EOF_1\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

// TestLintFailOn: warnings fail lint unless the threshold is error.
func TestLintFailOn(t *testing.T) {
	dir := t.TempDir()
	lint := write(t, dir, "lint.json", `{"diagnostics": [{"file": "tagspec.yaml", "line": 3, "column": 1, "severity": "warning", "rule": "r", "message": "m"}]}`)
	for failOn, want := range map[string]string{"warning": VerdictFail, "error": VerdictPass, "": VerdictFail} {
		s, err := Build(t.Context(), Options{Lint: lint, LintFailOn: failOn, Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		if s.Verdict != want {
			t.Errorf("fail-on %q: verdict %q, want %q", failOn, s.Verdict, want)
		}
	}
	if _, err := Build(t.Context(), Options{Lint: lint, LintFailOn: "info", Dir: dir}); err == nil {
		t.Error("fail-on info was accepted")
	}
}

func ExampleBuild() {
	dir, _ := os.MkdirTemp("", "jobsummary")
	defer os.RemoveAll(dir)
	_ = os.WriteFile(filepath.Join(dir, "lint.json"), []byte(`{"diagnostics": [
  {"file": "tagspec.yaml", "line": 12, "column": 7, "severity": "error", "rule": "ga4/event-name-chars", "message": "event \"sign-up\": name contains \"-\""}
]}`), 0o644)
	s, err := Build(context.Background(), Options{Lint: "lint.json", Dir: dir, Root: dir, BlobURL: "https://github.com/acme/site/blob/0a1b2c3"})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = s.WriteOutputs(os.Stdout)
	_ = s.WriteMarkdown(os.Stdout)
	// Output:
	// verdict=fail
	// lint-errors=1
	// lint-warnings=0
	// lint-report=lint.json
	// ## tagspec: ❌ fail
	//
	// | check | verdict | result |
	// |---|---|---|
	// | lint | ❌ fail | 1 error, 0 warnings in tagspec.yaml |
	//
	// ### Findings (1)
	//
	// | severity | where | check | rule | message |
	// |---|---|---|---|---|
	// | error | [`tagspec.yaml:12:7`](https://github.com/acme/site/blob/0a1b2c3/tagspec.yaml#L12) | lint | `ga4/event-name-chars` | event "sign-up": name contains "-" |
	//
	// ### Reports
	//
	// - `lint.json`
}

// FuzzBuild: any bytes as any report give a summary, never a panic; an
// error is a *ReadError that names the file; the Markdown and outputs
// are written whatever the input.
func FuzzBuild(f *testing.F) {
	f.Add(uint8(0), []byte(`{"diagnostics": [{"file": "t.yaml", "line": 1, "column": 1, "severity": "error", "rule": "r", "message": "m|<b>"}]}`))
	f.Add(uint8(1), []byte(`{"drift": true, "changes": [{"kind": "event_added", "event": "e", "pos": {"file": "t.yaml", "line": 2, "column": 3}}]}`))
	f.Add(uint8(2), []byte(`{"journeys": [{"name": "j", "passed": false, "steps": [], "findings": [{"rule": "journey/event-missing", "severity": "error", "event": "e", "message": "m", "page": "", "step": 1, "file": "t.yaml:4:5"}], "events": []}]}`))
	f.Add(uint8(3), []byte(`{"spec": "t.yaml", "sessions": 10, "rates": [{"event": "e", "verdict": "within range", "rate": 0.5}], "funnels": [{"name": "f", "biggest_leak": {"from": "a", "to": "b", "drop_off": 0.5}}]}`))
	f.Add(uint8(4), []byte(`{"containerVersion": {"tag": [{"name": "t"}]}}`))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		fuzzbudget.Run(t, data, func() {
			dir := t.TempDir()
			name := write(t, dir, "report.json", string(data))
			opts := Options{Dir: dir, Root: dir, BlobURL: "https://forge.example/b"}
			switch which % 5 {
			case 0:
				opts.Lint = name
			case 1:
				opts.Diff = name
			case 2:
				opts.Crawl = name
			case 3:
				opts.Bench = name
			case 4:
				opts.Container = name
			}
			s, err := Build(t.Context(), opts)
			if s == nil {
				t.Fatalf("no summary: %v", err)
			}
			var re *ReadError
			if err != nil && (!errors.As(err, &re) || re.Path != "report.json") {
				t.Fatalf("error %v does not name the report", err)
			}
			if (err != nil) != (s.Verdict == VerdictError) {
				t.Fatalf("error %v with verdict %q", err, s.Verdict)
			}
			var md, out strings.Builder
			if err := s.WriteMarkdown(&md); err != nil {
				t.Fatal(err)
			}
			if err := s.WriteOutputs(&out); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(md.String(), "<b>") {
				t.Fatalf("HTML in the summary:\n%s", md.String())
			}
		})
	})
}
