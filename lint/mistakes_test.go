package lint

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/spec"
)

// mistakes maps every seeded mistake of testdata/mistakes.yaml to the
// line:col where it must be reported. Each rule of the catalogue has one.
var mistakes = []struct {
	rule string
	at   string // line:col in testdata/mistakes.yaml
}{
	{RuleUserPropertyNameFormat, "10:3"},
	{RuleUserPropertyNameLength, "11:3"},
	{RuleUserPropertyReserved, "12:3"},
	{RuleUserPropertyReservedPrefix, "13:3"},
	{RuleUserPropertyValueLength, "14:26"},
	{RuleUserPropertyCount, "35:3"},
	{RuleEventNameLength, "38:11"},
	{RulePersonalDataName, "43:7"},
	{RuleParamNameFormat, "44:7"},
	{RuleEventNameChars, "46:11"},
	{RuleEventNameFirstChar, "51:11"},
	{RuleEventNameReserved, "56:11"},
	{RuleEventNameReservedPrefix, "61:11"},
	{RuleParamNameReserved, "71:7"},
	{RuleEventNameCaseCollision, "73:11"},
	{RuleEventShadowsAutomatic, "78:11"},
	{RuleRecommendedEventName, "83:11"},
	{RuleRecommendedEventParam, "88:11"},
	{RuleNumericParamType, "96:22"},
	{RuleRecommendedEventValue, "98:11"},
	{RuleCurrencyWithValue, "108:7"},
	{RuleRequiredParamNoSource, "115:7"},
	{RuleParamNameReservedPrefix, "116:7"},
	{RuleParamNameLength, "117:7"},
	{RuleParamValueLength, "118:30"},
	{RulePersonalDataValue, "119:24"},
	{RuleNamingStyle, "121:11"},
	{RuleParamCount, "156:7"},
	{RuleKeyEventCount, "186:39"},
	{RuleCustomDimensionCount, "211:7"},
	{RuleConstOutsideRules, "221:21"},
	{RuleExpectOutsideRules, "237:58"},
	{RulePlaceholderMeasurementID, "242:21"},
}

// wholeSpecRules need a spec without something mistakes.yaml has (events,
// a measurement ID); TestContainerBasics seeds them in specs of their own.
var wholeSpecRules = map[string]bool{RuleNoEvents: true, RuleNoMeasurementID: true}

// milderMistakes gives the severity of the seeded mistakes that are
// reported below their rule's severity: the value without currency is on a
// custom event, where it is a warning.
var milderMistakes = map[string]spec.Severity{
	RuleCurrencyWithValue: spec.SeverityWarning,
}

// loaderMistakes are the schema and reference mistakes at the end of
// testdata/mistakes.yaml, which spec.Load reports before lint runs.
var loaderMistakes = []struct {
	rule string
	at   string
}{
	{"schema/enum", "216:12"},
	{"schema/unknown-key", "218:22"},
	{"schema/type", "220:60"},
	{"spec/unknown-event", "225:29"},
	{"spec/consent-selector", "230:14"},
	{"spec/unknown-param", "233:52"},
}

// TestLoaderMistakesPositions checks that each seeded schema and reference
// mistake is reported exactly once, at the right place, and that the loader
// reports nothing else.
func TestLoaderMistakesPositions(t *testing.T) {
	_, loaderDiags := parseFile(t, "mistakes.yaml")
	if len(loaderDiags) != len(loaderMistakes) {
		t.Errorf("loader reported %d findings for %d seeded mistakes:\n%s", len(loaderDiags), len(loaderMistakes), joinDiags(loaderDiags))
	}
	for _, m := range loaderMistakes {
		n := 0
		for _, d := range loaderDiags {
			if d.Rule == m.rule && fmt.Sprintf("%d:%d", d.Pos.Line, d.Pos.Col) == m.at {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s at %s reported %d times, want exactly once:\n%s", m.rule, m.at, n, joinDiags(loaderDiags))
		}
	}
}

func TestMistakesGolden(t *testing.T) {
	s, loaderDiags := parseFile(t, "mistakes.yaml")
	// The golden holds what `tagspec lint` prints: the loader's findings
	// (schema and reference mistakes appended to the file later) and the
	// linter's, together.
	diags := append(loaderDiags, Check(s)...)

	var text, js bytes.Buffer
	if err := diag.WriteText(&text, diags); err != nil {
		t.Fatal(err)
	}
	if err := diag.WriteJSON(&js, diags); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/mistakes.txt", text.Bytes())
	golden.Check(t, "testdata/mistakes.json", js.Bytes())
}

// TestMistakesPositions checks each seeded lint mistake on its own:
// reported exactly once, by the right rule, at the right place, and nothing
// reported by the linter that is not seeded.
func TestMistakesPositions(t *testing.T) {
	s, loaderDiags := parseFile(t, "mistakes.yaml")
	diags := Check(s)
	for _, d := range loaderDiags {
		for _, m := range mistakes {
			if d.Pos.Line > 0 && fmt.Sprintf("%d:%d", d.Pos.Line, d.Pos.Col) == m.at {
				t.Errorf("loader finding %s sits on the seeded lint mistake %s; give each mistake its own line", d, m.rule)
			}
		}
	}

	byRule := make(map[string][]spec.Diagnostic)
	for _, d := range diags {
		byRule[d.Rule] = append(byRule[d.Rule], d)
	}
	for _, m := range mistakes {
		t.Run(m.rule, func(t *testing.T) {
			got := byRule[m.rule]
			if len(got) != 1 {
				t.Fatalf("rule %s reported %d times, want exactly once at %s: %v", m.rule, len(got), m.at, got)
			}
			d := got[0]
			if at := fmt.Sprintf("%d:%d", d.Pos.Line, d.Pos.Col); at != m.at {
				t.Errorf("rule %s reported at %s, want %s: %s", m.rule, at, m.at, d)
			}
			if d.Pos.File != "testdata/mistakes.yaml" {
				t.Errorf("file = %q, want testdata/mistakes.yaml", d.Pos.File)
			}
			want := severityOf(m.rule)
			if sev, ok := milderMistakes[m.rule]; ok {
				want = sev
			}
			if d.Severity != want {
				t.Errorf("severity = %s, want %s", d.Severity, want)
			}
		})
	}
	if len(diags) != len(mistakes) {
		t.Errorf("Check reported %d findings for %d seeded mistakes:\n%s", len(diags), len(mistakes), joinDiags(diags))
	}

	// Every rule of the catalogue is seeded, so none can silently stop working.
	seeded := make(map[string]bool)
	for _, m := range mistakes {
		seeded[m.rule] = true
	}
	for _, r := range Rules() {
		if !seeded[r.ID] && !wholeSpecRules[r.ID] {
			t.Errorf("rule %s has no seeded mistake in testdata/mistakes.yaml", r.ID)
		}
	}
}

func TestCleanSpec(t *testing.T) {
	s, loaderDiags := parseFile(t, "clean.yaml")
	if len(loaderDiags) != 0 {
		t.Fatalf("clean.yaml has loader findings:\n%s", joinDiags(loaderDiags))
	}
	if diags := Check(s); len(diags) != 0 {
		t.Errorf("clean.yaml has lint findings:\n%s", joinDiags(diags))
	}
}

// TestCheckIsDeterministic runs Check on the mistakes spec with its events
// in reverse order: the set of findings (ignoring position-dependent
// wording) must be the same and come out sorted.
func TestCheckIsDeterministic(t *testing.T) {
	s, _ := parseFile(t, "mistakes.yaml")
	first := Check(s)
	second := Check(s)
	if diff := cmp.Diff(first, second); diff != "" {
		t.Fatalf("two Check runs differ:\n%s", diff)
	}
	for i := 1; i < len(first); i++ {
		a, b := first[i-1].Pos, first[i].Pos
		if a.Line > b.Line || (a.Line == b.Line && a.Col > b.Col) {
			t.Errorf("findings out of order: %s before %s", first[i-1], first[i])
		}
	}
}

func joinDiags(ds []spec.Diagnostic) string {
	var b bytes.Buffer
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}
