package crawler

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/validator"
)

// The linear-time benchmarks come in pairs, /1x and /10x: the /10x input
// is ten times the /1x one, so ns/op should grow about tenfold (at most
// 11x), never a hundredfold. Each also reports cpu-ns/op, the process's
// CPU time per operation, which a busy machine does not inflate the way
// it inflates wall-clock ns/op.

// BenchmarkMatchPattern matches long URLs against long patterns built to
// make a backtracking glob matcher slow: many "*" whose pieces almost
// match, and one "*" before a long piece that matches everywhere but the
// end. Both fail, after reading the whole URL (a trailing "*", so the end
// of the URL alone cannot rule them out).
func BenchmarkMatchPattern(b *testing.B) {
	for _, scale := range []int{1, 10} {
		n := 2000 * scale
		url := "http://a.test/" + strings.Repeat("x", n)
		manyStars := "a.test/" + strings.Repeat("x*", n/20) + "y*"
		longPiece := "a.test/*" + strings.Repeat("x", n/20) + "y*"
		b.Run(fmt.Sprintf("%dx", scale), func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				if hits.MatchPattern(manyStars, url) || hits.MatchPattern(longPiece, url) {
					b.Fatal("matched")
				}
			}
		})
	}
}

// BenchmarkCDPPatterns turns long patterns with many "*" into the
// browser's interception patterns.
func BenchmarkCDPPatterns(b *testing.B) {
	for _, scale := range []int{1, 10} {
		p := "https://*.a.test:8080/" + strings.Repeat("x*\\?", 200*scale)
		b.Run(fmt.Sprintf("%dx", scale), func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				_ = cdpPatterns(p)
			}
		})
	}
}

// BenchmarkAddPush reads dataLayer pushes of 100 KB (1x) and 1 MB (10x,
// near MaxPushBytes): a wide ecommerce push with many items, and one
// nested to validator.MaxPushDepth with long strings full of brackets.
func BenchmarkAddPush(b *testing.B) {
	for _, scale := range []int{1, 10} {
		var items []string
		for i := range 1000 * scale {
			items = append(items, fmt.Sprintf(`{"item_id":"SKU-%d","item_name":"[{\"x\":1}]","price":%d.5,"quantity":1}`, i, i))
		}
		wide := `{"event":"purchase","ecommerce":{"items":[` + strings.Join(items, ",") + `]}}`
		deep := strings.Repeat(`{"a":"[[[[{{{{","n":`, validator.MaxPushDepth-1) + `{"b":"` + strings.Repeat("]", 60000*scale) + `"}` + strings.Repeat("}", validator.MaxPushDepth-1)
		payloads := []string{pushJSON(b, wide), pushJSON(b, deep)}
		b.Run(fmt.Sprintf("%dx", scale), func(b *testing.B) {
			b.SetBytes(int64(len(payloads[0]) + len(payloads[1])))
			defer reportCPU(b)()
			for b.Loop() {
				c := newCapture(time.Now)
				for _, p := range payloads {
					c.addPush(p)
				}
				if len(c.pushes) != 2 {
					b.Fatalf("kept %d pushes, warnings %v", len(c.pushes), c.pageErrors)
				}
			}
		})
	}
}

func pushJSON(tb testing.TB, value string) string {
	tb.Helper()
	if !jsonValidString(value) {
		tb.Fatalf("benchmark push is not JSON: %.200s", value)
	}
	return `{"page":"http://a.test/","value":` + quoteJSON(value) + `}`
}

func jsonValidString(s string) bool { return jsonValid([]byte(s)) }

func quoteJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// reportCPU starts counting the process's CPU time and returns the
// function that reports it per operation as cpu-ns/op.
func reportCPU(b *testing.B) func() {
	start := processCPU()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}
