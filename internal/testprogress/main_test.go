package main

import (
	"strings"
	"testing"
)

// TestProgress feeds a recorded `go test -json` stream: a passing package,
// a failing test with its output, a build failure, a package whose test
// binary died inside a test, and a package that never finished.
func TestProgress(t *testing.T) {
	stream := `{"Action":"start","Package":"github.com/tagspec/tagspec/hits"}
{"Action":"run","Package":"github.com/tagspec/tagspec/hits","Test":"TestDecode"}
{"Action":"output","Package":"github.com/tagspec/tagspec/hits","Test":"TestDecode","Output":"=== RUN   TestDecode\n"}
{"Action":"pass","Package":"github.com/tagspec/tagspec/hits","Test":"TestDecode","Elapsed":0.01}
{"Action":"pass","Package":"github.com/tagspec/tagspec/hits","Elapsed":1.5}
{"Action":"run","Package":"github.com/tagspec/tagspec/crawler","Test":"TestCrawl"}
{"Action":"output","Package":"github.com/tagspec/tagspec/crawler","Test":"TestCrawl","Output":"    crawler_test.go:10: no hit arrived\n"}
{"Action":"fail","Package":"github.com/tagspec/tagspec/crawler","Test":"TestCrawl","Elapsed":3}
{"Action":"fail","Package":"github.com/tagspec/tagspec/crawler","Elapsed":3.2}
# github.com/tagspec/tagspec/lint
lint/check.go:3:1: syntax error
{"Action":"output","Package":"github.com/tagspec/tagspec/lint","Output":"FAIL\tgithub.com/tagspec/tagspec/lint [build failed]\n"}
{"Action":"fail","Package":"github.com/tagspec/tagspec/lint","Elapsed":0}
{"Action":"run","Package":"github.com/tagspec/tagspec/report","Test":"TestHTML"}
{"Action":"run","Package":"github.com/tagspec/tagspec/internal/cli","Test":"TestScripts"}
{"Action":"output","Package":"github.com/tagspec/tagspec/internal/cli","Test":"TestScripts","Output":"race: limit on 8128 simultaneously alive goroutines is exceeded, dying\n"}
{"Action":"output","Package":"github.com/tagspec/tagspec/internal/cli","Output":"FAIL\tgithub.com/tagspec/tagspec/internal/cli\t238.043s\n"}
{"Action":"fail","Package":"github.com/tagspec/tagspec/internal/cli","Elapsed":238}
`
	var out strings.Builder
	p := &progress{out: &out, running: map[string]*pkgState{}}
	if !p.read(strings.NewReader(stream)) {
		t.Fatal("read failed")
	}
	if p.summary() {
		t.Error("summary says everything passed")
	}
	got := out.String()
	for _, want := range []string{
		"ok    hits ",
		"--- FAIL crawler TestCrawl\n    " + "    crawler_test.go:10: no hit arrived\n",
		"FAIL  crawler ",
		"failed: TestCrawl",
		"lint/check.go:3:1: syntax error\n",
		"--- FAIL lint\n    FAIL\tgithub.com/tagspec/tagspec/lint [build failed]\n",
		"--- FAIL internal/cli TestScripts (did not finish)\n    race: limit on 8128 simultaneously alive goroutines is exceeded, dying\n",
		"1 packages passed, 4 failed",
		"failed: crawler, internal/cli, lint, report (no result)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
