package spec

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/internal/golden"
)

func TestLoadFormatExample(t *testing.T) {
	s, ds, err := Load("testdata/format-example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 0 {
		t.Fatalf("the agreed format example must load clean, got:\n%v", ds)
	}
	if got, want := len(s.Events), 6; got != want {
		t.Fatalf("events = %d, want %d", got, want)
	}
	e, ok := s.Event("newsletter_signup")
	if !ok {
		t.Fatal("newsletter_signup not found")
	}
	p, ok := e.Param("form_location")
	if !ok {
		t.Fatal("param form_location not found")
	}
	want := Param{Name: "form_location", Type: TypeString, From: Source{Kind: SourceDataLayer, Value: "form_location"},
		Required: true, Enum: []any{"footer", "popup", "inline"}, Path: "/events/0/params/form_location",
		Pos: Pos{File: "testdata/format-example.yaml", Line: 29, Col: 7}}
	if diff := cmp.Diff(want, *p); diff != "" {
		t.Errorf("param (-want +got):\n%s", diff)
	}
	if e.Trigger.Kind != TriggerFormSubmit || e.Trigger.Selector != "form#newsletter" {
		t.Errorf("trigger = %+v", e.Trigger)
	}
	j := s.Journeys[0]
	var kinds []string
	for _, st := range j.Steps {
		kinds = append(kinds, st.Kind)
	}
	wantKinds := []string{"scroll", "fill", "submit", "expect", "expect_none", "click", "wait", "expect", "play_video", "visit"}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("step kinds (-want +got):\n%s", diff)
	}
	if got := j.Steps[3]; got.Event != "newsletter_signup" || got.Params["form_location"] != "footer" {
		t.Errorf("expect step = %+v", got)
	}
	if env, ok := s.Environment("staging"); !ok || env.BaseURL != "https://staging.acme.example" || env.MeasurementID != "G-STAGING01" {
		t.Errorf("staging = %+v", env)
	}
	if got := s.Position("/events/1/trigger/page_view/path"); got.Line != 41 || got.Col != 26 {
		t.Errorf("Position = %v, want line 41 col 26", got)
	}
}

func TestLoadSchemaErrorsGolden(t *testing.T) {
	_, ds, err := Load("testdata/schema-errors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
	}
	golden.CheckString(t, "testdata/schema-errors.golden", b.String())
	// Every mistake is reported exactly once: no two diagnostics share a position.
	seen := map[Pos]int{}
	for _, d := range ds {
		seen[d.Pos]++
	}
	for pos, n := range seen {
		if n != 1 {
			t.Errorf("%v reported %d times", pos, n)
		}
	}
	if len(ds) != 18 {
		t.Errorf("got %d diagnostics, want the 18 seeded mistakes", len(ds))
	}
}

func TestLoadUnreadable(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		path string
		want string // substring of the error
		line int
	}{
		{"missing file", filepath.Join(dir, "nope.yaml"), "no such file", 0},
		{"directory", dir, "is a directory", 0},
		{"empty", write("empty.yaml", ""), "file is empty", 0},
		{"only whitespace", write("ws.yaml", "  \n\n"), "file is empty", 0},
		{"only comments", write("comments.yaml", "# nothing here\n"), "no YAML document", 0},
		{"null document", write("null.yaml", "~\n"), "no content", 0},
		{"syntax", write("syntax.yaml", "version: 1\nevents:\n  - name: a\n   kind: micro\n"), "indent it 4 spaces", 4},
		{"tab indentation", write("tab.yaml", "version: 1\n\tevents: []\n"), "tabs cannot indent YAML: use spaces", 2},
		{"duplicate key", write("dup.yaml", "version: 1\nevents: []\nversion: 1\n"), `duplicate key "version" (first defined at line 1, column 1)`, 3},
		{"nested duplicate", write("dup2.yaml", "version: 1\nevents:\n  - name: a\n    name: b\n"), `duplicate key "name"`, 4},
		{"list at top", write("list.yaml", "- a\n- b\n"), "must be a mapping", 1},
		{"scalar at top", write("scalar.yaml", "hello\n"), "must be a mapping", 1},
		{"two documents", write("two.yaml", "version: 1\n---\nversion: 1\n"), "more than one YAML document", 2},
		{"alias bomb", write("bomb.yaml", aliasBomb()), "the aliases (*name) in this file copy in more than 11120 values", 2},
		{"non-scalar key", write("key.yaml", "version: 1\n? [a, b]\n: c\n"), "mapping key must be a plain value", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, err := Load(tt.path)
			if err == nil {
				t.Fatalf("Load succeeded (%d events), want error containing %q", len(s.Events), tt.want)
			}
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not *spec.Error: %v", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
			if se.Pos.File != tt.path {
				t.Errorf("error file = %q, want %q", se.Pos.File, tt.path)
			}
			if tt.line != 0 && se.Pos.Line != tt.line {
				t.Errorf("error line = %d, want %d (%v)", se.Pos.Line, tt.line, err)
			}
		})
	}
}

// aliasBomb builds the "billion laughs" shape: ten levels of ten aliases.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("version: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		prev := "*a" + string(rune('0'+i-1))
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(prev)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func TestUnknownKeySuggestions(t *testing.T) {
	tests := []struct {
		yaml string
		want string
	}{
		{"version: 1\nevent: []\n", `unknown key "event"; did you mean "events"?`},
		{"version: 1\nevents:\n  - name: a\n    kind: micro\n    trigger: {page_view: {}}\n    benchmrk: x\n", `event "a": unknown key "benchmrk"; did you mean "benchmark"?`},
		{"version: 1\nevents:\n  - name: a\n    kind: micro\n    trigger: {page_view: {paht: /x}}\n", `event "a": trigger: page_view: unknown key "paht"; did you mean "path"?`},
		{"version: 1\nevents: []\njourneys:\n  - name: j\n    start: /\n    steps:\n      - click: {selectr: a}\n", `journey "j": step 1: click: unknown key "selectr"; did you mean "selector"?`},
		{"version: 1\nevents: []\nzzzzzz: 1\n", `unknown key "zzzzzz"; allowed keys: consent, crawl, environments, events, funnels, journeys, measurement_id, name, patterns, user_properties, version`},
	}
	for _, tt := range tests {
		_, ds, err := Parse("t.yaml", []byte(tt.yaml))
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 1 || ds[0].Message != tt.want || ds[0].Rule != "schema/unknown-key" {
			t.Errorf("for\n%s\ngot %v\nwant one schema/unknown-key: %s", tt.yaml, ds, tt.want)
		}
	}
}

func TestVersion(t *testing.T) {
	_, ds, err := Parse("t.yaml", []byte("version: 2\nevents: []\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Rule != "schema/version" || ds[0].Pos.Line != 1 || ds[0].Pos.Col != 10 {
		t.Fatalf("got %v", ds)
	}
}

func TestSchemaIsValidDraft2020(t *testing.T) {
	if _, _, err := loadSchema(); err != nil {
		t.Fatal(err)
	}
}

func TestUnknownEventReportedOnce(t *testing.T) {
	src := `version: 1
events:
  - name: pricing_view
    kind: micro
    trigger: {page_view: {path: /pricing}}
  - name: demo booked
    kind: macro
    trigger: {datalayer: {event: demo_booked}}
funnels:
  - name: trial
    steps: [pricing_veiw, demo_booked]
journeys:
  - name: pricing
    start: /pricing
    steps:
      - expect: {event: pricing_veiw, params: {plan: gold}}
      - expect_none: pricing_veiw
`
	_, ds, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	want := []string{
		`t.yaml:11:13: error: funnel "trial" step 1 names event "pricing_veiw", which the spec does not define (also used on lines 16, 17); did you mean "pricing_view"? [spec/unknown-event]`,
		// "demo booked" is not a valid event name, so it is never suggested.
		`t.yaml:11:27: error: funnel "trial" step 2 names event "demo_booked", which the spec does not define; define it under events or correct the name [spec/unknown-event]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestValidName(t *testing.T) {
	for name, want := range map[string]bool{"sign_up": true, "SignUp2": true, "": false, "9lives": false, "_x": false,
		"demo booked": false, "a-b": false, strings.Repeat("a", 40): true, strings.Repeat("a", 41): false, "é": false} {
		if got := ValidName(name); got != want {
			t.Errorf("ValidName(%q) = %t, want %t", name, got, want)
		}
	}
}

// TestYAMLSyntaxGolden loads each broken spec in testdata/syntax: each must
// be refused with one error, in tagspec's words, at the mistake itself;
// testdata/syntax/<case>.golden holds the exact error.
func TestYAMLSyntaxGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/syntax/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in testdata/syntax: %v", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(name, func(t *testing.T) {
			_, _, err := Load(path)
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("Load = %v, want a *spec.Error", err)
			}
			if se.Pos.Line == 0 || se.Pos.Col == 0 {
				t.Errorf("error without line and column: %v", err)
			}
			for _, parserWords := range []string{"yaml:", "did not find expected", "could not find expected", "mapping values are not allowed", "end of stream", "cannot start any token"} {
				if strings.Contains(se.Message, parserWords) {
					t.Errorf("message repeats the parser's words %q: %s", parserWords, se.Message)
				}
			}
			golden.CheckString(t, strings.TrimSuffix(path, ".yaml")+".golden", err.Error()+"\n")
		})
	}
}

// TestHugeStrings feeds values of a megabyte: each is refused by the
// schema's maxLength at its own position, with a message that stays short,
// and nothing crashes or takes long.
func TestHugeStrings(t *testing.T) {
	big := strings.Repeat("a", 1<<20)
	src := "version: 1\nname: " + big + "\nmeasurement_id: G-ABC123\nevents:\n  - name: " + big +
		"\n    kind: micro\n    description: " + big + "\n    trigger: {datalayer: {event: x}}\nfunnels:\n  - name: f\n    steps: [" + big + ", nope]\n"
	_, ds, err := Parse("big.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	type found struct {
		Line, Col int
		Rule      string
	}
	var got []found
	for _, d := range ds {
		got = append(got, found{d.Pos.Line, d.Pos.Col, d.Rule})
		if len(d.Message) > 300 {
			t.Errorf("message of %d bytes: %.300s", len(d.Message), d.Message)
		}
	}
	want := []found{
		{2, 7, "schema/maxLength"},
		{5, 11, "schema/maxLength"},
		{7, 18, "schema/maxLength"},
		{11, 13, "schema/maxLength"},
		{11, 13 + len(big) + 2, "spec/unknown-event"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if want := `event "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa… (1048576 characters)": name: is 1048576 characters long, and a spec allows at most 100 here: shorten it`; len(ds) > 1 && ds[1].Message != want {
		t.Errorf("message = %q, want %q", ds[1].Message, want)
	}

	// A key that long is beyond what YAML reads at all: one error, at the key.
	_, _, err = Parse("key.yaml", []byte("version: 1\nevents:\n  - name: x\n    params:\n      "+big+": {from: \"datalayer:x\"}\n"))
	var se *Error
	if !errors.As(err, &se) || se.Pos.Line != 5 || se.Pos.Col != 7 || !strings.Contains(se.Message, "this key is 1048576 characters long") {
		t.Errorf("long key: got %v", err)
	}
}
