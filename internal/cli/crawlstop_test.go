package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const stopSpec = `version: 1
name: stop check
events:
  - name: signup
    kind: micro
    trigger:
      datalayer: { event: signup }
journeys:
  - name: quick page
    start: /quick
    steps:
      - expect_none: signup
  - name: page that never finishes
    start: /hang
    steps:
      - expect_none: signup
  - name: queued behind the hanging page
    start: /quick
    steps:
      - expect_none: signup
`

// TestCrawlSIGTERM runs tagspec crawl as its own process (this test
// binary doubles as tagspec, see TestMain) against a site whose second
// page never finishes loading, sends SIGTERM once the first journey has
// passed and the second is hanging, and checks that the process ends
// within seconds with exit status 1, the stdout summary and every --report
// file written: the finished journey passed, the two others incomplete.
func TestCrawlSIGTERM(t *testing.T) {
	hanging := make(chan struct{}, 1)
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/quick", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<!doctype html><title>quick</title><p>done</p>")
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		// Half a page, then nothing: the load event never comes.
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!doctype html><title>hang</title><p>loading")
		w.(http.Flusher).Flush()
		select {
		case hanging <- struct{}{}:
		default:
		}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })

	dir := t.TempDir()
	specPath := filepath.Join(dir, "tagspec.yaml")
	if err := os.WriteFile(specPath, []byte(stopSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	jsonPath, junitPath := filepath.Join(dir, "out", "crawl.json"), filepath.Join(dir, "out", "junit.xml")
	cmd := exec.Command(exe, "crawl", specPath, "--base-url", srv.URL, "--concurrency", "1",
		"--step-timeout", "2m", "--format", "json", "--report", "json="+jsonPath, "--report", "junit="+junitPath)
	cmd.Args[0] = "tagspec" // run as the tagspec command
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	passed := make(chan struct{})
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(pipe)
		seen := false
		for sc.Scan() {
			stderr.WriteString(sc.Text() + "\n")
			if !seen && strings.HasPrefix(sc.Text(), "PASS  quick page") {
				seen = true
				close(passed)
			}
		}
		io.Copy(io.Discard, pipe)
	}()
	waited := make(chan error, 1)
	kill := func(why string) {
		t.Helper()
		cmd.Process.Kill()
		<-copied
		<-waited
		t.Fatalf("%s\nstderr:\n%s", why, stderr.String())
	}
	go func() {
		<-copied
		waited <- cmd.Wait()
	}()
	// The browser starts and the quick journey passes within seconds; the
	// hanging one then waits on its page.
	for _, c := range []struct {
		ch   <-chan struct{}
		what string
	}{{passed, "the quick journey did not pass"}, {hanging, "the hanging page was not requested"}} {
		select {
		case <-c.ch:
		case <-time.After(60 * time.Second):
			kill(c.what + " within 60 s")
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	select {
	case err = <-waited:
	case <-time.After(90 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("tagspec crawl still running 90 s after SIGTERM\nstderr:\n%s", stderr.String())
	}
	took := time.Since(sent)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != ExitFindings {
		t.Fatalf("exit: %v, want status %d\nstderr:\n%s", err, ExitFindings, stderr.String())
	}
	// Stopping the journeys and the browser and writing the reports takes
	// well under a second on a quiet machine Without the signal the
	// hanging journey would hold the crawl for its 2-minute step timeout;
	// ending well before that shows the signal stopped it, with room for
	// a machine busy enough to take many seconds over the teardown.
	if took > time.Minute {
		t.Errorf("the crawl took %s to end after SIGTERM; without the signal it would have ended after the 2m step timeout", took)
	}
	if !strings.Contains(stderr.String(), "crawl interrupted (terminated signal received): 2 of 3 journeys incomplete") {
		t.Errorf("stderr does not say the crawl was interrupted:\n%s", stderr.String())
	}

	type journey struct {
		Name     string `json:"name"`
		Passed   bool   `json:"passed"`
		Findings []struct {
			Rule    string `json:"rule"`
			Message string `json:"message"`
		} `json:"findings"`
	}
	want := []struct {
		name, incomplete string
	}{
		{"quick page", ""},
		{"page that never finishes", "the crawl was interrupted: terminated signal received"},
		{"queued behind the hanging page", "the crawl was interrupted: terminated signal received before it started"},
	}
	fileJSON, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatalf("JSON report not written: %v\nstderr:\n%s", err, stderr.String())
	}
	for name, doc := range map[string][]byte{"stdout": stdout.Bytes(), "--report json": fileJSON} {
		var r struct{ Journeys []journey }
		if err := json.Unmarshal(doc, &r); err != nil {
			t.Fatalf("%s is not a JSON report: %v\n%s", name, err, doc)
		}
		if len(r.Journeys) != len(want) {
			t.Fatalf("%s: %d journeys, want %d\n%s", name, len(r.Journeys), len(want), doc)
		}
		for i, w := range want {
			j := r.Journeys[i]
			if j.Name != w.name || j.Passed != (w.incomplete == "") {
				t.Errorf("%s: journey %d is %q passed=%v, want %q passed=%v", name, i+1, j.Name, j.Passed, w.name, w.incomplete == "")
			}
			found := false
			for _, f := range j.Findings {
				found = found || f.Rule == "journey/incomplete" && strings.Contains(f.Message, w.incomplete)
			}
			if w.incomplete != "" && !found {
				t.Errorf("%s: journey %q has no journey-incomplete finding saying %q: %+v", name, j.Name, w.incomplete, j.Findings)
			}
		}
	}
	junit, err := os.ReadFile(junitPath)
	if err != nil {
		t.Fatalf("JUnit report not written: %v", err)
	}
	for _, w := range want {
		if !bytes.Contains(junit, []byte(`name="`+w.name+`"`)) {
			t.Errorf("JUnit report has no test case %q:\n%s", w.name, junit)
		}
	}
	if got := bytes.Count(junit, []byte("<failure")); got != 2 {
		t.Errorf("JUnit report has %d failures, want 2 (the incomplete journeys):\n%s", got, junit)
	}
}
