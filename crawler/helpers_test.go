package crawler

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// exampleWith returns the example spec with its journeys replaced by the
// given journeys section.
func exampleWith(t *testing.T, journeys string) *spec.Spec {
	t.Helper()
	src := string(examplesite.Spec())
	i := strings.Index(src, "\njourneys:")
	if i < 0 {
		t.Fatal("example spec has no journeys section")
	}
	return parse(t, "test.yaml", src[:i+1]+journeys)
}

func parse(t testing.TB, name, src string) *spec.Spec {
	t.Helper()
	s, diags, err := spec.Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		if d.Severity == spec.SeverityError {
			t.Fatalf("test spec: %s", d)
		}
	}
	return s
}

// tagWaitSpec is a spec for the tag wait pages (testdata/pages/tagwait.html
// and sideeffects.html): measurement ID id, the event wait_event their
// #go button queues, and journeys (a YAML list of journeys).
func tagWaitSpec(tb testing.TB, id, journeys string) *spec.Spec {
	tb.Helper()
	return parse(tb, "tagwait.yaml", `version: 1
name: tag wait
measurement_id: `+id+`
events:
  - name: wait_event
    kind: micro
    trigger:
      click: { selector: "#go" }
    params:
      label: { type: string, from: "const:sent", required: true }
      n: { type: integer, from: "const:1", required: true }
journeys:
`+journeys)
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// summarize renders journeys and their findings without anything that
// changes between runs (times, ports).
func summarize(r *Result) string {
	var b bytes.Buffer
	for _, j := range r.Journeys {
		fmt.Fprintf(&b, "journey %q passed=%v incomplete=%v steps=%d\n", j.Journey, j.Passed, j.Incomplete, len(j.Steps))
		for _, f := range j.Findings {
			fmt.Fprintf(&b, "  %s %s step=%d event=%s param=%s: %s\n", f.Severity, f.Rule, f.Step, f.Event, f.Param, f.Message)
		}
	}
	return strings.ReplaceAll(b.String(), testSite.URL, "SITE")
}

// hitEvents returns the names of the events decoded from hits.
func hitEvents(evs []validator.Event) []string {
	var out []string
	for _, e := range evs {
		if e.Source == validator.SourceHit {
			out = append(out, e.Name)
		}
	}
	return out
}
