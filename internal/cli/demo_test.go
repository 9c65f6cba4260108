package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDemo runs the README's main command end to end: the example site,
// lint, the GTM container, the crawl in real headless Chromium and the
// benchmark. It fails (never skips) when Chromium cannot run.
func TestDemo(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := Run(t.Context(), []string{"demo", "--out", out}, strings.NewReader(""), &stdout, &stderr)
	if code != ExitOK {
		t.Fatalf("tagspec demo exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	got := stdout.String()
	for _, want := range []string{
		"== 2. tagspec lint",
		"no problems found",
		"== 3. tagspec generate gtm",
		"== 4. tagspec crawl",
		"== 5. tagspec bench",
		"RATES (95% Wilson interval)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("stdout lacks %q:\n%s", want, got)
		}
	}
	m := regexp.MustCompile(`== verdict: (\d+) of (\d+) journeys passed`).FindStringSubmatch(got)
	if m == nil || m[1] != m[2] || m[1] == "0" {
		t.Errorf("verdict line missing or not all journeys passed: %v\n%s", m, got)
	}
	for _, name := range []string{"tagspec.yaml", "gtm-container.json", "tracking-plan.md", "tracking-plan.html",
		"crawl.html", "crawl.json", "crawl-junit.xml", "example-ga4-export.ndjson", "benchmark.html"} {
		p := filepath.Join(out, name)
		info, err := os.Stat(p)
		if err != nil || info.Size() == 0 {
			t.Errorf("%s not written or empty (%v)", name, err)
			continue
		}
		if !strings.Contains(got, p) {
			t.Errorf("the demo does not say where %s is", p)
		}
	}
}
