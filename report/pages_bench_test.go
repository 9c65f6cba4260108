package report

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/tagspec/tagspec/diag"
)

// BenchmarkWriteSite prints the report of a crawl that checked 1000
// discovered pages in each human and CI format; pages/s is how fast a
// large site's report comes out.
func BenchmarkWriteSite(b *testing.B) {
	r := largeSite(b, 1000)
	for _, format := range []diag.Format{"text", "html", "junit", "json"} {
		b.Run(string(format), func(b *testing.B) {
			var buf bytes.Buffer
			if err := Write(format, &buf, r, testRules); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(buf.Len()))
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(format, io.Discard, r, testRules); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(r.Journeys)*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkMergePages reads the JSON reports of four shards that checked
// 250 discovered pages each and merges them (pages sorted by URL).
func BenchmarkMergePages(b *testing.B) {
	const shards = 4
	whole := largeSite(b, 1000)
	docs := make([][]byte, shards)
	for s := range shards {
		r := &Report{BaseURL: whole.BaseURL, Discovery: &Discovery{Start: whole.Discovery.Start, Found: 1000, Checked: 250, Shard: fmt.Sprintf("%d/%d", s+1, shards)}}
		for i := s; i < len(whole.Journeys); i += shards {
			r.Journeys = append(r.Journeys, whole.Journeys[i])
		}
		var buf bytes.Buffer
		if err := Write("json", &buf, r, testRules); err != nil {
			b.Fatal(err)
		}
		docs[s] = buf.Bytes()
	}
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
		if err != nil || len(m.Journeys) != 1000 || m.Discovery.Checked != 1000 {
			b.Fatalf("merge: %v, %d pages", err, len(m.Journeys))
		}
	}
	b.ReportMetric(float64(1000*b.N)/b.Elapsed().Seconds(), "pages/s")
}
