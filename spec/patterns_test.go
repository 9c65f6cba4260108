package spec

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestPatterns(t *testing.T) {
	src := `version: 1
events:
  - name: pricing_view
    kind: micro
    trigger: {page_view: {path: /pricing}}
  - name: roi_calculator_engaged
    kind: micro
    trigger: {datalayer: {event: roi}}
  - name: demo_request
    kind: macro
    trigger: {datalayer: {event: demo}}
patterns:
  - name: fast evaluator
    start: first_visit
    within: 7d
    steps:
      - {event: pricing_view, count: 3}
      - event: roi_calculator_engaged
  - name: typo
    within: 36h
    steps:
      - event: pricing_veiw
      - event: demo_request
`
	s, ds, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Pattern{
		{Name: "fast evaluator", Start: "first_visit", Within: 7 * 24 * time.Hour, Path: "/patterns/0",
			Steps: []PatternStep{{Event: "pricing_view", Count: 3, Path: "/patterns/0/steps/0"}, {Event: "roi_calculator_engaged", Count: 1, Path: "/patterns/0/steps/1"}}},
		{Name: "typo", Within: 36 * time.Hour, Path: "/patterns/1",
			Steps: []PatternStep{{Event: "pricing_veiw", Count: 1, Path: "/patterns/1/steps/0"}, {Event: "demo_request", Count: 1, Path: "/patterns/1/steps/1"}}},
	}
	if diff := cmp.Diff(want, s.Patterns, cmpopts.IgnoreFields(Pattern{}, "Pos"), cmpopts.IgnoreFields(PatternStep{}, "Pos")); diff != "" {
		t.Errorf("patterns (-want +got):\n%s", diff)
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	wantDiags := []string{
		`t.yaml:22:16: error: pattern "typo" step 1 names event "pricing_veiw", which the spec does not define; did you mean "pricing_view"? [spec/unknown-event]`,
		`t.yaml:23:16: error: pattern "typo" step 2 names "demo_request", a macro-conversion: a pattern is the micro-conversions that come before the macro-conversion, so this step would never match; name a micro-conversion [spec/pattern-macro-step]`,
	}
	if diff := cmp.Diff(wantDiags, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestPatternSchema(t *testing.T) {
	for _, tc := range []struct{ name, pattern, rule string }{
		{"bad within", "{name: p, within: 7w, steps: [{event: a}]}", "schema/pattern"},
		{"zero count", "{name: p, steps: [{event: a, count: 0}]}", "schema/minimum"},
		{"no steps", "{name: p, steps: []}", "schema/minItems"},
		{"unknown key", "{name: p, steps: [{event: a, times: 2}]}", "schema/unknown-key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "version: 1\nevents:\n  - name: a\n    kind: micro\n    trigger: {click: {selector: '#a'}}\npatterns:\n  - " + tc.pattern + "\n"
			_, ds, err := Parse("t.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			var rules []string
			for _, d := range ds {
				rules = append(rules, d.Rule)
				if d.Pos.Line != 7 {
					t.Errorf("%s: at line %d, want 7 (the pattern)", d, d.Pos.Line)
				}
			}
			if len(rules) != 1 || rules[0] != tc.rule {
				t.Errorf("rules %v, want [%s]; diagnostics %v", rules, tc.rule, ds)
			}
		})
	}
}

func TestParseWithin(t *testing.T) {
	for in, want := range map[string]time.Duration{"7d": 7 * 24 * time.Hour, "36h": 36 * time.Hour} {
		if got, err := ParseWithin(in); err != nil || got != want {
			t.Errorf("ParseWithin(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "d", "0d", "7w", "-1d", "99999d"} {
		if _, err := ParseWithin(in); err == nil {
			t.Errorf("ParseWithin(%q): want an error", in)
		}
	}
}
