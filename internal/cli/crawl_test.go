package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tagspec/tagspec/examplesite"
)

// These tests run the crawl command in process against the example site
// on loopback, in real Chromium. They fail (never skip) without a browser.

func serveExample(t *testing.T) string {
	t.Helper()
	srv, err := examplesite.Serve(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv.URL
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(t.Context(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCrawlCommandExample(t *testing.T) {
	site := serveExample(t)
	dir := t.TempDir()
	specPath := filepath.Join(dir, "example.yaml")
	if err := os.WriteFile(specPath, examplesite.Spec(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "crawl", specPath, "--base-url", site, "--format", "json",
		"--report", "junit="+filepath.Join(dir, "out", "junit.xml"),
		"--report", "html="+filepath.Join(dir, "out", "report.html"))
	if code != ExitOK {
		t.Fatalf("exit %d, want 0\nstderr:\n%s\nstdout:\n%s", code, stderr, stdout)
	}
	var doc struct {
		Journeys []struct {
			Name   string `json:"name"`
			Passed bool   `json:"passed"`
		} `json:"journeys"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("stdout is not one JSON document: %v\n%s", err, stdout)
	}
	if len(doc.Journeys) != 4 {
		t.Errorf("%d journeys in the JSON summary, want 4", len(doc.Journeys))
	}
	for _, j := range doc.Journeys {
		if !j.Passed {
			t.Errorf("journey %q did not pass", j.Name)
		}
	}
	for _, f := range []string{"junit.xml", "report.html"} {
		if info, err := os.Stat(filepath.Join(dir, "out", f)); err != nil || info.Size() == 0 {
			t.Errorf("report %s not written: %v", f, err)
		}
	}
	if !strings.Contains(stderr, "PASS") {
		t.Errorf("no live progress on stderr:\n%s", stderr)
	}
}

// TestCrawlCommandTimeout crawls a page that never finishes with a 10 s
// timeout: the command ends in time, exits 1, and the reports hold the
// finished journey.
func TestCrawlCommandTimeout(t *testing.T) {
	site := serveExample(t)
	dir := t.TempDir()
	specPath := filepath.Join(dir, "tagspec.yaml")
	src := `version: 1
name: timeout check
measurement_id: G-TAGSPEC01
consent:
  required: [analytics_storage]
  accept_selector: "#cookie-accept"
  deny_selector: "#cookie-deny"
events:
  - name: pricing_page_view
    kind: micro
    trigger:
      page_view: { path: /pricing }
journeys:
  - name: quick pricing check
    start: /pricing
    consent: granted
    steps:
      - expect: pricing_page_view
  - name: page that never finishes
    start: /broken/never-finishes
    steps:
      - expect: pricing_page_view
`
	if err := os.WriteFile(specPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	reportPath := filepath.Join(dir, "out", "crawl.json")
	start := time.Now()
	code, _, stderr := runCLI(t, "crawl", specPath, "--base-url", site, "--timeout", "10s",
		"--report", "json="+reportPath, "--report", "junit="+filepath.Join(dir, "out", "junit.xml"))
	took := time.Since(start)
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d\nstderr:\n%s", code, ExitFindings, stderr)
	}
	// 10 s of crawl plus the browser's start (about 1-3 s on a busy
	// 2-core machine) and stop.
	if took > 15*time.Second {
		t.Errorf("the command took %s with --timeout 10s", took)
	}
	b, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatalf("the JSON report was not written: %v", err)
	}
	var doc struct {
		Journeys []struct {
			Name   string `json:"name"`
			Passed bool   `json:"passed"`
		} `json:"journeys"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Journeys) != 2 || !doc.Journeys[0].Passed || doc.Journeys[1].Passed {
		t.Errorf("report journeys %+v: want the quick one passed and the hanging one failed", doc.Journeys)
	}
}

func TestCrawlCommandErrors(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "example.yaml")
	if err := os.WriteFile(specPath, examplesite.Spec(), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no browser", []string{"--base-url", "http://127.0.0.1:9", "--browser", "/nonexistent/chromium"}, ExitFailure, "apt-get install chromium"},
		{"bad report format", []string{"--base-url", "http://127.0.0.1:9", "--report", "xml=out.xml"}, ExitBadInput, `unknown format "xml"`},
		{"bad report flag", []string{"--base-url", "http://127.0.0.1:9", "--report", "junit"}, ExitBadInput, "want FORMAT=PATH"},
		{"bad format", []string{"--base-url", "http://127.0.0.1:9", "--format", "xml"}, ExitBadInput, `unknown --format "xml"`},
		{"no base url", []string{"--env", "production", "--base-url", "ftp://example.test"}, ExitBadInput, "scheme must be http or https"},
		{"unknown journey", []string{"--base-url", "http://127.0.0.1:9", "--journey", "nope"}, ExitBadInput, `journey "nope" is not in the spec`},
		{"bad route", []string{"--base-url", "http://127.0.0.1:9", "--route", "nofile"}, ExitBadInput, "want PATTERN=FILE"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append([]string{"crawl", specPath}, c.args...)...)
			if code != c.code || !strings.Contains(stderr, c.stderr) {
				t.Errorf("exit %d, want %d; stderr %q does not contain %q", code, c.code, stderr, c.stderr)
			}
		})
	}
}
