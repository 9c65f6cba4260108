package report

import (
	"bytes"
	"fmt"
	"testing"
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
		if err := Write("json", &buf, r); err != nil {
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
			r, err := ReadJSON(b.Context(), bytes.NewReader(d))
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
