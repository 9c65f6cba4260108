package lint

import (
	"fmt"
	"testing"

	"github.com/tagspec/tagspec/spec"
)

// TestYAMLPositions checks where findings land in real YAML: on the value
// when the user wrote it, on the key when the value is absent (a default),
// in block and in flow style.
func TestYAMLPositions(t *testing.T) {
	const head = "version: 1\nevents:\n"
	cases := []struct {
		name string
		yaml string
		rule string
		at   string
	}{
		{"event name, block style", head + "  - kind: micro\n    name: sign-up\n    trigger: {datalayer: {event: x}}\n",
			RuleEventNameChars, "4:11"},
		{"event name, flow style", head + "  - {kind: micro, name: sign-up, trigger: {datalayer: {event: x}}}\n",
			RuleEventNameChars, "3:25"},
		{"quoted event name", head + "  - name: \"sign-up\"\n    kind: micro\n    trigger: {datalayer: {event: x}}\n",
			RuleEventNameChars, "3:11"},
		{"written type, block style", head + "  - name: quote_sent\n    kind: micro\n    trigger: {datalayer: {event: x}}\n    params:\n      currency: {from: \"const:EUR\"}\n      value:\n        from: \"datalayer:v\"\n        type: string\n",
			RuleNumericParamType, "10:15"},
		{"default type points at the key", head + "  - name: quote_sent\n    kind: micro\n    trigger: {datalayer: {event: x}}\n    params:\n      currency: {from: \"const:EUR\"}\n      value:\n        from: \"datalayer:v\"\n",
			RuleNumericParamType, "8:7"},
		{"const value, flow style", head + "  - name: quote_sent\n    kind: micro\n    trigger: {datalayer: {event: x}}\n    params: {note: {from: \"const:jane@example.com\"}}\n",
			RulePersonalDataValue, "6:27"},
		{"source key suggests personal data", head + "  - name: quote_sent\n    kind: micro\n    trigger: {datalayer: {event: x}}\n    params:\n      contact:\n        from: datalayer:user.email\n",
			RulePersonalDataName, "8:15"},
		{"param key with a slash", head + "  - name: quote_sent\n    kind: micro\n    trigger: {datalayer: {event: x}}\n    params:\n      currency: {from: \"const:EUR\"}\n      \"a/b\": {from: \"datalayer:ab\"}\n",
			RuleParamNameFormat, "8:7"},
		{"user property key", "version: 1\nuser_properties:\n  plan: {from: \"datalayer:p\"}\n  user_id: {from: \"datalayer:u\"}\nevents: []\n",
			RuleUserPropertyReserved, "4:3"},
		{"user property const value", "version: 1\nuser_properties:\n  plan:\n    from: \"const:" + "0123456789012345678901234567890123456789" + "\"\nevents: []\n",
			RuleUserPropertyValueLength, "4:11"},
		{"missing required param points at the name", head + "  - name: search\n    kind: micro\n    trigger: {datalayer: {event: search}}\n",
			RuleRecommendedEventParam, "3:11"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, loaderDiags, err := spec.Parse("pos.yaml", []byte(tc.yaml))
			if err != nil {
				t.Fatal(err)
			}
			if len(loaderDiags) != 0 {
				t.Fatalf("the case must load cleanly:\n%s", joinDiags(loaderDiags))
			}
			var found []spec.Diagnostic
			for _, d := range Check(s) {
				if d.Rule == tc.rule {
					found = append(found, d)
				}
			}
			if len(found) != 1 {
				t.Fatalf("%s reported %d times, want once:\n%s", tc.rule, len(found), joinDiags(Check(s)))
			}
			if at := fmt.Sprintf("%d:%d", found[0].Pos.Line, found[0].Pos.Col); at != tc.at {
				t.Errorf("%s at %s, want %s: %s", tc.rule, at, tc.at, found[0])
			}
		})
	}
}
