package benchmark

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/ga4export"
	"github.com/tagspec/tagspec/internal/golden"
)

// absentEventReport benchmarks example data generated for testSpec with
// the plan of a spec that has one more event, never_sent (measured against
// the newsletter range), which the data therefore never has.
func absentEventReport(t *testing.T) *Report {
	t.Helper()
	withAbsent := testSpec()
	ev := withAbsent.Events[0]
	ev.Name = "never_sent"
	withAbsent.Events = append(withAbsent.Events, ev)
	p := NewPlan(withAbsent, nil)
	acc := p.NewAccumulator(Options{})
	err := ExampleEvents(t.Context(), testSpec(), nil, ExampleOptions{Seed: 3, Days: 10, Users: 300}, func(ev *ga4export.Event) error {
		acc.Add(ev)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := p.Build(acc.Counts(), "example", []string{"example data (generated)"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestAbsentEventPrinted checks that every printer says "no data" for an
// event missing from the data, and that text and HTML show no 0% rate for
// it. The text and JSON outputs are goldens.
func TestAbsentEventPrinted(t *testing.T) {
	rep := absentEventReport(t)
	for _, format := range []string{FormatText, FormatJSON, FormatHTML} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(t.Context(), &buf, rep, format); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			switch format {
			case FormatText:
				golden.Check(t, "testdata/report/absent-event.text", buf.Bytes())
				row := regexp.MustCompile(`(?m)^never_sent +0 +\d+ +- +- +no data +1%-3%`)
				if !row.MatchString(out) {
					t.Errorf("no row for never_sent with rate -, interval - and verdict no data:\n%s", out)
				}
			case FormatJSON:
				golden.Check(t, "testdata/report/absent-event.json", buf.Bytes())
				if !strings.Contains(out, `"verdict": "no data",`) {
					t.Errorf("no \"no data\" verdict in the JSON")
				}
			case FormatHTML:
				i := strings.Index(out, "never_<wbr>sent")
				if i < 0 {
					t.Fatal("no row for never_sent")
				}
				row := out[i : i+strings.Index(out[i:], "</tr>")]
				if strings.Contains(row, "0.00%") || strings.Contains(row, "<circle") {
					t.Errorf("the row of an absent event shows a 0%% rate or an observed mark:\n%s", row)
				}
				if !strings.Contains(row, `<td class="verdict no-data">no data<br>`) {
					t.Errorf("the row of an absent event has no \"no data\" verdict:\n%s", row)
				}
			}
		})
	}
}

func htmlOf(t *testing.T, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestHTMLVerdictBesideInterval checks that each rate row shows its
// interval and, in the next cell, the verdict with its reason.
func TestHTMLVerdictBesideInterval(t *testing.T) {
	rep := exampleReportForTest(t)
	html := htmlOf(t, rep)
	for _, r := range rep.Rates {
		want := `<td class="n">` + intervalText(r) + `</td>` + "\n" +
			`<td class="verdict ` + verdictClass(r.Verdict) + `">` + r.Verdict + `<br><span class="muted why">` + strings.ReplaceAll(r.VerdictReason, "'", "&#39;") + `</span></td>`
		if !strings.Contains(html, want) {
			t.Errorf("%s: no interval cell followed by the verdict; want\n%s", r.Event, want)
		}
	}
}

// TestHTMLNumberHeadersAlign checks every table of the report: a column of
// right-aligned numbers has a right-aligned header.
func TestHTMLNumberHeadersAlign(t *testing.T) {
	html := htmlOf(t, exampleReportForTest(t))
	cell := regexp.MustCompile(`<(th|td)(?: class="([^"]*)")?>`)
	tables := regexp.MustCompile(`(?s)<table.*?</table>`).FindAllString(html, -1)
	if len(tables) < 3 {
		t.Fatalf("found %d tables, want rates, funnels and weights", len(tables))
	}
	for ti, table := range tables {
		var header []string
		for _, row := range strings.Split(table, "<tr")[1:] {
			cells := cell.FindAllStringSubmatch(row, -1)
			if len(cells) > 0 && cells[0][1] == "th" {
				header = header[:0]
				for _, c := range cells {
					header = append(header, c[2])
				}
				continue
			}
			for i, c := range cells {
				if c[2] == "n" && (i >= len(header) || header[i] != "n") {
					t.Errorf("table %d: column %d holds right-aligned numbers under a header that is not right-aligned", ti+1, i+1)
				}
			}
		}
	}
}

// TestHTMLLegendForEveryColour checks that every colour a chart draws with
// (bars, bands, marks and lines; text excluded) has a swatch in a legend.
func TestHTMLLegendForEveryColour(t *testing.T) {
	html := htmlOf(t, exampleReportForTest(t))
	legends := regexp.MustCompile(`(?s)<p class="legend muted">.*?</p>`)
	var inLegend strings.Builder
	for _, l := range legends.FindAllString(html, -1) {
		inLegend.WriteString(l)
	}
	charts := legends.ReplaceAllString(html, "")
	mark := regexp.MustCompile(`<(rect|circle|line) [^>]*?(?:fill|stroke)="(#[0-9a-f]{6})"`)
	seen := map[string]bool{}
	for _, m := range mark.FindAllStringSubmatch(charts, -1) {
		seen[m[2]] = true
	}
	if len(seen) < 6 {
		t.Fatalf("found %d chart colours, want the rate, funnel and weight charts' colours", len(seen))
	}
	for colour := range seen {
		if !strings.Contains(inLegend.String(), `"`+colour+`"`) {
			t.Errorf("colour %s is drawn in a chart but has no legend swatch", colour)
		}
	}
	if !strings.Contains(inLegend.String(), "biggest leak") {
		t.Error("the legend does not explain the red bar of the biggest leak")
	}
}

// TestWeightChartLogAxis checks that the lift axis is logarithmic: 2x and
// 0.5x lie the same distance from 1x, and 10x as far again as 100x is from
// 10x.
func TestWeightChartLogAxis(t *testing.T) {
	lift := func(v float64) Weight {
		lo, hi := v*0.9, v*1.1
		return Weight{Micro: "m" + strconv.FormatFloat(v, 'f', -1, 64), Unit: UnitSessions, Lift: &v, LiftLow: &lo, LiftHigh: &hi}
	}
	svg := string(weightChart([]Weight{lift(0.5), lift(1), lift(2), lift(10), lift(100)}))
	var xs []float64
	for _, m := range regexp.MustCompile(`<circle cx="([0-9.]+)"`).FindAllStringSubmatch(svg, -1) {
		x, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		xs = append(xs, x)
	}
	if len(xs) != 5 {
		t.Fatalf("found %d lift marks, want 5:\n%s", len(xs), svg)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.2 }
	if !near(xs[1]-xs[0], xs[2]-xs[1]) {
		t.Errorf("0.5x at %v, 1x at %v, 2x at %v: not equally far from 1x", xs[0], xs[1], xs[2])
	}
	if !near(xs[3]-xs[1], xs[4]-xs[3]) {
		t.Errorf("1x at %v, 10x at %v, 100x at %v: the decades differ in width", xs[1], xs[3], xs[4])
	}
	for _, tick := range []string{">0.1x<", ">1x<", ">10x<", ">100x<"} {
		if !strings.Contains(svg, tick) {
			t.Errorf("no axis label %s", tick)
		}
	}
}

// TestRatesTableWraps checks what keeps the rates table inside the page:
// fixed column widths, charts that shrink with their column, and event
// names that may wrap after an underscore.
func TestRatesTableWraps(t *testing.T) {
	html := htmlOf(t, exampleReportForTest(t))
	for _, want := range []string{
		"table.rates{table-layout:fixed}",
		`<table class="rates">`,
		"<strong>newsletter_<wbr>signup</strong>",
		`<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 250 34"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the HTML lacks %q", want)
		}
	}
}
