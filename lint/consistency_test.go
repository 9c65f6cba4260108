package lint

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/spec"
)

// lintYAML parses a spec from text and returns the loader's and the
// linter's findings as compiler-style lines.
func lintYAML(t *testing.T, src string) []string {
	t.Helper()
	s, ds, err := spec.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range diag.Sort(append(ds, Check(s)...)) {
		out = append(out, d.String())
	}
	return out
}

const oneEvent = `events:
  - name: plan_chosen
    kind: micro
    trigger: {datalayer: {event: plan_chosen}}
`

func TestContainerBasics(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		want []string
	}{
		{"complete", "version: 1\nmeasurement_id: G-ABC123\n" + oneEvent, nil},
		{"empty events list", "version: 1\nmeasurement_id: G-ABC123\nevents: []\n",
			[]string{`t.yaml:3:9: error: events: the list is empty, so generate gtm has no tag to build: add at least one event (name, kind and trigger) [gtm/no-events]`}},
		{"events key missing: the schema's error only", "version: 1\nmeasurement_id: G-ABC123\n",
			[]string{`t.yaml:1:1: error: missing required key "events" [schema/required]`}},
		{"events empty value: the schema's error only", "version: 1\nmeasurement_id: G-ABC123\nevents:\n",
			[]string{`t.yaml:3:8: error: events: must be a list, not empty [schema/type]`}},
		{"no measurement ID anywhere", "version: 1\n" + oneEvent,
			[]string{`t.yaml:1:1: error: the spec has no measurement_id, so generate gtm cannot build a container: add measurement_id: G-... (your web stream's measurement ID) at the top level [gtm/no-measurement-id]`}},
		{"empty measurement ID: the schema's error only", "version: 1\nmeasurement_id: \"\"\n" + oneEvent,
			[]string{`t.yaml:2:17: error: measurement_id: "" is not a GA4 measurement ID: it looks like G-ABC123XYZ (a web stream's ID, not a UA-... or property number) [schema/pattern]`}},
		{"every environment has one", "version: 1\nenvironments:\n  staging: {measurement_id: G-STAGE1}\n  production: {measurement_id: G-PROD1}\n" + oneEvent, nil},
		{"an environment without one", "version: 1\nenvironments:\n  staging: {measurement_id: G-STAGE1}\n  production: {base_url: \"https://www.example.com\"}\n" + oneEvent,
			[]string{`t.yaml:4:3: error: environment "production" has no measurement_id and the spec has none at the top level, so generate gtm --env production would fail: add measurement_id to the environment or at the top level [gtm/no-measurement-id]`}},
		{"placeholder at the top", "version: 1\nmeasurement_id: G-XXXXXXXXXX\n" + oneEvent,
			[]string{`t.yaml:2:17: warning: measurement_id "G-XXXXXXXXXX" is a placeholder, so hits would go to no GA4 property: replace it with your web stream's measurement ID (GA4 Admin > Data streams) [gtm/placeholder-measurement-id]`}},
		{"placeholder in an environment", "version: 1\nmeasurement_id: G-ABC123\nenvironments:\n  production:\n    measurement_id: G-0000000000\n" + oneEvent,
			[]string{`t.yaml:5:21: warning: environment "production": measurement_id "G-0000000000" is a placeholder, so hits would go to no GA4 property: replace it with the measurement ID of this environment's web stream [gtm/placeholder-measurement-id]`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, lintYAML(t, tc.yaml), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlaceholderMeasurementID(t *testing.T) {
	for _, id := range []string{"G-XXXXXXXXXX", "G-XXXXXXX", "G-0000000000", "G-1234567890", "G-0123456789", "G-123456", "G-9876543210", "G-AAAAAAAA", "g-xxxxxxxxxx"} {
		if !PlaceholderMeasurementID(id) {
			t.Errorf("%s is not seen as a placeholder", id)
		}
	}
	for _, id := range []string{"G-ABC123", "G-ABC123XYZ", "G-STAGING01", "G-7Q4K9W2M1Z", "G-X1", "G-123", "", "UA-1234567-1", "G-1234567899"} {
		if PlaceholderMeasurementID(id) {
			t.Errorf("%s is seen as a placeholder", id)
		}
	}
}

func TestContradictions(t *testing.T) {
	head := "version: 1\nmeasurement_id: G-ABC123\nevents:\n  - name: plan_chosen\n    kind: micro\n    trigger: {datalayer: {event: plan_chosen}}\n    params:\n"
	journey := func(value string) string {
		return "journeys:\n  - name: pick\n    start: /\n    steps:\n      - expect: {event: plan_chosen, params: {plan: " + value + "}}\n"
	}
	cases := []struct {
		name  string
		param string // the plan param's rules, a YAML flow mapping
		value string // the value a journey expects, or "" for no journey
		want  string // substring of the only finding, or "" for none
	}{
		{"const in enum", `{from: "const:gold", enum: [gold, silver]}`, "", ""},
		{"const outside enum", `{from: "const:platinum", enum: [gold, silver]}`, "", `from: "const:platinum" always sends "platinum", but the param's enum allows only gold, silver: change the constant`},
		{"const against pattern", `{from: "const:Gold", pattern: "^[a-z]+$"}`, "", `does not match the param's pattern "^[a-z]+$"`},
		{"const matching pattern", `{from: "const:gold", pattern: "^[a-z]+$"}`, "", ""},
		{"const too long", `{from: "const:platinum", max_length: 4}`, "", "it is 8 characters long and the param's max_length is 4"},
		{"const below min", `{type: number, from: "const:-1", min: 0}`, "", "the param's min is 0"},
		{"const above max", `{type: integer, from: "const:11", max: 10}`, "", "the param's max is 10"},
		{"const in range", `{type: number, from: "const:9.5", min: 0, max: 10}`, "", ""},
		{"const not a number", `{type: number, from: "const:ten"}`, "", `declared type: number and "ten" is not a number`},
		{"const with a fraction", `{type: integer, from: "const:2.5"}`, "", "has a fraction"},
		{"const number in a number enum", `{type: number, from: "const:2", enum: [1, 2.0]}`, "", ""},
		{"const boolean", `{type: boolean, from: "const:yes"}`, "", "neither true nor false"},
		{"expected value in enum", `{from: "datalayer:plan", enum: [gold, silver]}`, "gold", ""},
		{"expected value outside enum", `{from: "datalayer:plan", enum: [gold, silver]}`, "bronze", `journey "pick" step 1 expects param "plan" to be "bronze", but event "plan_chosen" rejects it: the param's enum allows only gold, silver: change the expected value`},
		{"expected number above max", `{type: number, from: "datalayer:plan", max: 3}`, "4", "the param's max is 3"},
		{"expected text for a number", `{type: number, from: "datalayer:plan"}`, "cheap", "is not a number"},
		{"expected value against pattern", `{from: "datalayer:plan", pattern: "^p"}`, "gold", "does not match"},
		{"expected number for a string param", `{from: "datalayer:plan", enum: ["3"]}`, "3", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := head + "      plan: " + tc.param + "\n"
			if tc.value != "" {
				src += journey(tc.value)
			}
			got := lintYAML(t, src)
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("want no finding, got:\n%s", strings.Join(got, "\n"))
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Errorf("want one finding containing %q, got:\n%s", tc.want, strings.Join(got, "\n"))
			}
		})
	}
}

// TestHugeNameOneError: a megabyte event name is the schema's one error;
// the GA4 name rules do not repeat it.
func TestHugeNameOneError(t *testing.T) {
	big := strings.Repeat("a", 1<<20)
	got := lintYAML(t, "version: 1\nmeasurement_id: G-ABC123\nevents:\n  - name: "+big+"\n    kind: micro\n    trigger: {datalayer: {event: x}}\n")
	if len(got) != 1 || !strings.Contains(got[0], "[schema/maxLength]") || len(got[0]) > 300 {
		t.Errorf("want one short schema/maxLength error, got %d findings: %.500s", len(got), strings.Join(got, "\n"))
	}
}
