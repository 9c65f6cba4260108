package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/validator"
)

// progress prints live crawl progress, normally to stderr. On a terminal it
// keeps one status line up to date and prints a line per finished journey;
// elsewhere (CI logs) it prints one line per step and per journey. It is
// safe for concurrent use by journeys running in parallel; write errors are
// ignored, since progress is only a courtesy.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	tty     bool
	total   int
	done    int
	failed  int
	running int
	last    string
}

// newProgress returns a progress printer for a crawl of total journeys.
// tty says whether w is a terminal.
func newProgress(w io.Writer, tty bool, total int) *progress {
	return &progress{w: w, tty: tty, total: total}
}

// JourneyStarted notes that a journey began.
func (p *progress) JourneyStarted(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running++
	p.last = fmt.Sprintf("%s: started", name)
	if !p.tty {
		fmt.Fprintf(p.w, "journey %q started\n", name)
		return
	}
	p.status()
}

// PageStarted notes that the check of a discovered page began. Outside a
// terminal it prints nothing: a site has hundreds of pages, and the
// verdict line of each says enough.
func (p *progress) PageStarted(url string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running++
	p.last = url + ": started"
	if p.tty {
		p.status()
	}
}

// StepDone notes that step index (0-based, as in validator.Step) of a
// journey finished; errText is empty when it succeeded. It prints the
// 1-based step number used everywhere else; an index below 0 (the start
// page or the journey-level consent, before step 1) prints no number.
func (p *progress) StepDone(journey string, index int, description, errText string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	result := "ok"
	if errText != "" {
		result = "FAILED: " + errText
	}
	p.stepLine(journey, index, description, result)
}

// StepJudged notes that step index (0-based) of a journey ran, and prints
// its verdict: "passed", or "FAILED:" with the messages and rules of errs,
// the error findings of that step (as the journey's report lists them).
func (p *progress) StepJudged(journey string, index int, description string, errs []validator.Finding) {
	p.mu.Lock()
	defer p.mu.Unlock()
	result := "passed"
	if len(errs) > 0 {
		reasons := make([]string, len(errs))
		for i, f := range errs {
			reasons[i] = fmt.Sprintf("%s [%s]", f.Message, f.Rule)
		}
		result = "FAILED: " + strings.Join(reasons, "; ")
	}
	p.stepLine(journey, index, description, result)
}

// stepLine prints (or shows on the status line) the result of a step.
// The caller holds p.mu.
func (p *progress) stepLine(journey string, index int, description, result string) {
	if index < 0 {
		p.last = fmt.Sprintf("%s: %s (before step 1) %s", journey, description, result)
	} else {
		p.last = fmt.Sprintf("%s: step %d %s %s", journey, index+1, description, result)
	}
	if !p.tty {
		fmt.Fprintf(p.w, "  %s\n", p.last)
		return
	}
	p.status()
}

// SetTotal changes how many journeys and pages the crawl runs, when
// discovery has found the site's pages.
func (p *progress) SetTotal(total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total = total
}

// JourneyDone notes that a journey finished and prints its verdict.
func (p *progress) JourneyDone(j *crawler.JourneyResult) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running--
	p.done++
	verdict := "PASS"
	if !j.Passed {
		verdict = "FAIL"
		p.failed++
	}
	line := fmt.Sprintf("%s  %s (%s)", verdict, j.Journey, plural(len(j.Findings), "finding"))
	if p.tty {
		fmt.Fprintf(p.w, "\r\x1b[K%s\n", line)
		p.status()
		return
	}
	fmt.Fprintln(p.w, line)
}

// Close clears the status line.
func (p *progress) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// status redraws the terminal status line. The caller holds p.mu.
func (p *progress) status() {
	line := fmt.Sprintf("[%d/%d done, %d failed, %d running] %s", p.done, p.total, p.failed, p.running, p.last)
	if len(line) > 118 {
		line = line[:117] + "…"
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
}

// progressPrinter forwards crawl progress to a live progress printer on w
// (a status line on a terminal, plain lines in logs).
func progressPrinter(w io.Writer) func(crawler.Progress) {
	var p *progress
	return func(ev crawler.Progress) {
		if p == nil {
			p = newProgress(w, isTerminal(w), ev.Total)
		}
		p.SetTotal(ev.Total)
		switch ev.Kind {
		case crawler.JourneyStarted:
			if ev.Page {
				p.PageStarted(ev.Journey)
			} else {
				p.JourneyStarted(ev.Journey)
			}
		case crawler.StepFinished:
			if ev.Judged {
				p.StepJudged(ev.Journey, ev.Step.Index, ev.Description, ev.Findings)
				break
			}
			p.StepDone(ev.Journey, ev.Step.Index, ev.Description, ev.Step.Error)
		case crawler.JourneyFinished:
			p.JourneyDone(ev.Result)
			if ev.Done == ev.Total {
				p.Close()
			}
		}
	}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
