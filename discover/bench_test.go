package discover

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkDiscover discovers a generated 1,000-page site on a loopback
// server (about 10 KB of HTML and 30 links per page) and reports pages per
// second. The server runs in the same process, so it shares the CPU with
// discovery.
func BenchmarkDiscover(b *testing.B) {
	const n = 1000
	for _, c := range []int{4, 16} {
		b.Run(fmt.Sprintf("concurrency=%d", c), func(b *testing.B) {
			srv := serveGenerated(b, &generated{n: n, extra: 20, filler: 10 << 10})
			opts := Options{Start: []string{srv.URL + "/p/0"}, Concurrency: c, MaxPages: 2 * n}
			b.ReportAllocs()
			start := time.Now()
			pages := 0
			for b.Loop() {
				res, err := Discover(b.Context(), opts)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Pages) != n {
					b.Fatalf("%d pages, want %d", len(res.Pages), n)
				}
				pages += len(res.Pages)
			}
			b.ReportMetric(float64(pages)/time.Since(start).Seconds(), "pages/s")
		})
	}
}
