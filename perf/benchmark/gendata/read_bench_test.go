package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/tagspec/tagspec/ga4export"
	"github.com/tagspec/tagspec/internal/cpuclock"
)

// BenchmarkReadFull measures ga4export's readers on full-schema rows (the
// width of real exports) next to narrow rows holding the same events, so
// a reader that skips unneeded columns shows its gain: rows/s, bytes/s of
// input and CPU per row.
//
//	go test -run '^$' -bench ReadFull ./perf/benchmark/gendata
func BenchmarkReadFull(b *testing.B) {
	dir := b.TempDir()
	spec := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(spec, ecommerceStarter(b), 0o644); err != nil {
		b.Fatal(err)
	}
	const rows = 20_000
	for _, schema := range []string{"narrow", "full"} {
		out := filepath.Join(dir, schema)
		c := config{events: rows, perDay: rows, format: "both", schema: schema, specPath: spec, seed: 1, rowGroup: 128 << 10, out: out}
		if err := run(b.Context(), c); err != nil {
			b.Fatal(err)
		}
		for _, format := range []string{"json", "parquet"} {
			files, err := filepath.Glob(filepath.Join(out, "*."+format))
			if err != nil || len(files) != 1 {
				b.Fatalf("%s %s: files %v, %v", schema, format, files, err)
			}
			data, err := os.ReadFile(files[0])
			if err != nil {
				b.Fatal(err)
			}
			b.Run(schema+"/"+format, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				cpu0 := cpuclock.Now().Seconds()
				for b.Loop() {
					n := 0
					count := func(*ga4export.Event) error { n++; return nil }
					var err error
					if format == "json" {
						err = ga4export.ReadJSON(b.Context(), files[0], bytes.NewReader(data), count)
					} else {
						err = ga4export.ReadParquet(b.Context(), files[0], bytes.NewReader(data), int64(len(data)), count)
					}
					if err != nil {
						b.Fatal(err)
					}
					if n != rows {
						b.Fatalf("read %d rows, want %d", n, rows)
					}
				}
				b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
				b.ReportMetric((cpuclock.Now().Seconds()-cpu0)*1e9/float64(b.N*rows), "cpu-ns/row")
			})
		}
	}
}
