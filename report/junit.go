package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// JUnit XML, as CI dashboards read it: one testsuite for the crawl, a
// "crawl" test case for the crawl's own findings when it has any, a
// test case per journey (failing on the journey's error findings that no
// expectation owns) and one per expect/expect_none step (failing on the
// error findings of that step; skipped when the journey stopped first).
// Discovered pages are a second testsuite, "pages", with one test case per
// page named by its URL. A journey or page that ran more than once says so
// in its system-out ("attempt 1 failed: ..."), the way JUnit consumers
// show a flaky test's reruns.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Time      string      `xml:"time,attr"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

func writeJUnit(w io.Writer, r *Report) error {
	name := r.Name
	if name == "" {
		name = "tagspec crawl"
	}
	suite := junitSuite{Name: name, Time: seconds(r.Duration)}
	if !r.Started.IsZero() {
		suite.Timestamp = r.Started.UTC().Format("2006-01-02T15:04:05")
	}
	if len(r.Findings) > 0 {
		// The crawl's own findings (of no journey) are one test case.
		c := junitCase{Classname: name, Name: "crawl", Time: "0.000"}
		var errs, notes []validator.Finding
		for _, f := range r.Findings {
			if f.Severity == spec.SeverityError {
				errs = append(errs, f)
			} else {
				notes = append(notes, f)
			}
		}
		c.Failure = failure(errs)
		c.SystemOut = lines(notes)
		suite.Cases = append(suite.Cases, c)
	}
	for i := range r.Journeys {
		j := &r.Journeys[i]
		if j.Page != nil {
			continue
		}
		exps := j.Expectations
		if exps == nil {
			exps = executedExpectations(j)
		}
		owned := map[int]bool{}
		for _, e := range exps {
			owned[e.Index] = true
		}
		// The journey case.
		jc := junitCase{Classname: j.Name, Name: r.entryWord() + " " + j.Name, File: j.Pos.File, Line: j.Pos.Line, Time: "0.000"}
		if d := journeyDuration(j); d > 0 {
			jc.Time = seconds(d)
		}
		var errs, notes []validator.Finding
		for _, f := range j.Findings {
			if f.Step != validator.NoStep && owned[f.Step] {
				continue
			}
			if f.Severity == spec.SeverityError {
				errs = append(errs, f)
			} else {
				notes = append(notes, f)
			}
		}
		jc.Failure = failure(errs)
		jc.SystemOut = r.retryLines(j) + lines(notes)
		suite.Cases = append(suite.Cases, jc)
		// One case per expectation.
		for _, e := range exps {
			c := junitCase{Classname: j.Name, Name: fmt.Sprintf("step %d: %s", e.Index+1, e.Description), File: e.Pos.File, Line: e.Pos.Line, Time: "0.000"}
			if e.NotReached {
				c.Skipped = &junitSkipped{Message: "the journey stopped before this step"}
				suite.Cases = append(suite.Cases, c)
				continue
			}
			var errs, notes []validator.Finding
			for _, f := range j.Findings {
				if f.Step != e.Index {
					continue
				}
				if f.Severity == spec.SeverityError {
					errs = append(errs, f)
				} else {
					notes = append(notes, f)
				}
			}
			c.Failure = failure(errs)
			c.SystemOut = lines(notes)
			suite.Cases = append(suite.Cases, c)
		}
	}
	suite.count()
	doc := junitSuites{Name: name, Time: suite.Time, Suites: []junitSuite{suite}}
	if r.hasPages() {
		pages := r.junitPages(suite.Timestamp)
		pages.count()
		doc.Suites = append(doc.Suites, pages)
	}
	for _, s := range doc.Suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitPages builds the "pages" testsuite: a test case per discovered
// page, failing on its error findings.
func (r *Report) junitPages(timestamp string) junitSuite {
	class := r.Name
	if class == "" {
		class = "pages"
	}
	suite := junitSuite{Name: "pages", Timestamp: timestamp}
	var total time.Duration
	for i := range r.Journeys {
		j := &r.Journeys[i]
		if j.Page == nil {
			continue
		}
		c := junitCase{Classname: class, Name: j.Page.URL, Time: "0.000"}
		if d := journeyDuration(j); d > 0 {
			c.Time = seconds(d)
			total += d
		}
		var errs, notes []validator.Finding
		for _, f := range j.Findings {
			if f.Severity == spec.SeverityError {
				errs = append(errs, f)
			} else {
				notes = append(notes, f)
			}
		}
		c.Failure = failure(errs)
		if c.Failure == nil && !j.Passed {
			// A page can fail without an error finding of its own (e.g.
			// when it did not finish); the case must fail all the same.
			msg := "the page did not pass"
			if j.Incomplete && j.Reason != "" {
				msg = "did not finish: " + j.Reason
			}
			c.Failure = &junitFailure{Message: msg, Type: "page"}
		}
		out := r.retryLines(j)
		if j.Incomplete {
			reason := j.Reason
			if reason == "" {
				reason = "the page did not finish loading"
			}
			out += "did not finish: " + reason + "\n"
		}
		c.SystemOut = out + lines(notes)
		suite.Cases = append(suite.Cases, c)
	}
	suite.Time = seconds(total)
	return suite
}

// count fills the suite's totals from its cases.
func (s *junitSuite) count() {
	s.Tests, s.Failures, s.Skipped = 0, 0, 0
	for _, c := range s.Cases {
		s.Tests++
		if c.Failure != nil {
			s.Failures++
		}
		if c.Skipped != nil {
			s.Skipped++
		}
	}
}

// retryLines tells a test case's reruns: "attempt 1 failed: answered HTTP
// 503" for every repeated attempt, then how the last one went.
func (r *Report) retryLines(j *Journey) string {
	n := attemptsOf(j)
	if n <= 1 && len(j.Retried) == 0 {
		return ""
	}
	var b strings.Builder
	for i := range j.Retried {
		fmt.Fprintf(&b, "attempt %d failed: %s\n", i+1, retryReason(j, i))
	}
	verdict := "passed"
	if !j.Passed {
		verdict = "failed"
	}
	fmt.Fprintf(&b, "attempt %d %s", n, verdict)
	if total := r.Retries + 1; total >= n && total > 1 {
		fmt.Fprintf(&b, " (of at most %d)", total)
	}
	b.WriteString("\n")
	return b.String()
}

func journeyDuration(j *Journey) time.Duration {
	if len(j.Steps) == 0 {
		return 0
	}
	start, end := j.Steps[0].Start, j.Steps[len(j.Steps)-1].End
	if start.IsZero() || end.Before(start) {
		return 0
	}
	return end.Sub(start)
}

func failure(fs []validator.Finding) *junitFailure {
	if len(fs) == 0 {
		return nil
	}
	msg := fs[0].Message
	if len(fs) > 1 {
		msg = fmt.Sprintf("%s (and %d more)", msg, len(fs)-1)
	}
	return &junitFailure{Message: msg, Type: fs[0].Rule, Text: lines(fs)}
}

func lines(fs []validator.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(findingLine(f))
		b.WriteByte('\n')
	}
	return b.String()
}

// executedExpectations lists the expectation steps a journey ran, for
// reports built without NewJourney (which also lists those not reached).
func executedExpectations(j *Journey) []Expectation {
	var out []Expectation
	for _, st := range j.Steps {
		if st.Index >= 0 && (st.Kind == spec.StepExpect || st.Kind == spec.StepExpectNone) {
			out = append(out, Expectation{Index: st.Index, Description: st.Description, Pos: st.Pos})
		}
	}
	return out
}
