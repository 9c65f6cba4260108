package templates

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/spec"
)

func TestGenerateGolden(t *testing.T) {
	for _, sc := range specCases(t) {
		t.Run(sc.name, func(t *testing.T) {
			s := parseSpec(t, sc.file, sc.data)
			out, err := Generate(s, Options{Timestamp: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			problems, err := ValidateContainer(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Errorf("generated container: %s", p)
			}
			golden.Check(t, "testdata/golden/"+sc.name+".gtm.json", out)
		})
	}
}

func TestGenerateCoversEveryTriggerKind(t *testing.T) {
	var s *spec.Spec
	for _, sc := range specCases(t) {
		if sc.name == "every-trigger" {
			s = parseSpec(t, sc.file, sc.data)
		}
	}
	if s == nil {
		t.Fatal("testdata/specs/every-trigger.yaml is missing")
	}
	kinds := map[string]bool{}
	sources := map[string]bool{}
	for _, e := range s.Events {
		kinds[e.Trigger.Kind] = true
		for _, p := range e.Params {
			sources[p.From.Kind] = true
		}
	}
	for _, k := range spec.TriggerKinds {
		if !kinds[k] {
			t.Errorf("every-trigger.yaml has no %s trigger", k)
		}
	}
	for _, k := range []string{"", spec.SourceDataLayer, spec.SourceBuiltin, spec.SourceConst, spec.SourceURL, spec.SourceElement} {
		if !sources[k] {
			t.Errorf("every-trigger.yaml has no param with source %q", k)
		}
	}
	c, err := Build(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	for _, tr := range c.Version.Triggers {
		types[tr.Type]++
	}
	want := map[string]int{"PAGEVIEW": 3, "CLICK": 1, "LINK_CLICK": 1, "FORM_SUBMISSION": 1, "CUSTOM_EVENT": 5,
		"SCROLL_DEPTH": 1, "YOU_TUBE_VIDEO": 1, "ELEMENT_VISIBILITY": 1, "TIMER": 1, "HISTORY_CHANGE": 1}
	if diff := cmp.Diff(want, types); diff != "" {
		t.Errorf("trigger types (-want +got):\n%s", diff)
	}
	listeners := 0
	for _, tag := range c.Version.Tags {
		if tag.Type == "html" {
			listeners++
		}
	}
	if listeners != 4 {
		t.Errorf("want 4 listener tags (form start, form abandon, time on element, HTML5 video), got %d", listeners)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	for _, sc := range specCases(t) {
		t.Run(sc.name, func(t *testing.T) {
			a, err := Generate(parseSpec(t, sc.file, sc.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			b, err := Generate(parseSpec(t, sc.file, sc.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Fatalf("two runs differ:\n%s", cmp.Diff(string(a), string(b)))
			}
		})
	}
}

// TestGenerateShuffledEvents checks that the shared entities (variables,
// built-ins, folders) do not depend on the order of the events, and that
// each event gets the same tag and trigger whatever its position.
func TestGenerateShuffledEvents(t *testing.T) {
	for _, sc := range specCases(t) {
		t.Run(sc.name, func(t *testing.T) {
			s := parseSpec(t, sc.file, sc.data)
			want, err := Build(s, Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(1, uint64(len(sc.name))))
			for range 5 {
				r.Shuffle(len(s.Events), func(i, j int) { s.Events[i], s.Events[j] = s.Events[j], s.Events[i] })
				got, err := Build(s, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want.Version.Variables, got.Version.Variables); diff != "" {
					t.Fatalf("variables depend on event order:\n%s", diff)
				}
				if diff := cmp.Diff(want.Version.BuiltInVariables, got.Version.BuiltInVariables); diff != "" {
					t.Fatalf("built-ins depend on event order:\n%s", diff)
				}
				if diff := cmp.Diff(want.Version.Folders, got.Version.Folders); diff != "" {
					t.Fatalf("folders depend on event order:\n%s", diff)
				}
				if diff := cmp.Diff(byName(want.Version.Tags), byName(got.Version.Tags)); diff != "" {
					t.Fatalf("tags depend on event order:\n%s", diff)
				}
			}
		})
	}
}

// byName strips IDs so tags can be compared across orders.
func byName(tags []Tag) map[string]string {
	out := map[string]string{}
	for _, tg := range tags {
		var b strings.Builder
		b.WriteString(tg.Type + "|" + tg.Notes + "|" + tg.ParentFolderID)
		for _, p := range tg.Parameter {
			b.WriteString("|" + p.Key + "=" + p.Value)
			for _, row := range p.List {
				for _, m := range row.Map {
					b.WriteString("," + m.Value)
				}
			}
		}
		out[tg.Name] = b.String()
	}
	return out
}

func TestGenerateTimestamp(t *testing.T) {
	s := &spec.Spec{Name: "t", MeasurementID: "G-T1", Events: []spec.Event{{Name: "e", Kind: "micro",
		Trigger: spec.Trigger{Kind: spec.TriggerDataLayer, Event: "e"}}}}
	c, err := Build(s, Options{Timestamp: time.Date(2026, 11, 22, 13, 4, 5, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if c.ExportTime != "2026-11-22 13:04:05" {
		t.Errorf("exportTime = %q", c.ExportTime)
	}
	if got := c.Version.Tags[0].Fingerprint; got != "1795352645000" {
		t.Errorf("fingerprint = %q, want epoch milliseconds", got)
	}
	c, err = Build(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.ExportTime != "1970-01-01 00:00:00" || c.Version.Fingerprint != "0" {
		t.Errorf("zero timestamp: exportTime %q fingerprint %q", c.ExportTime, c.Version.Fingerprint)
	}
}

func TestGenerateErrors(t *testing.T) {
	ev := func(tr spec.Trigger, params ...spec.Param) spec.Event {
		return spec.Event{Name: "e1", Kind: "micro", Trigger: tr, Params: params,
			Pos: spec.Pos{File: "s.yaml", Line: 7, Col: 5}}
	}
	dl := spec.Trigger{Kind: spec.TriggerDataLayer, Event: "x"}
	tests := []struct {
		name string
		s    *spec.Spec
		want string
	}{
		{"no measurement id", &spec.Spec{File: "s.yaml", Events: []spec.Event{ev(dl)}}, "s.yaml: spec has no measurement_id"},
		{"unknown built-in", &spec.Spec{MeasurementID: "G-1", Events: []spec.Event{ev(dl, spec.Param{Name: "p",
			From: spec.Source{Kind: "builtin", Value: "Nope"}, Pos: spec.Pos{File: "s.yaml", Line: 9, Col: 7}})}},
			`s.yaml:9:7: event "e1": param "p": unknown built-in variable "Nope"`},
		{"unknown source", &spec.Spec{MeasurementID: "G-1", Events: []spec.Event{ev(dl, spec.Param{Name: "p",
			From: spec.Source{Kind: "cookie", Value: "x"}})}}, `unknown source kind "cookie"`},
		{"unknown url part", &spec.Spec{MeasurementID: "G-1", Events: []spec.Event{ev(dl, spec.Param{Name: "p",
			From: spec.Source{Kind: "url", Value: "port2"}})}}, `unknown URL part "port2"`},
		{"no trigger", &spec.Spec{MeasurementID: "G-1", Events: []spec.Event{ev(spec.Trigger{})}}, `s.yaml:7:5: event "e1" has no trigger`},
		{"duplicate event", &spec.Spec{MeasurementID: "G-1", Events: []spec.Event{ev(dl), ev(dl)}}, `event "e1" is defined twice`},
		{"bad provider", &spec.Spec{MeasurementID: "G-1", Events: []spec.Event{ev(spec.Trigger{Kind: spec.TriggerVideo, Provider: "vimeo"})}}, `unknown video provider "vimeo"`},
		{"nil spec", nil, "no spec"},
		{"timer too long", &spec.Spec{MeasurementID: "G-1", Events: []spec.Event{ev(spec.Trigger{Kind: spec.TriggerTimer, Seconds: 1e12})}}, `seconds must be between 0 and 2147483`},
		{"double braces", &spec.Spec{MeasurementID: "G-1", Events: []spec.Event{ev(spec.Trigger{Kind: spec.TriggerClick, Selector: "a}}{{b",
			Pos: spec.Pos{File: "s.yaml", Line: 8, Col: 9}})}}, `s.yaml:8:9: event "e1": trigger selector "a}}{{b" contains "{{" or "}}"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Generate(tc.s, Options{})
			if err == nil {
				t.Fatalf("want an error containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestListenersAreES5AndReferenceFree(t *testing.T) {
	entries, err := listenerFS.ReadDir("listeners")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 5 {
		t.Fatalf("want common.js and 4 listeners, got %d files", len(entries))
	}
	for _, e := range entries {
		data, err := listenerFS.ReadFile("listeners/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		src := string(data)
		for _, bad := range []string{"=>", "let ", "const ", "`", "{{", "}}", "class ", "</script"} {
			if strings.Contains(src, bad) {
				t.Errorf("%s contains %q: listener code must be ES5 and free of GTM reference marks", e.Name(), bad)
			}
		}
	}
	html := listenerHTML(listenerConfig{Listener: ListenerFormStart, Event: "tagspec.x", Selector: `form[data-x="{{a}}"] </script>`})
	if strings.Contains(html, "{{") || strings.Count(html, "</script>") != 1 {
		t.Errorf("listener settings are not escaped:\n%s", html)
	}
}
