package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/report"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

const mergeSpec = `version: 1
name: Shop
measurement_id: G-MERGE01
events:
  - name: newsletter_signup
    kind: micro
    trigger:
      form_submit: { selector: "form#newsletter" }
    params:
      form_location: { type: string, required: true, enum: [footer, popup] }
  - name: purchase
    kind: macro
    trigger:
      datalayer: { event: purchase }
    params:
      value: { type: number, required: true }
journeys:
  - name: newsletter from the blog
    start: /blog
    steps:
      - submit: "form#newsletter"
      - expect: newsletter_signup
  - name: checkout
    start: /cart
    steps:
      - click: "#buy"
      - expect: purchase
  - name: popup signup
    start: /
    steps:
      - click: "#popup-open"
      - expect: newsletter_signup
`

// crawlLikeReport builds the report a crawl of mergeSpec gives: each
// journey's steps, real-format hits decoded, the validator's findings.
func crawlLikeReport(t *testing.T, s *spec.Spec) *report.Report {
	t.Helper()
	t0 := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	base := "https://www.google-analytics.com/g/collect?v=2&tid=G-MERGE01&cid=1.2&_p=7&gcs=G111&dl=https%3A%2F%2Fshop.example.test%2F&dt=Shop"
	bodies := []string{
		"en=newsletter_signup&ep.form_location=footer",
		"en=purchase&ep.value=49.99&pr1=idSKU1~nmTee~pr49.99~qt1",
		"en=newsletter_signup&ep.form_location=sidebar&ep.email=jane%40example.com",
	}
	v := validator.New(s, validator.Options{})
	r := &report.Report{Name: s.Name, Spec: s.File}
	for i := range s.Journeys {
		j := &s.Journeys[i]
		at := t0.Add(time.Duration(i) * time.Minute)
		obs := &validator.Observation{Journey: j.Name, Steps: []validator.Step{
			{Index: 0, Kind: j.Steps[0].Kind, Start: at, End: at.Add(time.Second)},
			{Index: 1, Kind: spec.StepExpect, Start: at.Add(time.Second), End: at.Add(2 * time.Second)},
		}}
		h, err := hits.Decode("POST", base, []byte(bodies[i]+"\r\nen=scroll&epn.percent_scrolled=90"), at.Add(500*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		obs.Events = validator.EventsFromHit(h, 0, 0, "https://shop.example.test/")
		r.Journeys = append(r.Journeys, report.NewJourney(j, obs, v.Check(j, obs)))
	}
	return r
}

func writeJSONReport(t *testing.T, path string, r *report.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.Write("json", &b, r, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestReportMerge splits a crawl report into two shard files the way two
// CI jobs print them and merges them with tagspec report merge: the
// merged JSON equals the JSON of the whole crawl, and the exit status and
// summary count every shard's findings.
func TestReportMerge(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "tagspec.yaml")
	if err := os.WriteFile(specPath, []byte(mergeSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	s, diags, err := spec.Parse(specPath, []byte(mergeSpec))
	if err != nil || diag.HasErrors(diags) {
		t.Fatalf("spec: %v %v", err, diags)
	}
	whole := crawlLikeReport(t, s)
	if whole.Failed() != 2 {
		t.Fatalf("the whole report has %d failed journeys, want 2", whole.Failed())
	}
	wantJSON := writeJSONReport(t, filepath.Join(dir, "whole.json"), whole)
	// Shard 1 of 2 holds journeys 1 and 3, shard 2 journey 2, as a
	// round-robin split gives them.
	shard1, shard2 := *whole, *whole
	shard1.Journeys = []report.Journey{whole.Journeys[0], whole.Journeys[2]}
	shard2.Journeys = []report.Journey{whole.Journeys[1]}
	p1, p2 := filepath.Join(dir, "shard-1.json"), filepath.Join(dir, "shard-2.json")
	writeJSONReport(t, p1, &shard1)
	writeJSONReport(t, p2, &shard2)

	t.Run("spec order", func(t *testing.T) {
		out := filepath.Join(dir, "out", "merged.json")
		code, stdout, stderr := runCLI(t, "report", "merge", "--spec", specPath, "-o", out,
			"--report", "junit="+filepath.Join(dir, "out", "junit.xml"), "--report", "html="+filepath.Join(dir, "out", "merged.html"), p1, p2)
		if code != ExitFindings {
			t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantJSON, string(got)); diff != "" {
			t.Errorf("merged JSON differs from the whole crawl's (-whole +merged):\n%s", diff)
		}
		golden.CheckString(t, filepath.Join("testdata", "reportmerge", "summary.txt"), strings.ReplaceAll(stdout, dir, "$DIR"))
		for _, f := range []string{"junit.xml", "merged.html"} {
			if info, err := os.Stat(filepath.Join(dir, "out", f)); err != nil || info.Size() == 0 {
				t.Errorf("%s not written: %v", f, err)
			}
		}
	})
	t.Run("file order", func(t *testing.T) {
		code, stdout, stderr := runCLI(t, "report", "merge", "--format", "json", p2, p1)
		if code != ExitFindings {
			t.Fatalf("exit %d, want 1\nstderr:\n%s", code, stderr)
		}
		ordered := *whole
		ordered.Journeys = []report.Journey{whole.Journeys[1], whole.Journeys[0], whole.Journeys[2]}
		var b bytes.Buffer
		if err := report.Write("json", &b, &ordered, nil); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(b.String(), stdout); diff != "" {
			t.Errorf("merged JSON on stdout (-want +got):\n%s", diff)
		}
	})
	t.Run("clean shards exit 0", func(t *testing.T) {
		clean := filepath.Join(dir, "clean.json")
		one := *whole
		one.Journeys = whole.Journeys[:1]
		writeJSONReport(t, clean, &one)
		code, stdout, stderr := runCLI(t, "report", "merge", clean)
		if code != ExitOK || !strings.Contains(stdout, "1 journey, 0 failed; 0 errors") {
			t.Errorf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
	})

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\"journeys\": [\n  {\"name\": \"x\", \"findings\": [{\"rule\": \"privacy/personal-data-hit\", \"severity\": \"loud\"}]}\n]}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.json")
	if err := os.WriteFile(truncated, []byte(wantJSON[:200]), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"duplicate journey", []string{p1, filepath.Join(dir, "whole.json")}, ExitBadInput,
			`journey "newsletter from the blog" is in both ` + p1 + " and " + filepath.Join(dir, "whole.json")},
		{"bad severity", []string{p1, bad}, ExitBadInput, bad + `: read JSON report: journeys[0].findings[0].severity: "loud" is not error, warning or info`},
		{"truncated", []string{truncated}, ExitBadInput, truncated + ": read JSON report: line "},
		{"missing file", []string{filepath.Join(dir, "nope.json")}, ExitBadInput, "nope.json"},
		{"no files", nil, ExitBadInput, "requires at least 1 arg(s)"},
		{"bad report flag", []string{p1, "--report", "pdf=x.pdf"}, ExitBadInput, `unknown format "pdf"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, append([]string{"report", "merge"}, c.args...)...)
			if code != c.code || !strings.Contains(stderr, c.stderr) {
				t.Errorf("exit %d, want %d\nstderr %q\ndoes not contain %q\nstdout:\n%s", code, c.code, stderr, c.stderr, stdout)
			}
		})
	}
	t.Run("no subcommand", func(t *testing.T) {
		code, _, stderr := runCLI(t, "report")
		if code != ExitBadInput || !strings.Contains(stderr, "needs a subcommand: merge") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
}

// shardedSpec is the example site's spec with two journeys that fail, so
// that the shards have findings to merge.
func shardedSpec() []byte {
	return append(examplesite.Spec(), []byte(`
  - name: pricing event expected on the home page
    start: /
    consent: granted
    steps:
      - expect: pricing_page_view

  - name: pricing page must not count as a pricing view
    start: /pricing
    consent: granted
    steps:
      - expect_none: pricing_page_view
`)...)
}

// verdicts lists each journey of a JSON report with its findings, the
// parts of a report that do not depend on timing.
func verdicts(t *testing.T, doc []byte) []string {
	t.Helper()
	r, err := report.ReadJSON(t.Context(), bytes.NewReader(doc), nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	var out []string
	for _, j := range r.Journeys {
		out = append(out, fmt.Sprintf("%s passed=%v steps=%d", j.Name, j.Passed, len(j.Steps)))
		for _, f := range j.Findings {
			out = append(out, "  "+f.String())
		}
	}
	return out
}

// TestReportMergeOfCrawlShards crawls the example site in real Chromium
// once whole and once in two shards (tagspec crawl --shard 1/2 and 2/2,
// as two CI jobs run it), merges the shards' JSON
// reports with tagspec report merge, and finds the same journeys, verdicts
// and findings, in the same order, as the whole crawl.
func TestReportMergeOfCrawlShards(t *testing.T) {
	srv, err := examplesite.Serve(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	specPath := filepath.Join(dir, "tagspec.yaml")
	if err := os.WriteFile(specPath, shardedSpec(), 0o644); err != nil {
		t.Fatal(err)
	}
	s, diags, err := spec.Load(specPath)
	if err != nil || diag.HasErrors(diags) {
		t.Fatalf("spec: %v %v", err, diags)
	}
	crawl := func(out string, extra ...string) {
		t.Helper()
		args := append([]string{"crawl", specPath, "--base-url", srv.URL, "--report", "json=" + out}, extra...)
		code, _, stderr := runCLI(t, args...)
		if code != ExitFindings && code != ExitOK {
			t.Fatalf("crawl %v: exit %d\n%s", extra, code, stderr)
		}
	}
	whole := filepath.Join(dir, "whole.json")
	shard1, shard2 := filepath.Join(dir, "shard-1.json"), filepath.Join(dir, "shard-2.json")
	crawl(whole)
	// The concurrency differs between the shards: the share must not
	// depend on it.
	crawl(shard1, "--shard", "1/2", "--concurrency", "1")
	crawl(shard2, "--shard", "2/2")
	// Each shard crawled its own half, journeys 1, 3, 5 and 2, 4, 6.
	for k, path := range []string{shard1, shard2} {
		doc, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := report.ReadJSON(t.Context(), bytes.NewReader(doc), nil)
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, j := range r.Journeys {
			got = append(got, j.Name)
		}
		for i := k; i < len(s.Journeys); i += 2 {
			want = append(want, s.Journeys[i].Name)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("shard %d/2 journeys (-want +got):\n%s", k+1, diff)
		}
	}

	merged := filepath.Join(dir, "merged.json")
	code, stdout, stderr := runCLI(t, "report", "merge", "--spec", specPath, "-o", merged, shard1, shard2)
	if code != ExitFindings {
		t.Fatalf("merge: exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	wholeDoc, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	mergedDoc, err := os.ReadFile(merged)
	if err != nil {
		t.Fatal(err)
	}
	want := verdicts(t, wholeDoc)
	if diff := cmp.Diff(want, verdicts(t, mergedDoc)); diff != "" {
		t.Errorf("merged shards differ from the whole crawl (-whole +merged):\n%s", diff)
	}
	failed := 0
	for _, line := range want {
		if strings.Contains(line, "passed=false") {
			failed++
		}
	}
	if len(s.Journeys) != 6 || failed != 2 {
		t.Errorf("whole crawl: %d journeys, %d failed; want 6 and 2:\n%s", len(s.Journeys), failed, strings.Join(want, "\n"))
	}
}
