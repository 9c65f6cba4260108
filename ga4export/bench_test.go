package ga4export

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/tagspec/tagspec/internal/cpuclock"
)

// benchRows builds n export rows shaped like a web property's events.
func benchRows(n int) []Event {
	rows := make([]Event, n)
	names := []string{"page_view", "session_start", "user_engagement", "scroll", "pricing_view", "generate_lead"}
	for i := range rows {
		sid := int64(1740000000 + i/8)
		rows[i] = Event{
			Date: "20250301", Timestamp: 1740787200000000 + int64(i)*1000, Name: names[i%len(names)],
			UserPseudoID: fmt.Sprintf("%d.%d", 100000+i/16, 1700000000+i/16),
			Params: []Param{
				{Key: "ga_session_id", Kind: ValueInt, Int: sid},
				{Key: "ga_session_number", Kind: ValueInt, Int: 3},
				{Key: "page_location", Kind: ValueString, String: "https://www.example.com/pricing?utm_source=newsletter"},
				{Key: "engagement_time_msec", Kind: ValueInt, Int: int64(i % 5000)},
				{Key: "session_engaged", Kind: ValueString, String: "1"},
			},
		}
	}
	return rows
}

// growth is the 1x and 10x input sizes of the linear-time benchmarks: the
// 10x case must take about ten times as long as the 1x case, not more.
var growth = []struct {
	name string
	rows int
}{{"1x", 2000}, {"10x", 20000}}

// reportMetrics adds rows per second and CPU time per operation, which is
// steadier than ns/op on a shared machine.
func reportMetrics(b *testing.B, rows int, cpu0 float64) {
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric((cpuclock.Now().Seconds()-cpu0)*1e9/float64(b.N), "cpu-ns/op")
}

// BenchmarkReadJSON measures NDJSON export rows decoded per second.
func BenchmarkReadJSON(b *testing.B) {
	for _, size := range growth {
		b.Run(size.name, func(b *testing.B) {
			rows := benchRows(size.rows)
			var buf bytes.Buffer
			w := NewJSONWriter(&buf)
			for i := range rows {
				if err := w.Write(&rows[i]); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				b.Fatal(err)
			}
			data := buf.Bytes()
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu0 := cpuclock.Now().Seconds()
			for b.Loop() {
				n := 0
				if err := ReadJSON(b.Context(), "bench.json", bytes.NewReader(data), func(*Event) error { n++; return nil }); err != nil {
					b.Fatal(err)
				}
				if n != len(rows) {
					b.Fatalf("read %d rows, want %d", n, len(rows))
				}
			}
			reportMetrics(b, len(rows), cpu0)
		})
	}
}

// BenchmarkReadParquet measures Parquet export rows decoded per second
// and per CPU-second: the row reader (the reference, readParquetRows)
// against the column reader on one goroutine and on GOMAXPROCS, keeping
// every param or none (SessionID and TransactionID are filled either
// way, as the benchmark engine needs).
func BenchmarkReadParquet(b *testing.B) {
	type reader struct {
		name string
		read func(ctx context.Context, data []byte, fn func(*Event) error) error
	}
	columns := func(opts ReadOptions) func(context.Context, []byte, func(*Event) error) error {
		return func(ctx context.Context, data []byte, fn func(*Event) error) error {
			return ReadParquetOptions(ctx, "bench.parquet", bytes.NewReader(data), int64(len(data)), opts, fn)
		}
	}
	readers := []reader{
		{"rows", func(ctx context.Context, data []byte, fn func(*Event) error) error {
			return readParquetRows(ctx, "bench.parquet", bytes.NewReader(data), int64(len(data)), ReadOptions{}, fn)
		}},
		{"columns/jobs=1", columns(ReadOptions{Jobs: 1})},
		{"columns/jobs=1/keep=none", columns(ReadOptions{Jobs: 1, KeepParams: map[string]bool{}})},
		{"columns/jobs=max", columns(ReadOptions{})},
		{"columns/jobs=max/keep=none", columns(ReadOptions{KeepParams: map[string]bool{}})},
	}
	for _, size := range growth {
		rows := benchRows(size.rows)
		var buf bytes.Buffer
		w := NewParquetWriter(&buf)
		for i := range rows {
			if err := w.Write(&rows[i]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		data := buf.Bytes()
		for _, rd := range readers {
			b.Run(size.name+"/"+rd.name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				cpu0 := cpuclock.Now().Seconds()
				for b.Loop() {
					n := 0
					if err := rd.read(b.Context(), data, func(*Event) error { n++; return nil }); err != nil {
						b.Fatal(err)
					}
					if n != len(rows) {
						b.Fatalf("read %d rows, want %d", n, len(rows))
					}
				}
				reportMetrics(b, len(rows), cpu0)
				b.ReportMetric(float64(len(rows)*b.N)/(cpuclock.Now().Seconds()-cpu0), "rows/cpu-s")
			})
		}
	}
}

// reportCSV is a GA4 Events report download with n rows under "Event
// name" and a secondary "Session source" dimension.
func reportCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("# ----------------------------------------\r\n# Events: Event name\r\n# Account: Example\r\n# Property: Example shop\r\n# ----------------------------------------\r\n#\r\n# All Users\r\n# Start date: 20250301\r\n# End date: 20250331\r\n")
	b.WriteString("Event name,Session source,Event count,Total users,\"Event count per user\",Total revenue\r\n")
	for i := range n {
		fmt.Fprintf(&b, "event_%d,\"news, letter\",%d,%d,%.2f,0\r\n", i%300, 1000+i, 100+i%97, float64(1000+i)/float64(100+i%97))
	}
	return b.Bytes()
}

// BenchmarkReadReport measures GA4 report CSV rows parsed per second.
func BenchmarkReadReport(b *testing.B) {
	for _, size := range growth {
		b.Run(size.name, func(b *testing.B) {
			n := size.rows * 5
			data := reportCSV(n)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu0 := cpuclock.Now().Seconds()
			for b.Loop() {
				rep, err := ReadReport(b.Context(), "bench.csv", bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				if got := len(rep.Sections[0].Rows); got != n {
					b.Fatalf("read %d rows, want %d", got, n)
				}
			}
			reportMetrics(b, n, cpu0)
		})
	}
}
