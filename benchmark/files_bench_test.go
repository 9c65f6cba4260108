package benchmark

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/tagspec/tagspec/ga4export"
	"github.com/tagspec/tagspec/internal/cpuclock"
)

// BenchmarkRunFiles reads the same eight days of synthetic export as one
// file and as eight daily files, each decoded on one goroutine (jobs 1) or
// on several (jobs 2 and jobs 0 = GOMAXPROCS), NDJSON and Parquet. It reports events per second of wall time and per second of
// CPU time: on a loaded machine the CPU figure is the steadier one, and
// the parallel runs should keep it close to the sequential one while the
// wall figure grows with free cores.
//
//	go test ./benchmark -run '^$' -bench RunFiles -benchtime 3x
func BenchmarkRunFiles(b *testing.B) {
	d := generate(21, 8, 16000)
	var events int
	for _, day := range d.rows {
		events += len(day)
	}
	plan := NewPlan(testSpec(), nil)
	for _, format := range []string{"json", "parquet"} {
		dir := b.TempDir()
		daily := writeExport(b, d, dir, format)
		one := filepath.Join(dir, "all."+format)
		writeOneFile(b, d, one, format)
		for _, c := range []struct {
			name  string
			paths []string
			jobs  int
		}{
			{"1file", []string{one}, 1},
			{"8files-jobs1", daily, 1},
			{"8files-jobs2", daily, 2},
			{"8files-jobs0", daily, 0},
		} {
			b.Run(fmt.Sprintf("%s/%s", format, c.name), func(b *testing.B) {
				cpu0 := cpuclock.Now().Seconds()
				for b.Loop() {
					rep, err := RunFiles(b.Context(), plan, c.paths, Options{Jobs: c.jobs})
					if err != nil {
						b.Fatal(err)
					}
					if rep.Rows != int64(events) {
						b.Fatalf("%d rows read, want %d", rep.Rows, events)
					}
				}
				cpu := cpuclock.Now().Seconds() - cpu0
				b.ReportMetric(float64(events*b.N)/b.Elapsed().Seconds(), "events/s")
				b.ReportMetric(float64(events*b.N)/cpu, "events/cpu-s")
				b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
			})
		}
	}
}

// writeOneFile writes every day of the synthetic export into one file.
func writeOneFile(b *testing.B, d *synthData, path, format string) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	var write func(*ga4export.Event) error
	var flush func() error
	switch format {
	case "json":
		w := ga4export.NewJSONWriter(f)
		write, flush = w.Write, w.Flush
	case "parquet":
		w := ga4export.NewParquetWriter(f)
		write, flush = w.Write, w.Close
	}
	for _, day := range d.rows {
		for i := range day {
			if err := write(&day[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}
