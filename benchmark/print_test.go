package benchmark

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/starters"
)

func exampleReportForTest(t *testing.T) *Report {
	t.Helper()
	rep, err := ExampleReport(t.Context(), testSpec(), nil, ExampleOptions{Seed: 3, Days: 10, Users: 300})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestPrintersGolden(t *testing.T) {
	rep := exampleReportForTest(t)
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(t.Context(), &buf, rep, format); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/report/example."+format, buf.Bytes())
		})
	}
}

func TestJSONShape(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, exampleReportForTest(t)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Rates   []map[string]json.RawMessage `json:"rates"`
		Funnels []json.RawMessage            `json:"funnels"`
		Weights []json.RawMessage            `json:"weights"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Rates) == 0 || len(doc.Funnels) == 0 || len(doc.Weights) == 0 {
		t.Fatalf("rates %d funnels %d weights %d; want all present", len(doc.Rates), len(doc.Funnels), len(doc.Weights))
	}
	for _, key := range []string{"event", "definition", "numerator", "denominator", "rate", "ci_low", "ci_high", "range", "verdict"} {
		if _, ok := doc.Rates[0][key]; !ok {
			t.Errorf("rate has no %q key", key)
		}
	}
}

func TestCSVIsRectangular(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, exampleReportForTest(t)); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]int{}
	for _, r := range recs[1:] {
		sections[r[0]]++
	}
	for _, s := range []string{"rate", "funnel", "weight"} {
		if sections[s] == 0 {
			t.Errorf("no %s rows in the CSV", s)
		}
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, exampleReportForTest(t)); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, bad := range []string{"<script src", "<link ", "@import", "url(http", `src="http`} {
		if strings.Contains(html, bad) {
			t.Errorf("the HTML report loads something from outside: found %q", bad)
		}
	}
	if n := strings.Count(html, "<svg "); n < 3 {
		t.Errorf("found %d inline SVG charts, want rates, funnels and weights", n)
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(t.Context(), &bytes.Buffer{}, &Report{}, "xml")
	if err == nil || !strings.Contains(err.Error(), `unknown format "xml": want one of text, json, csv, html`) {
		t.Fatalf("error = %v", err)
	}
}

// TestStartersBenchmark checks every starter template against the built-in
// ranges: each benchmark key must name a built-in range, and the example
// data must give every spec event a non-empty denominator.
func TestStartersBenchmark(t *testing.T) {
	for _, name := range starters.Names() {
		t.Run(name, func(t *testing.T) {
			data, err := starters.Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, diags, err := spec.Parse(name+".yaml", data)
			if err != nil || diag.HasErrors(diags) {
				t.Fatalf("parse: %v %v", err, diags)
			}
			rep, err := ExampleReport(t.Context(), s, nil, ExampleOptions{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range rep.Problems {
				if p.Rule == RuleUnknownRange {
					t.Errorf("%s", p.Message)
				}
			}
			for _, r := range rep.Rates {
				if r.Denominator == 0 {
					t.Errorf("%s: empty denominator (%s)", r.Event, r.Definition)
				}
			}
		})
	}
}
