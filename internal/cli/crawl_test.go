package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tagspec/tagspec/examplesite"
)

// These tests run the crawl command in process against the example site
// on loopback, in real Chromium. They fail (never skip) without a browser.
// The plain cases (a passing crawl with every report, a failing journey)
// are scripts: testdata/script/crawl_*.txtar.

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

// TestCrawlCommandTimeout crawls a page that never finishes with a 30 s
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
	code, _, stderr := runCLI(t, "crawl", specPath, "--base-url", site, "--timeout", "30s", "--step-timeout", "3m",
		"--report", "json="+reportPath, "--report", "junit="+filepath.Join(dir, "out", "junit.xml"))
	took := time.Since(start)
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d\nstderr:\n%s", code, ExitFindings, stderr)
	}
	// 30 s of crawl (room for the quick journey to pass on a machine so
	// busy that starting the browser takes many seconds) plus the
	// browser's stop. The page that never finishes would otherwise hold
	// the crawl for the 3-minute step timeout; ending well before that
	// shows --timeout cut it short.
	if took > 2*time.Minute {
		t.Errorf("the command took %s with --timeout 30s; without it the hanging page would hold it for the 3m step timeout", took)
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

// TestCrawlBadBaseURL checks that a malformed base URL is bad input (exit
// 2) with a message naming where it came from and what is wrong, before
// any browser starts; well-formed ones get as far as the browser (exit 3
// here, as none exists).
func TestCrawlBadBaseURL(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "example.yaml")
	src := strings.Replace(string(examplesite.Spec()), "\nenvironments:\n", "\nenvironments:\n  broken: { base_url: \"http://127.0.0.1:\" }\n  fine: { base_url: \"http://127.0.0.1:8080\" }\n", 1)
	if err := os.WriteFile(specPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"colon without a port", []string{"--base-url", "http://127.0.0.1:"}, ExitBadInput,
			`--base-url "http://127.0.0.1:": there is a colon after the host but no port: write the port (http://127.0.0.1:8080) or drop the colon`},
		{"no scheme", []string{"--base-url", "127.0.0.1:8080"}, ExitBadInput,
			`--base-url "127.0.0.1:8080": not an absolute URL: start it with http:// or https:// (e.g. http://127.0.0.1:8080)`},
		{"no host", []string{"--base-url", "http://:8080"}, ExitBadInput,
			`--base-url "http://:8080": no host name before the port (e.g. http://127.0.0.1:8080)`},
		{"no host at all", []string{"--base-url", "https:///pricing"}, ExitBadInput,
			`--base-url "https:///pricing": no host name (e.g. https://staging.example.com)`},
		{"port out of range", []string{"--base-url", "http://h.test:99999"}, ExitBadInput,
			`--base-url "http://h.test:99999": port 99999 is out of range: a port is a number from 1 to 65535`},
		{"port zero", []string{"--base-url", "http://h.test:0/"}, ExitBadInput,
			`--base-url "http://h.test:0/": port 0 is out of range: a port is a number from 1 to 65535`},
		{"port not a number", []string{"--base-url", "http://h.test:80x"}, ExitBadInput,
			`--base-url "http://h.test:80x": not a URL: invalid port ":80x" after host`},
		{"query", []string{"--base-url", "http://h.test/shop?lang=en"}, ExitBadInput,
			`--base-url "http://h.test/shop?lang=en": it has a query ("?lang=en"), which the journeys' paths would replace: drop it`},
		{"fragment", []string{"--base-url", "http://h.test/#top"}, ExitBadInput,
			`--base-url "http://h.test/#top": it has a fragment ("#top"), which the journeys' paths would replace: drop it`},
		{"scheme", []string{"--base-url", "ftp://h.test"}, ExitBadInput,
			`--base-url "ftp://h.test": scheme must be http or https`},
		{"environment", []string{"--env", "broken"}, ExitBadInput,
			`environment "broken": base_url "http://127.0.0.1:": there is a colon after the host but no port: write the port (http://127.0.0.1:8080) or drop the colon`},
		// Well-formed: the crawl gets as far as starting the browser.
		{"port", []string{"--base-url", "http://127.0.0.1:8080"}, ExitFailure, "cannot start the browser"},
		{"path prefix and user", []string{"--base-url", "https://qa:pw@staging.example.test:8443/shop/"}, ExitFailure, "cannot start the browser"},
		{"IPv6", []string{"--base-url", "http://[::1]:8080"}, ExitFailure, "cannot start the browser"},
		{"good environment", []string{"--env", "fine"}, ExitFailure, "cannot start the browser"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"crawl", specPath, "--browser", "/nonexistent/chromium"}, c.args...)
			code, stdout, stderr := runCLI(t, args...)
			want := "tagspec: " + c.stderr + "\n"
			if c.code != ExitBadInput {
				if code != c.code || !strings.Contains(stderr, c.stderr) {
					t.Errorf("exit %d, want %d; stderr %q does not contain %q", code, c.code, stderr, c.stderr)
				}
				return
			}
			if code != c.code || stderr != want || stdout != "" {
				t.Errorf("exit %d, want %d\nstderr: %q\n  want: %q\nstdout: %q", code, c.code, stderr, want, stdout)
			}
		})
	}
}

// TestCrawlProgressExpectationVerdicts checks the live progress on stderr:
// the line of a finished expect or expect_none step gives the
// expectation's verdict, the one the final report gives, not just "the
// step ran". The journeys run against the example site's broken pages.
func TestCrawlProgressExpectationVerdicts(t *testing.T) {
	site := serveExample(t)
	dir := t.TempDir()
	specPath := filepath.Join(dir, "tagspec.yaml")
	src := string(examplesite.Spec())
	src = src[:strings.Index(src, "\njourneys:")+1] + `journeys:
  - name: download without content id
    start: /broken/param-missing
    consent: granted
    steps:
      - click: "a.case-study-download"
      - expect: case_study_download
  - name: demo tag removed
    start: /broken/missing
    consent: granted
    steps:
      - fill: { selector: "form#demo-request input[name=company]", value: "Example Industries" }
      - submit: "form#demo-request"
      - wait: { selector: "#thanks" }
      - expect: demo_request
  - name: refusal ignored
    start: /broken/consent-ignored
    consent: denied
    steps:
      - expect_none: pricing_page_view
  - name: pricing visit
    start: /pricing
    consent: granted
    steps:
      - wait: { selector: "#plans" }
      - expect: { event: pricing_page_view, params: { page_path: /pricing } }
      - expect_none: roi_calculator_engaged
`
	if err := os.WriteFile(specPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "crawl", specPath, "--base-url", site, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d\nstderr:\n%s", code, ExitFindings, stderr)
	}
	var doc struct {
		Journeys []struct {
			Name  string `json:"name"`
			Steps []struct {
				Step *int   `json:"step"` // 1-based, as in findings
				Kind string `json:"kind"`
			} `json:"steps"`
			Findings []struct {
				Rule     string `json:"rule"`
				Severity string `json:"severity"`
				Event    string `json:"event"`
				Message  string `json:"message"`
				Step     *int   `json:"step"`
			} `json:"findings"`
		} `json:"journeys"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	// The steps the final report fails, by journey and 1-based step, with
	// the rule of a finding that says why: a hit belongs to the step that
	// sent it (the click sends the download without its content id), an
	// expectation's findings to its expect step.
	wantFailed := map[string]string{
		"download without content id/1": "journey/param-missing",
		"demo tag removed/4":            "journey/event-missing",
		"refusal ignored/1":             "journey/event-unexpected",
	}
	wantPassed := []string{"download without content id/2", "pricing visit/2", "pricing visit/3"}
	// What the final report says of each expect step: its error findings.
	verdict := map[string]string{}
	for _, j := range doc.Journeys {
		for _, st := range j.Steps {
			if st.Step == nil {
				continue
			}
			var reasons []string
			for _, f := range j.Findings {
				if f.Step != nil && *f.Step == *st.Step && f.Severity == "error" {
					reasons = append(reasons, f.Message+" ["+f.Rule+"]")
				}
			}
			key := fmt.Sprintf("%s/%d", j.Name, *st.Step)
			verdict[key] = "passed"
			if len(reasons) > 0 {
				verdict[key] = "FAILED: " + strings.Join(reasons, "; ")
			}
		}
	}
	for key, rule := range wantFailed {
		if v := verdict[key]; !strings.HasPrefix(v, "FAILED: ") || !strings.Contains(v, " ["+rule+"]") {
			t.Fatalf("the final report says %s: %q, want a %s finding (the test spec is wrong)", key, v, rule)
		}
	}
	for _, key := range wantPassed {
		if v := verdict[key]; v != "passed" {
			t.Fatalf("the final report says %s: %q, want it passed (the test spec is wrong)", key, v)
		}
	}
	// The progress line of every step ends in the same verdict.
	progress := map[string]string{} // journey/step -> the progress line after "step N "
	for line := range strings.Lines(stderr) {
		line = strings.TrimSpace(line)
		for _, j := range doc.Journeys {
			if rest, ok := strings.CutPrefix(line, j.Name+": step "); ok {
				num, desc, _ := strings.Cut(rest, " ")
				progress[j.Name+"/"+num] = desc
			}
		}
	}

	for key, want := range verdict {
		line, ok := progress[key]
		if !ok {
			t.Errorf("no progress line for %s\nstderr:\n%s", key, stderr)
			continue
		}
		if strings.HasSuffix(line, " ok") || !strings.HasSuffix(line, " "+want) {
			t.Errorf("progress of %s:\n  %s\nwant it to end in the final report's verdict:\n  %s", key, line, want)
		}
	}
}
