package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/gtmruntime"
	"github.com/tagspec/tagspec/internal/fuzzbudget"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// jsonOf prints r with the JSON printer.
func jsonOf(t testing.TB, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write("json", &b, r, testRules); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// readJSONString reads a JSON report from a string.
func readJSONString(t testing.TB, doc string) *Report {
	t.Helper()
	r, err := ReadJSON(t.Context(), strings.NewReader(doc), testRules)
	if err != nil {
		t.Fatalf("ReadJSON: %v\n%s", err, doc)
	}
	return r
}

// TestMergeHalvesEqualsWhole splits a crawl report in two shards, prints
// each as JSON the way `tagspec crawl --format json` does, reads them back
// and merges them: the JSON of the merge is the JSON of the whole.
func TestMergeHalvesEqualsWhole(t *testing.T) {
	whole := sampleReport(t)
	first, second := *whole, *whole
	first.Journeys = whole.Journeys[:1]
	second.Journeys = whole.Journeys[1:]
	merged, err := Merge([]Shard{
		{Source: "shard-1.json", Report: readJSONString(t, jsonOf(t, &first))},
		{Source: "shard-2.json", Report: readJSONString(t, jsonOf(t, &second))},
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(jsonOf(t, whole), jsonOf(t, merged)); diff != "" {
		t.Errorf("merged JSON differs from the whole report's (-whole +merged):\n%s", diff)
	}
	if got, want := merged.Count(), whole.Count(); got != want {
		t.Errorf("merged counts %+v, want %+v", got, want)
	}
	if got, want := merged.Failed(), whole.Failed(); got != want || got != 1 {
		t.Errorf("merged failed journeys %d, want %d (and 1)", got, want)
	}
	if merged.HasErrors() != whole.HasErrors() {
		t.Errorf("merged HasErrors %v, want %v", merged.HasErrors(), whole.HasErrors())
	}
	// Every printer accepts the merged report.
	for _, format := range diag.Formats {
		var b bytes.Buffer
		if err := Write(format, &b, merged, testRules); err != nil || b.Len() == 0 {
			t.Errorf("%s printer on the merged report: %v (%d bytes)", format, err, b.Len())
		}
	}
}

// TestReadJSONRoundTrip reads the JSON printer's output back and prints
// it again, byte for byte.
func TestReadJSONRoundTrip(t *testing.T) {
	doc := jsonOf(t, sampleReport(t))
	if diff := cmp.Diff(doc, jsonOf(t, readJSONString(t, doc))); diff != "" {
		t.Errorf("round trip changed the JSON (-printed +re-printed):\n%s", diff)
	}
}

func TestMergeTimesAndNames(t *testing.T) {
	a, b := sampleReport(t), sampleReport(t)
	a.Journeys, b.Journeys = a.Journeys[:1], b.Journeys[1:]
	b.Started = a.Started.Add(3e9)
	b.Name = "other"
	m, err := Merge([]Shard{{"a", a}, {"b", b}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != a.Name || !m.Started.Equal(a.Started) || m.Duration != a.Duration+3e9 {
		t.Errorf("merged name %q started %s duration %s", m.Name, m.Started, m.Duration)
	}
}

func TestMergeDuplicateJourney(t *testing.T) {
	r := sampleReport(t)
	cases := []struct {
		name   string
		shards []Shard
		want   string
	}{
		{"two shards", []Shard{{"out/shard-1.json", r}, {"out/shard-2.json", r}},
			`journey "newsletter from the blog" is in both out/shard-1.json and out/shard-2.json`},
		{"one shard", []Shard{{"out/x.json", &Report{Journeys: []Journey{{Name: "a"}, {Name: "a"}}}}},
			`journey "a" occurs twice in out/x.json`},
		{"nil report", []Shard{{"out/y.json", nil}}, "out/y.json: no report"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Merge(c.shards)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestReadJSONErrors(t *testing.T) {
	cases := []struct{ name, doc, want string }{
		{"truncated", "{\n  \"journeys\": [\n    {\"name\": \"a\"", "read JSON report: line 3, column 17: the document ends too early"},
		{"not JSON", "{\n  journeys: []}", "read JSON report: line 2, column 3: invalid character 'j'"},
		{"wrong shape", `{"journeys": {"name": "a"}}`, "read JSON report: line 1, column 14: journeys is a JSON object, want an array"},
		{"no journeys", `{"findings": []}`, `read JSON report: no "journeys" array at the top level`},
		{"two documents", "{\"journeys\": []}\n{\"journeys\": []}", "read JSON report: line 2, column 1: more than one JSON value"},
		{"no name", `{"journeys": [{"passed": true}]}`, "read JSON report: journeys[0]: no journey name"},
		{"bad severity", `{"journeys": [{"name": "a", "findings": [{"rule": "privacy/personal-data-hit", "severity": "fatal"}]}]}`, `read JSON report: journeys[0].findings[0].severity: "fatal" is not error, warning or info`},
		{"no rule", `{"journeys": [{"name": "a", "findings": [{"severity": "error"}]}]}`, "read JSON report: journeys[0].findings[0]: no rule"},
		{"bad step", `{"journeys": [{"name": "a", "steps": [{"step": 0, "kind": "click"}]}]}`, "read JSON report: journeys[0].steps[0].step: step number 0 is not 1 or more"},
		{"bad time", `{"journeys": [{"name": "a", "events": [{"name": "x", "time": "noon"}]}]}`, `read JSON report: journeys[0].events[0].time: "noon" is not an RFC 3339 time`},
		{"bad params", `{"journeys": [{"name": "a", "events": [{"name": "x", "params": {"v": true}}]}]}`, `read JSON report: journeys[0].events[0].params: "v": true is neither a string nor a number`},
		{"bad item", `{"journeys": [{"name": "a", "events": [{"name": "x", "params": {"items": [{"item_id": 1}]}}]}]}`, `read JSON report: journeys[0].events[0].params: "items": item 1: "item_id": value is not a string`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadJSON(t.Context(), strings.NewReader(c.doc), testRules)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("err = %v\nwant prefix %s", err, c.want)
			}
		})
	}
}

// TestAttachSpec puts the journeys of interleaved shards back in spec
// order and restores positions and the expectation list.
func TestAttachSpec(t *testing.T) {
	whole := sampleReport(t)
	s := &spec.Spec{File: "tagspec.yaml"}
	for _, j := range whole.Journeys {
		sj := spec.Journey{Name: j.Name, Pos: j.Pos}
		for _, e := range j.Expectations {
			for len(sj.Steps) < e.Index {
				sj.Steps = append(sj.Steps, spec.Step{Kind: spec.StepWait, Pos: pos(90)})
			}
			sj.Steps = append(sj.Steps, spec.Step{Kind: spec.StepExpect, Event: "x", Pos: e.Pos})
		}
		s.Journeys = append(s.Journeys, sj)
	}
	second, first := *whole, *whole
	second.Journeys, first.Journeys = whole.Journeys[1:], whole.Journeys[:1]
	m, err := Merge([]Shard{
		{"b.json", readJSONString(t, jsonOf(t, &second))},
		{"a.json", readJSONString(t, jsonOf(t, &first))},
	})
	if err != nil {
		t.Fatal(err)
	}
	AttachSpec(m, s)
	var got []string
	for _, j := range m.Journeys {
		got = append(got, fmt.Sprintf("%s@%s exp=%d", j.Name, j.Pos, len(j.Expectations)))
	}
	want := []string{
		fmt.Sprintf("%s@%s exp=%d", whole.Journeys[0].Name, whole.Journeys[0].Pos, len(whole.Journeys[0].Expectations)),
		fmt.Sprintf("%s@%s exp=%d", whole.Journeys[1].Name, whole.Journeys[1].Pos, len(whole.Journeys[1].Expectations)),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("journeys after AttachSpec (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(jsonOf(t, whole), jsonOf(t, m)); diff != "" {
		t.Errorf("JSON after AttachSpec differs (-whole +merged):\n%s", diff)
	}
}

func FuzzReadJSON(f *testing.F) {
	f.Add(jsonOf(f, sampleReport(f)))
	f.Add(`{"journeys":[{"name":"a","events":[{"name":"e","params":{"items":[{"a":"b"}],"n":1e400}}]}]}`)
	f.Add(`{"findings":[{"rule":"r","severity":"error","file":"c.json:3:x:4:5"}],"journeys":[]}`)
	f.Add(jsonOf(f, siteReport(f)))
	f.Add(`{"discovery":{"start":["a"],"found":1,"checked":1,"limited":true,"shard":"1/2"},"retries":1,"journeys":[{"name":"u","page":{"url":"u","status":500},"attempts":2,"retried":["attempt 1: x"]}]}`)
	f.Add(`{"journeys":[{"name":"a","passed":"say \"hi\""}]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		fuzzbudget.Run(t, doc, func() {
			r, err := ReadJSON(t.Context(), strings.NewReader(doc), testRules)
			if err != nil {
				if err.Error() == "" {
					t.Fatal("empty error")
				}
				return
			}
			for _, format := range diag.Formats {
				var b bytes.Buffer
				if err := Write(format, &b, r, testRules); err != nil {
					t.Fatalf("%s printer: %v", format, err)
				}
			}
		})
	})
}

// TestReadJSONVersion1 reads a report saved before rule ids had family
// prefixes and JSON documents a version: old ids become the current ones
// and a "file:line:col" string becomes a position, so that old and new
// shards merge.
func TestReadJSONVersion1(t *testing.T) {
	doc := `{"journeys": [{"name": "j", "passed": false, "steps": [], "findings": [
		{"rule": "event-missing", "severity": "error", "event": "e", "message": "m", "page": "", "step": 2, "file": "t.yaml:4:5"},
		{"rule": "pii", "severity": "warning", "event": "", "message": "p", "page": "https://a.test/", "step": null}],
		"events": []}],
		"findings": [{"rule": "container-unsupported", "severity": "error", "event": "", "message": "c", "page": "", "step": null, "file": "container.json"}]}`
	r, err := ReadJSON(t.Context(), strings.NewReader(doc), testRules)
	if err != nil {
		t.Fatal(err)
	}
	got := []diag.Finding{r.Findings[0], r.Journeys[0].Findings[0], r.Journeys[0].Findings[1]}
	want := []diag.Finding{
		{Rule: gtmruntime.RuleUnsupported, Severity: diag.SeverityError, Message: "c", Pos: diag.Pos{File: "container.json"}, Step: validator.NoStep, EventIndex: -1},
		{Rule: validator.RuleEventMissing, Severity: diag.SeverityError, Journey: "j", Event: "e", Message: "m", Step: 1, Pos: diag.Pos{File: "t.yaml", Line: 4, Col: 5}, EventIndex: -1},
		{Rule: validator.RulePII, Severity: diag.SeverityWarning, Journey: "j", Message: "p", Page: "https://a.test/", Step: validator.NoStep, EventIndex: -1},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
	// The same report written now is version 2 and reads back the same.
	var b bytes.Buffer
	if err := Write(diag.FormatJSON, &b, r, testRules); err != nil {
		t.Fatal(err)
	}
	again, err := ReadJSON(t.Context(), &b, testRules)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(r, again); d != "" {
		t.Errorf("version 2 round trip (-first +again):\n%s", d)
	}
	if _, err := ReadJSON(t.Context(), strings.NewReader(`{"version": 3, "journeys": []}`), testRules); err == nil || !strings.Contains(err.Error(), "not 3") {
		t.Errorf("version 3: err = %v", err)
	}
}
