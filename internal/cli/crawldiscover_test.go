package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/examplesite"
)

// crawlDoc is the part of a JSON crawl report these tests compare.
type crawlDoc struct {
	Journeys []struct {
		Name       string `json:"name"`
		Passed     bool   `json:"passed"`
		Incomplete bool   `json:"incomplete"`
		Findings   []struct {
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			Event    string `json:"event"`
			Message  string `json:"message"`
		} `json:"findings"`
	} `json:"journeys"`
}

func readCrawlDoc(t *testing.T, path string) crawlDoc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d crawlDoc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

// pageFindings lists "page: severity rule event: message" per finding, in
// report order.
func (d crawlDoc) pageFindings() []string {
	var out []string
	for _, j := range d.Journeys {
		out = append(out, fmt.Sprintf("%s passed=%v", j.Name, j.Passed))
		for _, f := range j.Findings {
			out = append(out, fmt.Sprintf("  %s %s %s: %s", f.Severity, f.Rule, f.Event, f.Message))
		}
	}
	return out
}

// TestCrawlDiscoverShards checks a share of the audit site in two CI-style
// shards and merges their JSON reports: the merged report has the same
// pages and findings as one unsharded crawl, and each page was checked by
// exactly one shard.
func TestCrawlDiscoverShards(t *testing.T) {
	srv, err := examplesite.ServeAudit(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	dir := t.TempDir()
	specPath := filepath.Join(dir, "audit.yaml")
	if err := os.WriteFile(specPath, examplesite.AuditSpec(), 0o644); err != nil {
		t.Fatal(err)
	}
	crawl := func(name string, extra ...string) string {
		out := filepath.Join(dir, name+".json")
		args := append([]string{"crawl", specPath, "--base-url", srv.URL, "--discover", "--max-pages", "60", "--concurrency", "3",
			"--report", "json=" + out}, extra...)
		code, _, stderr := runCLI(t, args...)
		if code != ExitFindings {
			t.Fatalf("%s: exit %d, want %d (the site has seeded problems)\n%s", name, code, ExitFindings, stderr)
		}
		return out
	}
	whole := crawl("whole")
	one := crawl("shard1", "--shard", "1/2")
	two := crawl("shard2", "--shard", "2/2")
	merged := filepath.Join(dir, "merged.json")
	if code, _, stderr := runCLI(t, "report", "merge", one, two, "--report", "json="+merged); code != ExitFindings {
		t.Fatalf("report merge: exit %d\n%s", code, stderr)
	}
	w, m := readCrawlDoc(t, whole), readCrawlDoc(t, merged)
	if len(w.Journeys) != 60 {
		t.Errorf("unsharded crawl checked %d pages, want 60", len(w.Journeys))
	}
	errors := 0
	for _, j := range w.Journeys {
		errors += len(j.Findings)
	}
	if errors == 0 {
		t.Error("the unsharded crawl found nothing on 60 pages of the audit site")
	}
	if diff := cmp.Diff(w.pageFindings(), m.pageFindings()); diff != "" {
		t.Errorf("merged shards differ from one crawl (-whole +merged):\n%s", diff)
	}
	n1, n2 := len(readCrawlDoc(t, one).Journeys), len(readCrawlDoc(t, two).Journeys)
	if n1 == 0 || n2 == 0 || n1+n2 != 60 {
		t.Errorf("shards checked %d and %d pages, want two non-empty shares of 60", n1, n2)
	}
}

// TestCrawlDiscoverTimeout discovers a site with a page whose document
// never finishes: with --timeout 8s the command ends within 10 s of its
// start, browser start included, exits 1 and writes every report, the
// pages that finished judged and the others incomplete.
func TestCrawlDiscoverTimeout(t *testing.T) {
	quit := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		var links strings.Builder
		for i := range 12 {
			fmt.Fprintf(&links, `<a href="/p/%d">page %d</a> `, i, i)
		}
		fmt.Fprintf(w, `<!doctype html><title>hub</title><a href="/endless">endless</a> %s`, links.String())
	})
	mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>page</title><p>fine</p>`)
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		// The head arrives (discovery sees an HTML page); the body never ends.
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<!doctype html><title>endless</title><p>loading`)
		w.(http.Flusher).Flush()
		if !strings.Contains(r.UserAgent(), "Chrome") {
			return
		}
		select {
		case <-r.Context().Done():
		case <-quit:
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { close(quit); srv.Close() })
	dir := t.TempDir()
	specPath := filepath.Join(dir, "tagspec.yaml")
	if err := os.WriteFile(specPath, []byte(stopSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	jsonPath, junitPath := filepath.Join(dir, "out", "crawl.json"), filepath.Join(dir, "out", "junit.xml")
	start := time.Now()
	code, _, stderr := runCLI(t, "crawl", specPath, "--base-url", srv.URL, "--journey", "quick page", "--discover",
		"--timeout", "30s", "--step-timeout", "3m", "--concurrency", "1", "--report", "json="+jsonPath, "--report", "junit="+junitPath)
	took := time.Since(start)
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d\n%s", code, ExitFindings, stderr)
	}
	// /endless would hold the crawl for the 3-minute step timeout; ending
	// well before that shows --timeout cut it short, with room for the
	// browser's start and stop on a busy machine.
	if took > 2*time.Minute {
		t.Errorf("the command took %s with --timeout 30s; without it /endless would hold it for the 3m step timeout", took)
	}
	d := readCrawlDoc(t, jsonPath)
	var incomplete, judged int
	for _, j := range d.Journeys {
		cut := j.Incomplete
		for _, f := range j.Findings {
			cut = cut || f.Rule == "journey/incomplete"
		}
		if cut {
			incomplete++
		} else {
			judged++
		}
	}
	// The journey and the hub finish; /endless hangs until the timeout and
	// every page queued behind it is incomplete.
	if len(d.Journeys) != 15 || judged < 2 || incomplete < 2 {
		t.Errorf("report: %d entries, %d judged, %d incomplete; want 15 with the hub judged and /endless incomplete", len(d.Journeys), judged, incomplete)
	}
	if info, err := os.Stat(junitPath); err != nil || info.Size() == 0 {
		t.Errorf("JUnit report not written: %v", err)
	}
}

// TestCrawlDiscoverNoBrowser: with --discover as without it, a browser
// that cannot start is one clear error, exit 3, saying how to install one.
func TestCrawlDiscoverNoBrowser(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "audit.yaml")
	if err := os.WriteFile(specPath, examplesite.AuditSpec(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "crawl", specPath, "--base-url", "http://127.0.0.1:9", "--discover", "--browser", "/nonexistent/chromium")
	if code != ExitFailure || !strings.Contains(stderr, "apt-get install chromium") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || stdout != "" {
		t.Errorf("exit %d, want %d with one line saying how to install Chromium; stderr:\n%s\nstdout:\n%s", code, ExitFailure, stderr, stdout)
	}
}

// TestCrawlDiscoverFlags checks the discovery flags' errors, before any
// browser starts.
func TestCrawlDiscoverFlags(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "audit.yaml")
	if err := os.WriteFile(specPath, examplesite.AuditSpec(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--max-pages", "0"}, "--max-pages 0: want 1 or more"},
		{[]string{"--depth", "-1"}, "--depth -1: want 0 (no limit) or more"},
		{[]string{"--include", "("}, `--include "(": not a regular expression`},
		{[]string{"--exclude", "[a"}, `--exclude "[a": not a regular expression`},
		{[]string{"--retries", "-2"}, "--retries -2: want 0 or more"},
	} {
		args := append([]string{"crawl", specPath, "--base-url", "http://127.0.0.1:9", "--discover", "--browser", "/nonexistent/chromium"}, c.args...)
		code, _, stderr := runCLI(t, args...)
		if code != ExitBadInput || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, want %d with %q; stderr:\n%s", c.args, code, ExitBadInput, c.want, stderr)
		}
	}
}
