// Command testprogress turns `go test -json` into the lines a person wants
// while the suite runs: each package as it finishes, with its time; the
// output of every failed test, in full, when it fails; every 30 seconds
// the packages still running; and a summary at the end. scripts/test.sh
// pipes the suite through it. It exits 1 when any test or package failed
// (or the stream broke off), so the pipeline's status is the suite's.
//
//	go test -json ./... 2>&1 | go run ./internal/testprogress
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

type pkgState struct {
	started time.Time
	tests   int
	failed  []string
	output  map[string]*strings.Builder // per test ("" for the package), kept until it passes
}

type progress struct {
	mu      sync.Mutex
	out     io.Writer
	start   time.Time
	running map[string]*pkgState
	passed  int
	failed  []string
	skipped int
}

func main() {
	p := &progress{out: os.Stdout, start: time.Now(), running: map[string]*pkgState{}}
	stop := make(chan struct{})
	go p.heartbeat(stop, 30*time.Second)
	ok := p.read(os.Stdin)
	close(stop)
	if !p.summary() || !ok {
		os.Exit(1)
	}
}

// read consumes the JSON stream. Lines that are not JSON (build errors
// printed by go test itself) are shown as they come.
func (p *progress) read(r io.Reader) bool {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(p.out, "%s\n", line)
			continue
		}
		p.handle(e)
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(p.out, "testprogress: reading the test output: %v\n", err)
		return false
	}
	return true
}

func (p *progress) state(pkg string) *pkgState {
	s := p.running[pkg]
	if s == nil {
		s = &pkgState{started: time.Now(), output: map[string]*strings.Builder{}}
		p.running[pkg] = s
	}
	return s
}

func (p *progress) handle(e event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e.Package == "" {
		return
	}
	s := p.state(e.Package)
	switch e.Action {
	case "output":
		b := s.output[e.Test]
		if b == nil {
			b = &strings.Builder{}
			s.output[e.Test] = b
		}
		if b.Len() < 1<<20 {
			b.WriteString(e.Output)
		}
	case "pass", "fail", "skip":
		if e.Test != "" {
			if e.Action == "fail" {
				s.failed = append(s.failed, e.Test)
				p.printFailure(e.Package, e.Test, s.output[e.Test])
			}
			if !strings.Contains(e.Test, "/") {
				s.tests++
			}
			delete(s.output, e.Test)
			return
		}
		p.finish(e, s)
	}
}

// finish reports a package that ended.
func (p *progress) finish(e event, s *pkgState) {
	delete(p.running, e.Package)
	name := strings.TrimPrefix(e.Package, "github.com/tagspec/tagspec/")
	switch {
	case e.Action == "skip" || e.Action == "pass" && s.tests == 0:
		p.skipped++
		return
	case e.Action == "pass":
		p.passed++
		fmt.Fprintf(p.out, "ok    %-40s %6.1fs  %d tests   [%s]\n", name, e.Elapsed, s.tests, p.clock())
	default:
		p.failed = append(p.failed, name)
		if len(s.failed) == 0 {
			// The package failed outside a test: a build error, a panic,
			// a timeout.
			p.printFailure(e.Package, "", s.output[""])
		}
		// Tests that started and never ended: the test binary died
		// while they ran (a fatal error, the race detector's goroutine
		// limit, an os.Exit), and what it printed is in their output.
		var unfinished []string
		for test, out := range s.output {
			if test != "" && out.Len() > 0 {
				unfinished = append(unfinished, test)
			}
		}
		slices.Sort(unfinished)
		for _, test := range unfinished {
			p.printFailure(e.Package, test+" (did not finish)", s.output[test])
		}
		fmt.Fprintf(p.out, "FAIL  %-40s %6.1fs  %d tests, failed: %s   [%s]\n", name, e.Elapsed, s.tests, strings.Join(s.failed, ", "), p.clock())
	}
}

func (p *progress) printFailure(pkg, test string, out *strings.Builder) {
	name := strings.TrimPrefix(pkg, "github.com/tagspec/tagspec/")
	if test != "" {
		name += " " + test
	}
	fmt.Fprintf(p.out, "--- FAIL %s\n", name)
	if out != nil {
		fmt.Fprint(p.out, indent(out.String()))
	}
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "    " + l
	}
	return strings.Join(lines, "\n") + "\n"
}

func (p *progress) clock() string {
	return time.Since(p.start).Round(time.Second).String()
}

// heartbeat prints the packages still running, so a long quiet stretch
// says what it is waiting for.
func (p *progress) heartbeat(stop <-chan struct{}, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			p.mu.Lock()
			var names []string
			for pkg, s := range p.running {
				names = append(names, fmt.Sprintf("%s (%s)", strings.TrimPrefix(pkg, "github.com/tagspec/tagspec/"), time.Since(s.started).Round(time.Second)))
			}
			slices.Sort(names)
			if len(names) > 0 {
				fmt.Fprintf(p.out, "...   still running after %s: %s\n", p.clock(), strings.Join(names, ", "))
			}
			p.mu.Unlock()
		}
	}
}

// summary prints the totals and reports whether everything passed.
func (p *progress) summary() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for pkg := range p.running {
		// The stream ended with packages that never finished.
		p.failed = append(p.failed, strings.TrimPrefix(pkg, "github.com/tagspec/tagspec/")+" (no result)")
	}
	fmt.Fprintf(p.out, "\n%d packages passed, %d failed, %d without tests, in %s\n", p.passed, len(p.failed), p.skipped, p.clock())
	if len(p.failed) > 0 {
		slices.Sort(p.failed)
		fmt.Fprintf(p.out, "failed: %s\n", strings.Join(p.failed, ", "))
		return false
	}
	return true
}
