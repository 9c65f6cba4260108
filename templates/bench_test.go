package templates

import (
	"fmt"
	"testing"

	"github.com/tagspec/tagspec/internal/cpuclock"
	"github.com/tagspec/tagspec/spec"
)

// benchSpec builds a spec of n events cycling through every trigger kind
// and parameter source, as a large real spec would.
func benchSpec(n int) *spec.Spec {
	triggers := []spec.Trigger{
		{Kind: spec.TriggerPageView, PathPrefix: "/p/"},
		{Kind: spec.TriggerClick, Selector: "a.cta", Text: "Go"},
		{Kind: spec.TriggerFormSubmit, Selector: "form#f"},
		{Kind: spec.TriggerFormStart, Selector: "form#f"},
		{Kind: spec.TriggerFormAbandon, Selector: "form#f"},
		{Kind: spec.TriggerScroll, Percent: []int{50, 90}},
		{Kind: spec.TriggerVideo, Provider: "youtube", Percent: []int{25, 100}},
		{Kind: spec.TriggerVideo, Provider: "html5", Percent: []int{50}},
		{Kind: spec.TriggerVisibility, Selector: "#x", Ratio: 0.5},
		{Kind: spec.TriggerTimer, Seconds: 30},
		{Kind: spec.TriggerTimer, Seconds: 30, Selector: "#calc"},
		{Kind: spec.TriggerDataLayer, Event: "lead"},
		{Kind: spec.TriggerHistoryChange, Pages: "^/app/"},
	}
	sources := []spec.Source{
		{Kind: spec.SourceDataLayer, Value: "form.location"},
		{Kind: spec.SourceBuiltin, Value: "Page Path"},
		{Kind: spec.SourceConst, Value: "v"},
		{Kind: spec.SourceURL, Value: "query:utm_source"},
		{Kind: spec.SourceElement, Value: "data-id"},
	}
	stagesCycle := []string{"awareness", "consideration", "decision", ""}
	s := &spec.Spec{Name: "bench", MeasurementID: "G-BENCH01", Consent: &spec.Consent{Required: []string{"analytics_storage"}}}
	for i := range n {
		e := spec.Event{Name: fmt.Sprintf("event_%04d", i), Kind: spec.KindMicro, Stage: stagesCycle[i%len(stagesCycle)],
			Description: "Benchmark event.", Trigger: triggers[i%len(triggers)]}
		if e.Trigger.Kind == spec.TriggerDataLayer {
			e.Trigger.Event = fmt.Sprintf("lead_%d", i)
		}
		for j := range 5 {
			src := sources[(i+j)%len(sources)]
			if src.Kind == spec.SourceDataLayer || src.Kind == spec.SourceConst {
				src.Value = fmt.Sprintf("%s_%d", src.Value, i%50) // a realistic amount of sharing
			}
			e.Params = append(e.Params, spec.Param{Name: fmt.Sprintf("param_%d", j), Type: spec.TypeString, From: src})
		}
		s.Events = append(s.Events, e)
	}
	return s
}

// BenchmarkGenerate measures spec -> container JSON at 200 and 2,000
// events; ns/event staying flat between the two shows linear cost.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{200, 2000} {
		s := benchSpec(n)
		b.Run(fmt.Sprintf("events=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var size int
			cpu0 := cpuclock.Now()
			for b.Loop() {
				out, err := Generate(s, Options{})
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/event")
			// CPU time of the process per event: steadier than wall time on a
			// machine shared with other work.
			b.ReportMetric(float64((cpuclock.Now()-cpu0).Nanoseconds())/float64(b.N)/float64(n), "cpu-ns/event")
			b.ReportMetric(float64(size)/float64(n), "bytes/event")
		})
	}
}

// BenchmarkImport reads back generated containers of 200 events (1x) and
// 2,000 events (10x) into specs: the 10x case takes about ten times as
// long when the importer is linear.
func BenchmarkImport(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"1x", 200}, {"10x", 2000}} {
		data, err := Generate(benchSpec(size.n), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			cpuclock.Measure(b, func() {
				if _, _, err := Import(data, "bench.json"); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
