package cli

import (
	"bytes"
	"io"
	"net/http"
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

// TestDemoServe: tagspec demo --serve prints the example site's URL, serves
// its pages (with and without their own tracking code) until interrupted,
// and then exits 0.
func TestDemoServe(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		wantBoot  bool // the page loads the Google tag stand-in
		wantTitle string
	}{
		{[]string{"demo", "--serve"}, true, "example site serving at http://127.0.0.1:"},
		{[]string{"demo", "--serve", "--no-tracking"}, false, "example site without tracking code serving at http://127.0.0.1:"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			s := startServe(t, tc.args)
			if !strings.Contains(s.out.String(), tc.wantTitle) {
				t.Errorf("output %q lacks %q", s.out.String(), tc.wantTitle)
			}
			resp, err := http.Get(s.url + "/pricing")
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "#plans") && !strings.Contains(string(body), `id="plans"`) {
				t.Fatalf("GET /pricing: %v %d\n%s", err, resp.StatusCode, body)
			}
			if got := strings.Contains(string(body), "boot.js"); got != tc.wantBoot {
				t.Errorf("/pricing loads boot.js: %v, want %v", got, tc.wantBoot)
			}
			s.stop(t)
		})
	}
}
