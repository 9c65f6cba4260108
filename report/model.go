package report

import (
	"context"
	"fmt"
	"os"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// NewJourney builds the report of one journey from what was observed and
// what the validator found. Steps get their descriptions and positions
// from the spec journey j. The journey passes when no finding is an error.
func NewJourney(j *spec.Journey, obs *validator.Observation, findings []validator.Finding) Journey {
	out := Journey{
		Name:       j.Name,
		Passed:     !diag.HasErrors(findings),
		Findings:   findings,
		Events:     obs.Events,
		Incomplete: obs.Incomplete,
		Reason:     obs.Reason,
		Pos:        j.Pos,
	}
	for _, st := range obs.Steps {
		rs := Step{Step: st, Description: st.Kind, Pos: j.Pos}
		switch {
		case st.Index >= 0 && st.Index < len(j.Steps):
			rs.Description = validator.DescribeStep(&j.Steps[st.Index])
			rs.Pos = j.Steps[st.Index].Pos
		case st.Kind == spec.StepConsent:
			// The journey-level consent decision, made before step 1.
			rs.Description = fmt.Sprintf("consent %s (journey setting)", j.Consent)
		case st.Kind == spec.StepVisit:
			rs.Description = "open " + j.Start
		}
		out.Steps = append(out.Steps, rs)
	}
	// Expectations that never ran are listed too, so that every printer can
	// show them as not reached.
	ran := map[int]bool{}
	for _, st := range obs.Steps {
		ran[st.Index] = true
	}
	for i := range j.Steps {
		sp := &j.Steps[i]
		if (sp.Kind == spec.StepExpect || sp.Kind == spec.StepExpectNone) && !ran[i] {
			out.Expectations = append(out.Expectations, Expectation{Index: i, Description: validator.DescribeStep(sp), Pos: sp.Pos, NotReached: true})
		} else if sp.Kind == spec.StepExpect || sp.Kind == spec.StepExpectNone {
			out.Expectations = append(out.Expectations, Expectation{Index: i, Description: validator.DescribeStep(sp), Pos: sp.Pos})
		}
	}
	redact(&out, j)
	return out
}

// Expectation is one expect or expect_none step of a journey, for printers
// that list expectations (JUnit has a test case per expectation).
type Expectation struct {
	Index       int // step index in the spec journey
	Description string
	Pos         spec.Pos
	// NotReached is set when the journey stopped before this step.
	NotReached bool
}

// LoadScreenshots reads the screenshot files of failed steps that are not
// yet in memory, so that the HTML report can embed them. Missing files are
// reported as an error after every other file was read.
func LoadScreenshots(ctx context.Context, r *Report) error {
	var firstErr error
	for ji := range r.Journeys {
		for si := range r.Journeys[ji].Steps {
			st := &r.Journeys[ji].Steps[si]
			if st.Screenshot == "" || len(st.ScreenshotPNG) > 0 {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			data, err := os.ReadFile(st.Screenshot)
			if err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("journey %q step %d: screenshot: %w", r.Journeys[ji].Name, st.Index+1, err)
				}
				continue
			}
			st.ScreenshotPNG = data
		}
	}
	return firstErr
}

// Counts summarises findings by severity.
type Counts struct {
	Errors, Warnings, Infos int
}

// Count returns the number of findings of each severity in the report.
func (r *Report) Count() Counts {
	var c Counts
	add := func(fs []diag.Finding) {
		e, w, i := diag.Count(fs)
		c.Errors, c.Warnings, c.Infos = c.Errors+e, c.Warnings+w, c.Infos+i
	}
	add(r.Findings)
	for i := range r.Journeys {
		add(r.Journeys[i].Findings)
	}
	return c
}
