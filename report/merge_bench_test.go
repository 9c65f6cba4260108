package report

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/tagspec/tagspec/internal/cpuclock"
)

// BenchmarkReadJSONMerge reads four shard reports of 250 journeys each
// (the JSON a large sharded crawl leaves) and merges them; journeys/s is
// the throughput of tagspec report merge before printing.
func BenchmarkReadJSONMerge(b *testing.B) {
	base := sampleReport(b)
	const shards, perShard = 4, 250
	docs := make([][]byte, shards)
	for s := range shards {
		r := &Report{}
		for i := range perShard {
			j := base.Journeys[i%len(base.Journeys)]
			j.Name = fmt.Sprintf("journey %d of shard %d", i, s)
			r.Journeys = append(r.Journeys, j)
		}
		var buf bytes.Buffer
		if err := Write("json", &buf, r, testRules); err != nil {
			b.Fatal(err)
		}
		docs[s] = buf.Bytes()
	}
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		in := make([]Shard, shards)
		for s, d := range docs {
			r, err := ReadJSON(b.Context(), bytes.NewReader(d), testRules)
			if err != nil {
				b.Fatal(err)
			}
			in[s] = Shard{Source: fmt.Sprint(s), Report: r}
		}
		m, err := Merge(in)
		if err != nil || len(m.Journeys) != shards*perShard {
			b.Fatalf("merge: %v, %d journeys", err, len(m.Journeys))
		}
	}
	b.ReportMetric(float64(shards*perShard*b.N)/b.Elapsed().Seconds(), "journeys/s")
}

// BenchmarkReadJSON reads a JSON report of 100 (1x) and 1,000 (10x)
// journeys: the 10x case must take about ten times as long, not more.
func BenchmarkReadJSON(b *testing.B) {
	base := sampleReport(b)
	for _, size := range []struct {
		name     string
		journeys int
	}{{"1x", 100}, {"10x", 1000}} {
		b.Run(size.name, func(b *testing.B) {
			r := &Report{}
			for i := range size.journeys {
				j := base.Journeys[i%len(base.Journeys)]
				j.Name = fmt.Sprintf("journey %d", i)
				r.Journeys = append(r.Journeys, j)
			}
			var buf bytes.Buffer
			if err := Write("json", &buf, r, testRules); err != nil {
				b.Fatal(err)
			}
			data := buf.Bytes()
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu0 := cpuclock.Now().Seconds()
			for b.Loop() {
				got, err := ReadJSON(b.Context(), bytes.NewReader(data), testRules)
				if err != nil {
					b.Fatal(err)
				}
				if len(got.Journeys) != size.journeys {
					b.Fatalf("%d journeys, want %d", len(got.Journeys), size.journeys)
				}
			}
			b.ReportMetric((cpuclock.Now().Seconds()-cpu0)*1e9/float64(b.N), "cpu-ns/op")
		})
	}
}
