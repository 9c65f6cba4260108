package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/gtmruntime"
	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

var t0 = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func pos(line int) spec.Pos { return spec.Pos{File: "tagspec.yaml", Line: line, Col: 7} }

// tinyPNG encodes a real 4x3 PNG, standing in for a failure screenshot.
func tinyPNG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for x := 0; x < 4; x++ {
		for y := 0; y < 3; y++ {
			img.Set(x, y, color.RGBA{R: uint8(60 * x), G: 90, B: uint8(80 * y), A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sampleReport builds a report the way a crawl does: spec journeys,
// observations of decoded real-format hits and dataLayer pushes, and the
// validator's findings.
func sampleReport(t testing.TB) *Report {
	s := &spec.Spec{File: "tagspec.yaml", Name: "Example shop", MeasurementID: "G-TEST01",
		Events: []spec.Event{
			{Name: "newsletter_signup", Pos: pos(10), Params: []spec.Param{{Name: "form_location", Type: spec.TypeString, Required: true, Enum: []any{"footer", "popup"}, Pos: pos(12)}}},
			{Name: "purchase", Pos: pos(20), Params: []spec.Param{{Name: "value", Type: spec.TypeNumber, Required: true, Pos: pos(22)}}},
		},
	}
	good := spec.Journey{Name: "newsletter from the blog", Pos: pos(30), Steps: []spec.Step{
		{Kind: spec.StepFill, Selector: "#email", Value: "qa@example.test", Pos: pos(32)},
		{Kind: spec.StepSubmit, Selector: "form#newsletter", Pos: pos(33)},
		{Kind: spec.StepExpect, Event: "newsletter_signup", Params: map[string]any{"form_location": "footer"}, Pos: pos(34)},
	}}
	bad := spec.Journey{Name: "checkout <fast> & \"safe\"", Pos: pos(40), Steps: []spec.Step{
		{Kind: spec.StepClick, Selector: "#buy", Pos: pos(41)},
		{Kind: spec.StepExpect, Event: "purchase", Pos: pos(42)},
		{Kind: spec.StepClick, Selector: "#confirm", Pos: pos(43)},
		{Kind: spec.StepExpectNone, Event: "newsletter_signup", Pos: pos(44)},
	}}
	decode := func(method, u, body string, at time.Time) *hits.Hit {
		h, err := hits.Decode(method, u, []byte(body), at)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	base := "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&_p=17&cid=1.2&gcs=G111&dl=https%3A%2F%2Fshop.example.test%2Fblog&dt=Blog"
	obsGood := &validator.Observation{Journey: good.Name, Steps: []validator.Step{
		{Index: 0, Kind: "fill", Start: t0.Add(1 * time.Second), End: t0.Add(1200 * time.Millisecond)},
		{Index: 1, Kind: "submit", Start: t0.Add(1200 * time.Millisecond), End: t0.Add(2 * time.Second)},
		{Index: 2, Kind: "expect", Start: t0.Add(2 * time.Second), End: t0.Add(2100 * time.Millisecond)},
	}}
	obsGood.Events = append(obsGood.Events, validator.EventsFromHit(decode("GET", base+"&en=page_view&_et=5", "", t0.Add(400*time.Millisecond)), 0, validator.NoStep, "")...)
	push := validator.Push{Time: t0.Add(1500 * time.Millisecond), Step: 1, Page: "https://shop.example.test/blog", Value: json.RawMessage(`{"event":"newsletter_signup","form_location":"footer"}`)}
	obsGood.DataLayer = append(obsGood.DataLayer, push)
	if ev, ok := validator.EventFromPush(push); ok {
		obsGood.Events = append(obsGood.Events, ev)
	}
	obsGood.Events = append(obsGood.Events, validator.EventsFromHit(decode("POST", base, "en=newsletter_signup&ep.form_location=footer&_et=900\r\nen=scroll&epn.percent_scrolled=90\r\n", t0.Add(1900*time.Millisecond)), 1, 1, "")...)

	shopBase := "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&_p=18&cid=1.2&gcs=G111&cu=EUR&dl=https%3A%2F%2Fshop.example.test%2Fcart&dt=Cart"
	obsBad := &validator.Observation{Journey: bad.Name, Steps: []validator.Step{
		{Index: 0, Kind: "click", Start: t0.Add(1 * time.Second), End: t0.Add(1500 * time.Millisecond)},
		{Index: 1, Kind: "expect", Start: t0.Add(1500 * time.Millisecond), End: t0.Add(1600 * time.Millisecond)},
		{Index: 2, Kind: "click", Start: t0.Add(1600 * time.Millisecond), End: t0.Add(11600 * time.Millisecond), Error: `no element matches "#confirm" within 10s`, Screenshot: "out/shots/checkout-3.png", ScreenshotPNG: tinyPNG(t)},
	}}
	obsBad.Events = append(obsBad.Events, validator.EventsFromHit(decode("POST", shopBase, "en=purchase&ep.value=49.99&pr1=idSKU-1~nmTee~~Edition~pr49.99~qt1\r\n", t0.Add(1300*time.Millisecond)), 0, 0, "")...)

	v := validator.New(s, validator.Options{})
	r := &Report{Name: s.Name, Spec: s.File, BaseURL: "https://shop.example.test", Started: t0, Duration: 12*time.Second + 345*time.Millisecond}
	r.Journeys = append(r.Journeys, NewJourney(&good, obsGood, v.Check(&good, obsGood)))
	r.Journeys = append(r.Journeys, NewJourney(&bad, obsBad, v.Check(&bad, obsBad)))
	// A finding of the crawl itself: part of the --container export the
	// runtime does not emulate.
	r.Findings = []validator.Finding{{Rule: "gtm/container-unsupported", Severity: spec.SeverityError, Step: validator.NoStep, EventIndex: -1,
		Pos: spec.Pos{File: "container.json"}, Message: `tag "Ads - conversion" (awct): tag type awct is not emulated`}}
	return r
}

// goldenPath is the golden file of one printer's output for the report
// called name: testdata/NAME.FORMAT.EXT.
func goldenPath(format, name string) string {
	ext := map[string]string{"text": "txt", "json": "json", "junit": "xml", "github": "txt", "html": "html", "sarif": "json"}
	return filepath.Join("testdata", name+"."+format+"."+ext[format])
}

func TestPrintersGolden(t *testing.T) {
	r := sampleReport(t)
	if !r.Journeys[0].Passed || r.Journeys[1].Passed {
		t.Fatalf("passed = %v, %v; want true, false", r.Journeys[0].Passed, r.Journeys[1].Passed)
	}
	for _, format := range diag.Formats {
		t.Run(string(format), func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(format, &b, r, testRules); err != nil {
				t.Fatal(err)
			}
			golden.CheckString(t, goldenPath(string(format), "report"), b.String())
			// Same report, same bytes.
			var again bytes.Buffer
			if err := Write(format, &again, r, testRules); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), again.Bytes()) {
				t.Error("printing twice gave different bytes")
			}
		})
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	err := Write("tap", &bytes.Buffer{}, &Report{}, testRules)
	if err == nil || !strings.Contains(err.Error(), `unknown report format "tap" (want text, json, junit, github, html or sarif)`) {
		t.Fatalf("err = %v", err)
	}
}

func TestJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := Write("json", &b, sampleReport(t), testRules); err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &top); err != nil {
		t.Fatal(err)
	}
	var topKeys []string
	for k := range top {
		topKeys = append(topKeys, k)
	}
	if d := cmp.Diff([]string{"base_url", "duration_seconds", "findings", "journeys", "name", "spec", "started", "version"}, sortStrings(topKeys)); d != "" {
		t.Errorf("top-level keys (-want +got):\n%s", d)
	}
	doc := map[string][]map[string]json.RawMessage{}
	for _, k := range []string{"journeys", "findings"} {
		var v []map[string]json.RawMessage
		if err := json.Unmarshal(top[k], &v); err != nil {
			t.Fatal(err)
		}
		doc[k] = v
	}
	if len(doc["journeys"]) != 2 || len(doc["findings"]) != 1 {
		t.Fatalf("top level = %d keys, %d journeys", len(doc), len(doc["journeys"]))
	}
	keysOf := func(raw json.RawMessage) []string {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		return sortStrings(ks)
	}
	j := doc["journeys"][1]
	var js []string
	for k := range j {
		js = append(js, k)
	}
	if d := cmp.Diff([]string{"events", "findings", "name", "passed", "steps"}, sortStrings(js)); d != "" {
		t.Errorf("journey keys (-want +got):\n%s", d)
	}
	var findings, events []json.RawMessage
	_ = json.Unmarshal(j["findings"], &findings)
	_ = json.Unmarshal(j["events"], &events)
	if len(findings) == 0 || len(events) == 0 {
		t.Fatal("failed journey has no findings or events")
	}
	if d := cmp.Diff([]string{"column", "event", "file", "line", "message", "page", "param", "rule", "severity", "step"}, keysOf(findings[0])); d != "" {
		t.Errorf("finding keys (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"hit", "name", "page", "params", "source", "time"}, keysOf(events[0])); d != "" {
		t.Errorf("event keys (-want +got):\n%s", d)
	}
	var ev struct {
		Params map[string]any `json:"params"`
	}
	_ = json.Unmarshal(events[0], &ev)
	if ev.Params["value"] != "49.99" {
		t.Errorf("ep.value should stay a string, got %#v", ev.Params["value"])
	}
	items, _ := ev.Params["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["item_name"] != "Tee~Edition" {
		t.Errorf("items = %#v", ev.Params["items"])
	}
}

func sortStrings(s []string) []string {
	for i := range s {
		for k := i + 1; k < len(s); k++ {
			if s[k] < s[i] {
				s[i], s[k] = s[k], s[i]
			}
		}
	}
	return s
}

func TestJUnitParses(t *testing.T) {
	var b bytes.Buffer
	if err := Write("junit", &b, sampleReport(t), testRules); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Cases []struct {
				Name    string    `xml:"name,attr"`
				Failure *struct{} `xml:"failure"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	// The crawl's own findings + 2 journeys + 1 expectation + 2
	// expectations.
	if doc.Tests != 6 || doc.Failures != 2 || doc.Skipped != 1 {
		t.Errorf("tests=%d failures=%d skipped=%d; want 6, 2, 1", doc.Tests, doc.Failures, doc.Skipped)
	}
	var names []string
	for _, c := range doc.Suites[0].Cases {
		names = append(names, c.Name)
	}
	want := []string{
		"crawl",
		"journey newsletter from the blog",
		`step 3: expect "newsletter_signup" with form_location=footer`,
		`journey checkout <fast> & "safe"`,
		`step 2: expect "purchase"`,
		`step 4: expect no "newsletter_signup"`,
	}
	if d := cmp.Diff(want, names); d != "" {
		t.Errorf("test cases (-want +got):\n%s", d)
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	var b bytes.Buffer
	if err := Write("html", &b, sampleReport(t), testRules); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<script", "<link", `src="http`, `href="http`, "@import", "url(http"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML report contains %q", bad)
		}
	}
	for _, want := range []string{"<svg", "data:image/png;base64,", `checkout &lt;fast&gt; &amp; &#34;safe&#34;`, "journey/param-type", "no element matches"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
}

// TestHTMLTimelineLegend checks that every kind of mark the timeline draws
// has a legend swatch drawn with the same CSS class, so that the legend
// shows the very colour it names, and that the red marks are explained.
func TestHTMLTimelineLegend(t *testing.T) {
	var b bytes.Buffer
	if err := Write("html", &b, sampleReport(t), testRules); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	start := strings.Index(out, `<p class="legend">`)
	if start < 0 {
		t.Fatal("no timeline legend")
	}
	legend := out[start : start+strings.Index(out[start:], "</p>")]
	timeline := out[strings.Index(out, "<svg "):start]
	classes := regexp.MustCompile(`<(?:rect|circle) class="([^"]+)"`)
	drawn := map[string]bool{}
	for _, m := range classes.FindAllStringSubmatch(timeline, -1) {
		drawn[m[1]] = true
	}
	explained := map[string]bool{}
	for _, m := range classes.FindAllStringSubmatch(legend, -1) {
		explained[m[1]] = true
	}
	for class := range drawn {
		// A flagged GA4 hit or dataLayer event shares the red ring.
		if strings.HasSuffix(class, " flagged") {
			class = "hit flagged"
		}
		if !explained[class] {
			t.Errorf("the timeline draws class %q but the legend has no swatch for it", class)
		}
	}
	for _, want := range []string{"step", "step expect", "step bad", "hit", "push", "hit flagged"} {
		if !explained[want] {
			t.Errorf("the legend has no swatch of class %q", want)
		}
	}
	for _, want := range []string{"red bar: step that failed", "red ring: event with a finding"} {
		if !strings.Contains(legend, want) {
			t.Errorf("the legend does not say %q", want)
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	r := &Report{Journeys: []Journey{{Name: "a,b", Findings: []validator.Finding{{
		Rule: "privacy/personal-data-hit", Severity: spec.SeverityError, Step: 0, Message: "100% bad\nreally", Pos: spec.Pos{File: "x:y.yaml", Line: 3, Col: 2}, EventIndex: -1,
	}}}}}
	var b bytes.Buffer
	if err := Write("github", &b, r, testRules); err != nil {
		t.Fatal(err)
	}
	want := "::error file=x%3Ay.yaml,line=3,col=2,title=tagspec privacy/personal-data-hit (journey a%2Cb)::step 1: 100%25 bad%0Areally\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

func TestLoadScreenshots(t *testing.T) {
	dir := t.TempDir()
	shot := filepath.Join(dir, "s.png")
	data := tinyPNG(t)
	if err := os.WriteFile(shot, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r := &Report{Journeys: []Journey{{Name: "j", Steps: []Step{
		{Step: validator.Step{Index: 0, Screenshot: shot}},
		{Step: validator.Step{Index: 1, Screenshot: filepath.Join(dir, "missing.png")}},
	}}}}
	err := LoadScreenshots(t.Context(), r)
	if err == nil || !strings.Contains(err.Error(), `journey "j" step 2: screenshot`) {
		t.Errorf("err = %v", err)
	}
	if !bytes.Equal(r.Journeys[0].Steps[0].ScreenshotPNG, data) {
		t.Error("screenshot not loaded")
	}
}

var _ = hits.TypeString

func TestJUnitWithoutExpectationList(t *testing.T) {
	r := sampleReport(t)
	for i := range r.Journeys {
		r.Journeys[i].Expectations = nil
	}
	var b bytes.Buffer
	if err := Write("junit", &b, r, testRules); err != nil {
		t.Fatal(err)
	}
	// The executed expectations still get their own test cases.
	for _, want := range []string{`name="step 3: expect &#34;newsletter_signup&#34; with form_location=footer"`, `name="step 2: expect &#34;purchase&#34;"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("JUnit lacks %s", want)
		}
	}
}

func TestNewJourneyStepsBeforeStep1(t *testing.T) {
	j := &spec.Journey{Name: "j", Start: "/pricing", Consent: spec.ConsentGranted, Pos: pos(5), Steps: []spec.Step{
		{Kind: spec.StepExpect, Event: "a", Pos: pos(6)},
		{Kind: spec.StepExpectNone, Event: "b", Pos: pos(7)},
	}}
	obs := &validator.Observation{Journey: "j", Steps: []validator.Step{
		{Index: validator.NoStep, Kind: spec.StepConsent},
		{Index: 0, Kind: spec.StepExpect},
	}}
	rj := NewJourney(j, obs, nil)
	var got []string
	for _, st := range rj.Steps {
		got = append(got, st.Description)
	}
	if d := cmp.Diff([]string{"consent granted (journey setting)", `expect "a"`}, got); d != "" {
		t.Errorf("step descriptions (-want +got):\n%s", d)
	}
	want := []Expectation{
		{Index: 0, Description: `expect "a"`, Pos: pos(6)},
		{Index: 1, Description: `expect no "b"`, Pos: pos(7), NotReached: true},
	}
	if d := cmp.Diff(want, rj.Expectations); d != "" {
		t.Errorf("expectations (-want +got):\n%s", d)
	}
	if !rj.Passed {
		t.Error("a journey without findings did not pass")
	}
}

// TestEmptyAndOddReports prints reports with nothing in them, and with
// journeys whose steps and events carry no times, in every format.
func TestEmptyAndOddReports(t *testing.T) {
	odd := &Report{Journeys: []Journey{{Name: "no times", Steps: []Step{{Step: validator.Step{Index: 0, Kind: "click", Error: "boom"}}},
		Events:   []validator.Event{{Source: validator.SourceDataLayer, Step: 5, Hit: -1}},
		Findings: []validator.Finding{{Rule: validator.RuleStepFailed, Severity: spec.SeverityError, Step: 0, EventIndex: 7}},
	}}}
	for _, r := range []*Report{{}, odd} {
		for _, format := range diag.Formats {
			var b bytes.Buffer
			if err := Write(format, &b, r, testRules); err != nil {
				t.Errorf("%s: %v", format, err)
			}
			if b.Len() == 0 && format != "github" {
				t.Errorf("%s printed nothing", format)
			}
		}
	}
}

// TestCrawlFindingsRoundTrip: the crawl's own findings survive the JSON
// report (tagspec report merge reads it) and a merge of shards that each
// carry them keeps them once.
func TestCrawlFindingsRoundTrip(t *testing.T) {
	r := sampleReport(t)
	var b bytes.Buffer
	if err := Write("json", &b, r, testRules); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(t.Context(), bytes.NewReader(b.Bytes()), testRules)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(r.Findings, back.Findings); d != "" {
		t.Errorf("crawl findings after a JSON round trip (-want +got):\n%s", d)
	}
	if !back.HasErrors() {
		t.Error("a report whose only error is a crawl finding has no errors")
	}
	a, c := *back, *back
	a.Journeys, c.Journeys = back.Journeys[:1], back.Journeys[1:]
	m, err := Merge([]Shard{{Source: "a.json", Report: &a}, {Source: "c.json", Report: &c}})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(r.Findings, m.Findings); d != "" {
		t.Errorf("merged crawl findings (-want +got):\n%s", d)
	}
	if got := m.Count().Errors; got != r.Count().Errors {
		t.Errorf("merged report counts %d errors, want %d", got, r.Count().Errors)
	}
}

func TestParsePos(t *testing.T) {
	for in, want := range map[string]spec.Pos{
		"container.json":  {File: "container.json"},
		"c.json:12":       {File: "c.json", Line: 12},
		"dir/c.json:12:3": {File: "dir/c.json", Line: 12, Col: 3},
		`C:\\x\\c.json`:   {File: `C:\\x\\c.json`},
		"odd:name:x":      {File: "odd:name:x"},
	} {
		if got := parsePos(in); got != want {
			t.Errorf("parsePos(%q) = %+v, want %+v", in, got, want)
		}
	}
}

// testRules is the catalogue the report tests print SARIF with: the
// validator's and the container runtime's rules. The crawler's rules
// (page/...) are not in it, since the crawler imports this package; the
// CLI's tests print them with every rule.
var testRules = func() *diag.Catalog {
	c, err := diag.NewCatalog(validator.Rules, gtmruntime.Rules)
	if err != nil {
		panic(err)
	}
	return c
}()
