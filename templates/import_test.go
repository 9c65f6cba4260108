package templates

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/spec"
)

// canonical is the part of a spec a container carries, in comparable form.
type canonical struct {
	Name, MeasurementID string
	Consent             spec.Consent
	UserProperties      []string
	Funnels             []spec.Funnel
	Events              []canonicalEvent
}

type canonicalEvent struct {
	Name, Kind, Category, Signal, Stage, Description, Benchmark string
	Consent                                                     string
	Trigger                                                     spec.Trigger
	Params                                                      []spec.Param
}

func canonicalize(s *spec.Spec) canonical {
	c := canonical{Name: s.Name, MeasurementID: s.MeasurementID}
	if s.Consent != nil {
		c.Consent = spec.Consent{Required: s.Consent.Required, AcceptSelector: s.Consent.AcceptSelector, DenySelector: s.Consent.DenySelector}
	}
	for _, up := range s.UserProperties {
		c.UserProperties = append(c.UserProperties, up.Name+"="+canonicalSource(up.From, up.Name))
	}
	for _, f := range s.Funnels {
		c.Funnels = append(c.Funnels, spec.Funnel{Name: f.Name, Steps: f.Steps})
	}
	for i := range s.Events {
		e := &s.Events[i]
		ce := canonicalEvent{Name: e.Name, Kind: e.Kind, Category: e.Category, Signal: e.Signal, Stage: e.Stage,
			Description: e.Description, Benchmark: e.Benchmark, Consent: consentString(effectiveConsent(s, e)),
			Trigger: canonicalTrigger(e.Trigger)}
		for _, p := range e.Params {
			p.Path, p.Pos = "", spec.Pos{}
			p.From = spec.Source{Kind: strings.SplitN(canonicalSource(p.From, p.Name), ":", 2)[0],
				Value: strings.SplitN(canonicalSource(p.From, p.Name), ":", 2)[1]}
			if p.Type == "" {
				p.Type = spec.TypeString
			}
			ce.Params = append(ce.Params, p)
		}
		c.Events = append(c.Events, ce)
	}
	return c
}

// TestImportRoundTrip: spec -> container -> import -> spec gives the same
// spec for everything a container carries, with no warning, and the
// container shows no drift against the spec it came from.
func TestImportRoundTrip(t *testing.T) {
	for _, sc := range specCases(t) {
		t.Run(sc.name, func(t *testing.T) {
			s := parseSpec(t, sc.file, sc.data)
			out, err := Generate(s, Options{Timestamp: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			yml, warns, err := Import(out, sc.name+".gtm.json")
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range warns {
				t.Errorf("unexpected warning on a generated container: %s", w)
			}
			back := parseSpec(t, "imported.yaml", yml)
			if diff := cmp.Diff(canonicalize(s), canonicalize(back)); diff != "" {
				t.Errorf("round trip changed the spec (-original +imported):\n%s\nimported YAML:\n%s", diff, yml)
			}
			c, err := ParseContainer(out, "c.json")
			if err != nil {
				t.Fatal(err)
			}
			if changes := Diff(s, c); len(changes) != 0 {
				t.Errorf("diff of a spec against its own container: %v", changes)
			}
			golden.Check(t, "testdata/golden/"+sc.name+".imported.yaml", yml)
		})
	}
}

// TestImportRealContainers imports hand-written containers in the shapes
// GTM has exported over the years and pins the spec and every warning.
func TestImportRealContainers(t *testing.T) {
	tests := []struct {
		file         string
		events       []string
		mid          string
		mustWarn     []string
		wantWarnings int
	}{
		{
			file: "ga4-legacy-config.json", events: []string{"sign_up", "file_download"}, mid: "G-SHOP12345",
			mustWarn: []string{
				`tag "GA4 - Event - file_download": parameter "file_name": {{JS - file name}} is a jsm variable`,
				`tag "GA4 - Event - file_download": parameter "link_label": the value "download: {{Click Text}}" mixes text and variables`,
				`tag "GA4 - Event - file_download": blocking trigger "Internal traffic" is not expressible`,
				`trigger "Link Click - PDF": condition {{Click URL}} MATCH_REGEX "\\.pdf$" is not expressible`,
				`tag "GA4 - Event - all dataLayer events": the event name "{{Event}}" is not a fixed name`,
				`tag "Chat widget" is Custom HTML that tagspec did not generate; not imported`,
				`trigger "CE - all events" (CUSTOM_EVENT) fires no imported GA4 event tag`,
				`trigger "Scroll 75" (SCROLL_DEPTH) fires no imported GA4 event tag`,
				`variable "Cookie - consent" (k) is used by no imported event`,
				`variable "DLV - signup.method": its value formatting {"caseConversionType":"LOWERCASE"} is not expressible`,
			},
			wantWarnings: 11,
		},
		{
			file:   "ga4-current-version-export.json",
			events: []string{"view_pricing", "testimonials_seen", "engaged_90s", "route_change", "video_milestone", "outbound_click"},
			mid:    "G-SAAS2024X",
			mustWarn: []string{
				`tag "Google tag": the Google tag's configSettingsTable is not expressible in a spec`,
				`trigger "History - pushState": condition {{History Source}} EQUALS "pushState" is not expressible`,
				`trigger "Click - outbound": condition {{Click URL}} CONTAINS "saas.example" (negated) is not expressible`,
				`tag "GA4 - outbound": parameter "link_domain": {{URL - click host}} reads another URL than the page's`,
				`variable "DLV - plan": its default value "none" is not expressible in a spec`,
				`variable "URL - click host" strips www from the host`,
			},
			wantWarnings: 6,
		},
		{
			file: "universal-analytics-2019.json",
			mustWarn: []string{
				`tag "UA - Pageview" is a Universal Analytics tag (TRACK_PAGEVIEW)`,
				`tag "UA - Event - Outbound link" is a Universal Analytics tag (TRACK_EVENT): Universal Analytics stopped processing data in 2023 and GA4 specs cannot express it; not imported (its event action "outbound_click" could become a GA4 event)`,
				`trigger "Outbound links" (LINK_CLICK) fires no imported GA4 event tag`,
				`variable "GA Settings" (gas) is used by no imported event`,
			},
			wantWarnings: 4,
		},
		{
			file: "format-1.3-2015.json",
			mustWarn: []string{
				`export format 1.3: read as a legacy container`,
				`tag "UA - all pages" is a Universal Analytics tag (TRACK_PAGEVIEW)`,
				`tag "UA - YouTube progress" is a Universal Analytics tag (TRACK_EVENT)`,
				`trigger "YouTube 25-50-75" (YOU_TUBE_VIDEO) fires no imported GA4 event tag`,
			},
			wantWarnings: 4,
		},
		{
			file: "server-container.json",
			mustWarn: []string{
				`GTM-SRV4XYZ is a server container`,
				`client "GA4" (gaaw_client) of the server container is not expressible in a spec`,
				`tag "GA4 - forward" of type sgtmgaaw is not a GA4 tag; not imported`,
				`tag "Conversion Linker" of type sgtmadscl is not a GA4 tag`,
				`trigger "Client = GA4" (ALWAYS) fires no imported GA4 event tag`,
			},
			wantWarnings: 5,
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "containers", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			yml, warns, err := Import(data, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			var msgs, lines []string
			for _, w := range warns {
				if w.Severity != spec.SeverityWarning || w.Pos.File != tc.file || w.Pos.Line == 0 || !strings.HasPrefix(w.Rule, "import/") {
					t.Errorf("warning not shaped as an import warning with a position: %+v", w)
				}
				msgs = append(msgs, w.Message)
				lines = append(lines, w.String())
			}
			for _, want := range tc.mustWarn {
				n := 0
				for _, m := range msgs {
					if strings.Contains(m, want) {
						n++
					}
				}
				if n != 1 {
					t.Errorf("want exactly one warning containing %q, got %d in:\n%s", want, n, strings.Join(msgs, "\n"))
				}
			}
			if len(msgs) != tc.wantWarnings {
				t.Errorf("want %d warnings, got %d:\n%s", tc.wantWarnings, len(msgs), strings.Join(msgs, "\n"))
			}
			s, diags, err := spec.Parse("imported.yaml", yml)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range diags {
				if d.Severity == spec.SeverityError && len(tc.events) > 0 {
					t.Errorf("imported spec does not load: %s\n%s", d, yml)
				}
			}
			var names []string
			for _, e := range s.Events {
				names = append(names, e.Name)
			}
			if !slices.Equal(names, tc.events) {
				t.Errorf("events = %v, want %v", names, tc.events)
			}
			if s.MeasurementID != tc.mid {
				t.Errorf("measurement_id = %q, want %q", s.MeasurementID, tc.mid)
			}
			golden.Check(t, "testdata/golden/import-"+strings.TrimSuffix(tc.file, ".json")+".yaml", yml)
			golden.Check(t, "testdata/golden/import-"+strings.TrimSuffix(tc.file, ".json")+".warnings.txt", []byte(strings.Join(lines, "\n")+"\n"))
		})
	}
}

func TestImportLegacyDetails(t *testing.T) {
	data, err := os.ReadFile("testdata/containers/ga4-legacy-config.json")
	if err != nil {
		t.Fatal(err)
	}
	yml, _, err := Import(data, "c.json")
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := spec.Parse("imported.yaml", yml)
	if err != nil {
		t.Fatal(err)
	}
	su, _ := s.Event("sign_up")
	if su == nil || su.Stage != "decision" || su.Description != "Account created (the site pushes sign_up)." ||
		su.Trigger.Kind != spec.TriggerDataLayer || su.Trigger.Event != "sign_up" {
		t.Fatalf("sign_up = %+v", su)
	}
	want := []string{"method=datalayer:signup.method", "signup_page=builtin:Page Path"}
	var got []string
	for _, p := range su.Params {
		got = append(got, p.Name+"="+p.From.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("sign_up params = %v, want %v (legacy eventParameters rows)", got, want)
	}
	if s.Consent == nil || !slices.Equal(s.Consent.Required, []string{"analytics_storage"}) {
		t.Errorf("consent from the gaawc tag: %+v", s.Consent)
	}
	fd, _ := s.Event("file_download")
	if fd == nil || fd.Trigger.Kind != spec.TriggerClick || fd.Trigger.Selector != "a" {
		t.Errorf("file_download trigger = %+v", fd)
	}
}

// TestContainerReadWriteKeepsUnknownFields: reading and writing a
// container keeps every member, modelled or not.
func TestContainerReadWriteKeepsUnknownFields(t *testing.T) {
	files, _ := filepath.Glob("testdata/containers/*.json")
	files = append(files, "testdata/golden/every-trigger.gtm.json")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			c, err := ParseContainer(data, f)
			if err != nil {
				t.Fatal(err)
			}
			out, err := c.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			var a, b any
			if err := json.Unmarshal(data, &a); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(out, &b); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(a, b); diff != "" {
				t.Errorf("read-write changed the container (-read +written):\n%s", diff)
			}
		})
	}
}

func TestParseContainerErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"empty", "", "c.json: empty file"},
		{"not an object", "[1,2]", "c.json:1:1: not a GTM container export"},
		{"zip", "PK\x03\x04", "c.json:1:1: not a GTM container export"},
		{"syntax", "{\n  \"exportFormatVersion\": 2,\n  \"containerVersion\": {,}\n}", "c.json:3:"},
		{"wrong type", "{\"exportFormatVersion\": 2, \"containerVersion\": {\"tag\": {\"name\": \"x\"}}}", "/containerVersion/tag: cannot read JSON object as array"},
		{"no entities", "{\"hello\": 1}", "not a GTM container export"},
		{"BOM then syntax error", "\xef\xbb\xbf{\n\"containerVersion\": [}", "c.json:2:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseContainer([]byte(tc.data), "c.json")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
