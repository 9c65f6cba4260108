package crawler

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// BenchmarkExpectWait measures the wait after a step on a page whose tag
// holds its events the way Google's real builds do: a click queues an
// event, the crawler runs the tag clock when the step ends, and an expect
// step follows. Each iteration is one journey in a fresh browser context;
// the benchmark reports the median and maximum time from the start of the
// click to the capture of the event's hit (hit-*-ms: the click itself, its
// wait for a navigation it might start, and the tag clock), and the
// median duration of the expect step. It runs on tagspec's stand-in for gtag.js and, when
// TAGSPEC_REAL_TAGS names a folder of real builds (gtag-<G-ID>-*.js, never
// committed), on each of them:
//
//	TAGSPEC_REAL_TAGS=/path/to/builds go test ./crawler -run '^$' -bench ExpectWait -benchtime 20x
func BenchmarkExpectWait(b *testing.B) {
	type subject struct{ name, id, file string }
	subjects := []subject{{"stand-in", "G-TAGSPEC01", "../examplesite/gtagstandin/gtag.js"}}
	if dir := os.Getenv("TAGSPEC_REAL_TAGS"); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "gtag-G-*.js"))
		re := regexp.MustCompile(`gtag-(G-[A-Z0-9]+)-`)
		for _, f := range files {
			if m := re.FindStringSubmatch(filepath.Base(f)); m != nil {
				subjects = append(subjects, subject{filepath.Base(f), m[1], f})
			}
		}
	}
	for _, sub := range subjects {
		b.Run(sub.name, func(b *testing.B) {
			s := tagWaitSpec(b, sub.id, `  - name: click then expect
    start: /tagwait?id=`+sub.id+`
    steps:
      - click: "#go"
      - expect: { event: wait_event, params: { label: sent, n: 1 } }
`)
			opts := Options{BaseURL: fakeOrigin, Routes: []Route{
				{Pattern: "tagspec.test/tagwait", File: "testdata/pages/tagwait.html"},
				{Pattern: "www.googletagmanager.com/gtag/js*", File: sub.file},
			}}
			var waits, expects []time.Duration
			for b.Loop() {
				obs, err := testBrowser.Observe(b.Context(), s, opts)
				if err != nil {
					b.Fatal(err)
				}
				o := obs[0]
				var clicked, sent time.Time
				for _, st := range o.Steps {
					switch st.Kind {
					case spec.StepClick:
						clicked = st.Start
					case spec.StepExpect:
						expects = append(expects, st.End.Sub(st.Start))
					}
				}
				for _, e := range o.Events {
					if e.Source == validator.SourceHit && e.Name == "wait_event" {
						sent = e.Time
					}
				}
				if clicked.IsZero() || sent.IsZero() {
					b.Fatalf("no wait_event hit after the click: %+v", o.Steps)
				}
				waits = append(waits, sent.Sub(clicked))
			}
			slices.Sort(expects)
			if len(expects) > 0 {
				b.ReportMetric(float64(expects[len(expects)/2].Microseconds())/1000, "expect-median-ms")
			}
			slices.Sort(waits)
			if len(waits) > 0 {
				b.ReportMetric(float64(waits[len(waits)/2].Microseconds())/1000, "hit-median-ms")
				b.ReportMetric(float64(waits[len(waits)-1].Microseconds())/1000, "hit-max-ms")
			}
		})
	}
}
