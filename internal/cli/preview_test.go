package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
)

// These tests run tagspec preview and tagspec crawl --container in process
// in real Chromium against a loopback page with no tracking code. They fail
// (never skip) without a browser.

const previewSpec = `version: 1
name: Preview
measurement_id: G-PREVIEW01
events:
  - name: generate_lead
    kind: macro
    trigger:
      datalayer: { event: lead }
    params:
      plan: { type: string, from: "datalayer:plan" }
      seats: { type: number, from: "datalayer:seats" }
journeys:
  - name: lead on the home page
    start: /
    steps:
      - expect: { event: generate_lead, params: { plan: pro } }
`

// previewSite serves one page that pushes a lead event, and writes the
// spec and its generated container (with extra tags added by edit) to a
// temporary directory.
func previewSite(t *testing.T, edit func(c *templates.Container)) (url, specPath, containerPath string) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><title>Lead</title><script>window.dataLayer = window.dataLayer || [];
dataLayer.push({event: 'lead', plan: 'pro', seats: 3});</script></head><body><h1>Hello</h1>
<button id="more" onclick="dataLayer.push({event: 'lead', plan: 'team', seats: 9})">More</button></body></html>`)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	specPath = filepath.Join(dir, "tagspec.yaml")
	if err := os.WriteFile(specPath, []byte(previewSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	s, diags, err := spec.Parse(specPath, []byte(previewSpec))
	if err != nil || diag.HasErrors(diags) {
		t.Fatalf("spec: %v %v", err, diags)
	}
	c, err := templates.Build(s, templates.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(c)
	}
	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	containerPath = filepath.Join(dir, "container.json")
	if err := os.WriteFile(containerPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return srv.URL, specPath, containerPath
}

// addAdsTag adds a Google Ads conversion tag, a type the runtime does not
// emulate, on the lead trigger.
func addAdsTag(c *templates.Container) {
	v := &c.Version
	v.Tags = append(v.Tags, templates.Tag{TagID: "90", Name: "Ads - lead conversion", Type: "awct",
		FiringTriggerID: v.Tags[1].FiringTriggerID, TagFiringOption: "ONCE_PER_EVENT"})
}

func TestPreviewCommand(t *testing.T) {
	url, _, container := previewSite(t, nil)
	code, stdout, stderr := runCLI(t, "preview", container, "--url", url+"/", "--wait", "300ms", "--click", "#more")
	if code != ExitOK {
		t.Fatalf("exit %d, want 0\nstderr:\n%s\nstdout:\n%s", code, stderr, stdout)
	}
	for _, want := range []string{"3 GA4 events", "page_view", "generate_lead", "G-PREVIEW01", `plan="pro" seats=3`, `plan="team" seats=9`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
}

func TestPreviewUnsupportedTagIsAFinding(t *testing.T) {
	url, _, container := previewSite(t, addAdsTag)
	code, stdout, stderr := runCLI(t, "preview", container, "--url", url+"/", "--wait", "300ms", "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1\nstderr:\n%s", code, stderr)
	}
	want := container + `: error: tag "Ads - lead conversion" (awct): tag type awct is not emulated; it never fires [gtm/container-unsupported]` + "\n"
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
	if !strings.Contains(stdout, `"name": "generate_lead"`) || !strings.Contains(stdout, `"entity": "tag"`) {
		t.Errorf("stdout:\n%s", stdout)
	}
}

func TestPreviewBadInput(t *testing.T) {
	url, specPath, container := previewSite(t, nil)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"preview", specPath, "--url", url}, "not a GTM container export"},
		{[]string{"preview", container, "--url", "ftp://example.test/"}, "want the http(s) URL"},
		{[]string{"preview", container}, "want the http(s) URL"},
		{[]string{"preview", filepath.Join(t.TempDir(), "none.json"), "--url", url}, "no such file"},
	} {
		code, _, stderr := runCLI(t, tc.args...)
		if code != ExitBadInput || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestCrawlWithContainer: crawl --container runs the journeys with the
// container producing the hits; a tag type the runtime does not know is
// one finding naming it, in the summary and in every --report file, and
// the exit status 1.
func TestCrawlWithContainer(t *testing.T) {
	url, specPath, container := previewSite(t, nil)
	code, stdout, stderr := runCLI(t, "crawl", specPath, "--base-url", url, "--container", container)
	if code != ExitOK {
		t.Fatalf("exit %d, want 0\nstderr:\n%s\nstdout:\n%s", code, stderr, stdout)
	}
	url, specPath, container = previewSite(t, addAdsTag)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr = runCLI(t, "crawl", specPath, "--base-url", url, "--container", container,
		"--report", "json="+filepath.Join(out, "r.json"), "--report", "sarif="+filepath.Join(out, "r.sarif"), "--report", "junit="+filepath.Join(out, "r.xml"))
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1\nstderr:\n%s\nstdout:\n%s", code, stderr, stdout)
	}
	if n := strings.Count(stdout+stderr, "[gtm/container-unsupported]"); n != 1 || !strings.Contains(stdout, `tag "Ads - lead conversion" (awct)`) {
		t.Errorf("want one finding naming the awct tag, got %d:\nstdout:\n%s\nstderr:\n%s", n, stdout, stderr)
	}
	for _, name := range []string{"r.json", "r.sarif", "r.xml"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		// JUnit repeats a failure's first message as its summary.
		want := 1
		if name == "r.xml" {
			want = 2
		}
		if n := strings.Count(string(b), "Ads - lead conversion"); n != want {
			t.Errorf("%s names the awct tag %d times, want %d:\n%s", name, n, want, b)
		}
	}
	if !strings.Contains(stdout, "0 failed") {
		t.Errorf("the journey should still pass:\n%s", stdout)
	}
}
