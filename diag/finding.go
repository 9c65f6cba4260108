package diag

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity of a finding.
type Severity string

// Severities, from the most to the least serious.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Pos is a position in a file: file:line:col, 1-based. Line and Col are 0
// when unknown.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"column"`
}

// String formats the position as file:line:col, leaving out what is unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Related is another position a finding involves, with a short label
// saying what is there (for example "first declared here").
type Related struct {
	Pos   Pos
	Label string
}

// NoStep is the Step of a crawl finding that belongs to no journey step
// (what happened before step 1, or the journey as a whole).
const NoStep = -1

// Finding is one problem a tagspec check found: where it is, how serious
// it is, which rule found it and what is wrong. Findings of a crawl also
// say which journey, step, page, event and parameter they concern.
type Finding struct {
	// Pos is where the problem is: the spec line a lint rule or a journey
	// expectation concerns, or another file (a container export). Zero
	// when no file is involved.
	Pos Pos
	// Related are further positions the problem involves.
	Related  []Related
	Severity Severity
	Rule     string // a rule id registered in the owning package's catalogue
	Message  string // what is wrong, for people

	// The context a crawl adds; zero for findings of a spec or a file.

	Journey string // journey name (or the page URL of a discovered page)
	// Step is the 0-based index of the journey step the finding belongs
	// to, or NoStep. It is read only on findings of a crawl (Journey or
	// Page set): the zero value of a spec finding means no step.
	Step  int
	Page  string // page URL where it was observed
	Event string // event name involved
	Param string // parameter name involved
	// EventIndex is the index in the journey's observed events of the
	// event concerned, or -1.
	EventIndex int
	// Personal is the personal data a privacy finding is about, as found,
	// so that reports can mask it wherever else it appears (page URLs,
	// event params). It is never printed or written.
	Personal string `json:"-"`
}

// InCrawl reports whether the finding carries a crawl's context (a
// journey or a page), so that its Step means something.
func (f *Finding) InCrawl() bool { return f.Journey != "" || f.Page != "" }

// HasStep reports whether the finding belongs to a journey step.
func (f *Finding) HasStep() bool { return f.InCrawl() && f.Step != NoStep }

// String formats the finding on one line, the way compilers do:
//
//	tagspec.yaml:12:7: error: event "purchase": param "value" must be a number [schema/type]
//	tagspec.yaml:45:9: error: step 3: expects "sign_up" during step 2, but no GA4 hit carried it [journey/event-missing]
//
// A crawl finding's journey name stands in for the position when no file
// is involved.
func (f Finding) String() string {
	where := f.Pos.String()
	if where == "" {
		where = f.Journey
	}
	step := ""
	if f.HasStep() {
		step = fmt.Sprintf("step %d: ", f.Step+1)
	}
	return fmt.Sprintf("%s: %s: %s%s [%s]", where, f.Severity, step, f.Message, f.Rule)
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Severity == SeverityError })
}

// Count returns how many findings of each severity fs holds.
func Count(fs []Finding) (errors, warnings, infos int) {
	for _, f := range fs {
		switch f.Severity {
		case SeverityError:
			errors++
		case SeverityWarning:
			warnings++
		default:
			infos++
		}
	}
	return errors, warnings, infos
}

// Equal reports whether f and g are the same finding, every field alike.
func (f Finding) Equal(g Finding) bool { return compare(f, g) == 0 && f.Personal == g.Personal }

// Sort sorts findings by file, line, column, rule and message (then by
// the crawl context), and removes exact duplicates. It returns the sorted
// slice, which shares fs's array.
func Sort(fs []Finding) []Finding {
	slices.SortStableFunc(fs, compare)
	return slices.CompactFunc(fs, Finding.Equal)
}

// compare orders two findings; 0 means they are the same finding.
func compare(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Pos.File, b.Pos.File),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Col, b.Pos.Col),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.Severity, b.Severity),
		cmp.Compare(a.Journey, b.Journey),
		cmp.Compare(a.Step, b.Step),
		cmp.Compare(a.Page, b.Page),
		cmp.Compare(a.Event, b.Event),
		cmp.Compare(a.Param, b.Param),
		cmp.Compare(a.EventIndex, b.EventIndex),
		slices.CompareFunc(a.Related, b.Related, func(x, y Related) int {
			return cmp.Or(cmp.Compare(x.Pos.File, y.Pos.File), cmp.Compare(x.Pos.Line, y.Pos.Line), cmp.Compare(x.Pos.Col, y.Pos.Col), cmp.Compare(x.Label, y.Label))
		}),
	)
}
