package ga4export

import (
	"bytes"
	"fmt"
	"syscall"
	"testing"
	"time"
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

// BenchmarkReadJSON measures NDJSON export rows decoded per second.
func BenchmarkReadJSON(b *testing.B) {
	rows := benchRows(20000)
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
	cpu0 := cpuSeconds()
	for b.Loop() {
		n := 0
		if err := ReadJSON(b.Context(), "bench.json", bytes.NewReader(data), func(*Event) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != len(rows) {
			b.Fatalf("read %d rows, want %d", n, len(rows))
		}
	}
	b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(len(rows)*b.N)/(cpuSeconds()-cpu0), "rows/cpu-s")
}

// BenchmarkReadParquet measures Parquet export rows decoded per second.
func BenchmarkReadParquet(b *testing.B) {
	rows := benchRows(20000)
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
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu0 := cpuSeconds()
	for b.Loop() {
		n := 0
		if err := ReadParquet(b.Context(), "bench.parquet", bytes.NewReader(data), int64(len(data)), func(*Event) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != len(rows) {
			b.Fatalf("read %d rows, want %d", n, len(rows))
		}
	}
	b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(len(rows)*b.N)/(cpuSeconds()-cpu0), "rows/cpu-s")
}

// cpuSeconds returns the user and system CPU time of this process. On a
// shared machine rows per CPU-second is steadier than rows per second.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
