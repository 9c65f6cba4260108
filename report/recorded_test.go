package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// recordedReport builds a report the way tagspec check-hits does: one
// entry per HAR file, read with validator.ReadHAR and checked with no
// consent choice, so that hits before consent are reported "in the
// recording".
func recordedReport(t testing.TB) *Report {
	s := &spec.Spec{File: "tagspec.yaml", Name: "Example shop", MeasurementID: "G-TEST01",
		Consent: &spec.Consent{Required: []string{"analytics_storage"}, Pos: pos(3)},
		Events: []spec.Event{
			{Name: "newsletter_signup", Pos: pos(10), Params: []spec.Param{{Name: "form_location", Type: spec.TypeString, Required: true, Pos: pos(12)}}},
			{Name: "purchase", Pos: pos(20), Params: []spec.Param{{Name: "value", Type: spec.TypeNumber, Required: true, Pos: pos(22)}}},
		},
	}
	files := []struct{ name, har string }{
		// One hit carrying one event, and a batch carrying two: a
		// cookieless ping (a warning) and a hit that says consent was
		// granted (an error), before the visitor chose.
		{"blog.har", `{"log": {"entries": [
  {"startedDateTime": "2026-11-22T12:00:00.400Z", "request": {"method": "GET", "url": "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&cid=1.2&gcs=G100&dl=https%3A%2F%2Fshop.example.test%2Fblog&en=page_view"}},
  {"startedDateTime": "2026-11-22T12:00:05.000Z", "request": {"method": "POST", "url": "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&cid=1.2&gcs=G111&gcd=13r3r3r2r5l1&dl=https%3A%2F%2Fshop.example.test%2Fblog",
    "postData": {"text": "en=newsletter_signup&ep.form_location=footer\r\nen=scroll&epn.percent_scrolled=90"}}}
]}}`},
		// A value pushed as a string.
		{"cart.har", `{"log": {"entries": [
  {"startedDateTime": "2026-11-22T12:10:00.000Z", "request": {"method": "GET", "url": "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&cid=1.2&gcs=G101&dl=https%3A%2F%2Fshop.example.test%2Fcart&en=purchase&ep.value=49.99&cu=EUR"}}
]}}`},
	}
	v := validator.New(s, validator.Options{})
	r := &Report{Name: s.Name, Spec: s.File, Recorded: true}
	for _, f := range files {
		obs, bad, err := validator.ReadHAR(t.Context(), strings.NewReader(f.har), f.name, nil)
		if err != nil || len(bad) > 0 {
			t.Fatalf("%s: %v %v", f.name, err, bad)
		}
		j := spec.Journey{Name: f.name}
		r.Journeys = append(r.Journeys, NewJourney(&j, obs, v.Check(&j, obs)))
	}
	return r
}

func TestRecordedPrintersGolden(t *testing.T) {
	r := recordedReport(t)
	for _, format := range diag.Formats {
		t.Run(string(format), func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(format, &b, r, testRules); err != nil {
				t.Fatal(err)
			}
			golden.CheckString(t, goldenPath(string(format), "recorded"), b.String())
		})
	}
}

// TestRecordedRoundTrip checks that a recorded report read back from its
// JSON (as tagspec report merge does) prints the same summary: it is still
// about HAR files, and hits are still told from the events they carried.
func TestRecordedRoundTrip(t *testing.T) {
	r := recordedReport(t)
	var js, want bytes.Buffer
	if err := Write("json", &js, r, testRules); err != nil {
		t.Fatal(err)
	}
	if err := Write("text", &want, r, testRules); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(t.Context(), bytes.NewReader(js.Bytes()), testRules)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Merge([]Shard{{Source: "a.json", Report: back}})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := Write("text", &got, m, testRules); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want.String(), got.String()); d != "" {
		t.Errorf("text of the recorded report after a JSON round trip and merge (-want +got):\n%s", d)
	}
}
