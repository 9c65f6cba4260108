package diag_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/internal/golden"
)

// The rules of the test catalogue: three of lint's, with shortened texts.
const (
	ruleRecommendedEventName  = "ga4/recommended-event-name"
	ruleRecommendedEventValue = "ga4/recommended-event-value"
	ruleKeyEventCount         = "ga4/key-event-count"
)

// testCatalog lists three rules; printerInput also uses two rules it does
// not list (schema/type and spec/read), which SARIF must add after them.
func testCatalog(t *testing.T) *diag.Catalog {
	t.Helper()
	c, err := diag.NewCatalog([]diag.Rule{
		{ID: ruleRecommendedEventName, Severity: diag.SeverityWarning, Summary: "Events that mean a GA4 recommended event use its exact name.", Help: "GA4's reports understand recommended events by their exact name only. Rename the event."},
		{ID: ruleRecommendedEventValue, Severity: diag.SeverityInfo, Summary: "Ecommerce and lead events declare value (and currency).", Help: "Without value GA4 reports no revenue. Declare value and currency."},
		{ID: ruleKeyEventCount, Severity: diag.SeverityWarning, Summary: "A property has at most 30 key events.", Help: "Key events past the 30th cannot be marked. Keep the ones that matter."},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// printerInput is deliberately unsorted, holds a duplicate, positions that
// are partly unknown, a rule from the loader, and characters each format
// has to escape.
func printerInput() []diag.Finding {
	return []diag.Finding{
		{Pos: diag.Pos{File: "tagspec.yaml", Line: 12, Col: 11}, Severity: diag.SeverityWarning, Rule: ruleRecommendedEventName,
			Message: `event "signUp" looks like the GA4 recommended event "sign_up": name it "sign_up" so GA4's standard reports and parameter checks apply`},
		{Pos: diag.Pos{File: "tagspec.yaml", Line: 3, Col: 7}, Severity: diag.SeverityError, Rule: "schema/type",
			Message: `event "purchase": param "value" must be a number`},
		{Pos: diag.Pos{File: "tagspec.yaml", Line: 12, Col: 11}, Severity: diag.SeverityWarning, Rule: ruleRecommendedEventName,
			Message: `event "signUp" looks like the GA4 recommended event "sign_up": name it "sign_up" so GA4's standard reports and parameter checks apply`},
		{Pos: diag.Pos{File: "specs/shop, EU: v2.yaml", Line: 40, Col: 0}, Severity: diag.SeverityInfo, Rule: ruleRecommendedEventValue,
			Message: "100% of <leads> & more:\r\nline two, with a comma"},
		{Pos: diag.Pos{File: "tagspec.yaml"}, Severity: diag.SeverityError, Rule: ruleKeyEventCount,
			Message: "no line known"},
		{Pos: diag.Pos{}, Severity: diag.SeverityError, Rule: "spec/read", Message: "no file known"},
		{Pos: diag.Pos{File: "tagspec.yaml", Line: 20, Col: 9}, Severity: diag.SeverityError, Rule: "spec/duplicate-event",
			Related: []diag.Related{{Pos: diag.Pos{File: "tagspec.yaml", Line: 8, Col: 9}, Label: "first definition"}},
			Message: `event "sign_up" is defined twice (first at line 8); give each event one definition`},
		{Pos: diag.Pos{File: "tagspec.yaml", Line: 45, Col: 9}, Severity: diag.SeverityError, Rule: "journey/param-value",
			Journey: "signup", Step: 2, Page: "http://127.0.0.1/signup?x=1", Event: "sign_up", Param: "method", EventIndex: 4,
			Message: `param "method" is "E-Mail", not one of email, google`},
	}
}

func TestPrintersGolden(t *testing.T) {
	printers := []struct {
		golden string
		write  func(io.Writer, []diag.Finding) error
	}{
		{"printers.txt", diag.WriteText},
		{"printers.json", diag.WriteJSON},
		{"printers.github", diag.WriteGitHub},
		{"printers.sarif", func(w io.Writer, fs []diag.Finding) error { return diag.WriteSARIF(w, fs, testCatalog(t)) }},
	}
	for _, p := range printers {
		t.Run(p.golden, func(t *testing.T) {
			in := printerInput()
			var buf bytes.Buffer
			if err := p.write(&buf, in); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "testdata/"+p.golden, buf.Bytes())
			if diff := cmp.Diff(printerInput(), in); diff != "" {
				t.Errorf("printer modified its input:\n%s", diff)
			}
		})
	}
}

func TestPrintersEmpty(t *testing.T) {
	cases := []struct {
		name  string
		write func(io.Writer, []diag.Finding) error
		want  string
	}{
		{"text", diag.WriteText, ""},
		{"json", diag.WriteJSON, "{\n  \"version\": 2,\n  \"diagnostics\": []\n}\n"},
		{"github", diag.WriteGitHub, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, in := range [][]diag.Finding{nil, {}} {
				var buf bytes.Buffer
				if err := tc.write(&buf, in); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, buf.String()); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			}
		})
	}
	t.Run("sarif", func(t *testing.T) {
		var buf bytes.Buffer
		if err := diag.WriteSARIF(&buf, nil, testCatalog(t)); err != nil {
			t.Fatal(err)
		}
		log := decodeSARIF(t, buf.Bytes())
		if log.Runs[0].Results == nil || len(log.Runs[0].Results) != 0 {
			t.Errorf("results = %v, want an empty array", log.Runs[0].Results)
		}
		if !strings.Contains(buf.String(), `"results": []`) {
			t.Errorf("empty results not written as []:\n%s", buf.String())
		}
	})
}

// TestWriteJSONOneDocument decodes the output strictly: one document with
// exactly the agreed fields, sorted and de-duplicated.
func TestWriteJSONOneDocument(t *testing.T) {
	var buf bytes.Buffer
	if err := diag.WriteJSON(&buf, printerInput()); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	var doc struct {
		Version     int                `json:"version"`
		Diagnostics []diag.JSONFinding `json:"diagnostics"`
	}
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		t.Errorf("more than one JSON document: %v", err)
	}
	if doc.Version != diag.JSONVersion {
		t.Errorf("version = %d, want %d", doc.Version, diag.JSONVersion)
	}
	if got, want := len(doc.Diagnostics), len(printerInput())-1; got != want {
		t.Errorf("%d diagnostics, want %d (one duplicate removed)", got, want)
	}
	if first := doc.Diagnostics[0]; first.File != "" || first.Rule != "spec/read" {
		t.Errorf("first diagnostic = %+v, want the one without a file", first)
	}
}

func TestGitHubEscaping(t *testing.T) {
	var one bytes.Buffer
	diag.WriteGitHubCommand(&one, diag.SeverityWarning, diag.Pos{File: "a%b:c,d\ne", Line: 2}, "t,1", "100% a\r\nb: c, d")
	if got, want := one.String(), "::warning file=a%25b%3Ac%2Cd%0Ae,line=2,title=t%2C1::100%25 a%0D%0Ab: c, d\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	var buf bytes.Buffer
	if err := diag.WriteGitHub(&buf, printerInput()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(printerInput())-1 {
		t.Fatalf("%d lines, want one per distinct diagnostic:\n%s", len(lines), buf.String())
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::warning ") && !strings.HasPrefix(l, "::notice ") {
			t.Errorf("not a workflow command: %q", l)
		}
		props, _, ok := strings.Cut(strings.SplitN(l, " ", 2)[1], "::")
		if !ok {
			t.Errorf("no message separator: %q", l)
		}
		for _, kv := range strings.Split(props, ",") {
			if _, _, ok := strings.Cut(kv, "="); !ok {
				t.Errorf("property %q of %q is not key=value (a comma escaped badly?)", kv, l)
			}
		}
	}
}

// sarifDoc is the part of a SARIF log the tests look at.
type sarifDoc struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
		} `json:"results"`
	} `json:"runs"`
}

func decodeSARIF(t *testing.T, data []byte) sarifDoc {
	t.Helper()
	var log sarifDoc
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "tagspec" {
		t.Fatalf("not a tagspec SARIF 2.1.0 log with one run:\n%s", data)
	}
	return log
}

func TestSARIFRuleIndex(t *testing.T) {
	var buf bytes.Buffer
	if err := diag.WriteSARIF(&buf, printerInput(), testCatalog(t)); err != nil {
		t.Fatal(err)
	}
	log := decodeSARIF(t, buf.Bytes())
	run := log.Runs[0]
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	var catalogue []string
	for _, r := range testCatalog(t).Rules() {
		catalogue = append(catalogue, r.ID)
	}
	if !slices.Equal(ids[:len(catalogue)], catalogue) {
		t.Errorf("driver rules do not start with the catalogue's in order:\n%v", ids)
	}
	if len(ids) != len(catalogue)+4 { // schema/type, spec/read, spec/duplicate-event and journey/param-value
		t.Errorf("driver rules = %d, want the catalogue plus the 4 other rules used", len(ids))
	}
	for _, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(ids) || ids[res.RuleIndex] != res.RuleID {
			t.Errorf("result %s has ruleIndex %d, which is not its rule", res.RuleID, res.RuleIndex)
		}
	}
}
