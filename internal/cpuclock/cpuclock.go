// Package cpuclock reads the CPU time the process has used, for the
// figures of benchmarks and the per-input budget of fuzz targets. On a
// machine shared with other work the wall-clock ns/op of a benchmark
// swings with the load; the CPU time the process spends per operation is
// far steadier, so linear-growth checks (1x against 10x input) read it.
package cpuclock

import (
	"testing"
	"time"
)

// Measure runs the benchmark loop body op under b.Loop and reports the
// process's CPU time per operation as the "cpu-ns/op" metric beside
// ns/op.
func Measure(b *testing.B, op func()) {
	b.Helper()
	start := Now()
	for b.Loop() {
		op()
	}
	used := Now() - start
	b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

var processStart = time.Now()

// Now returns the user and system CPU time the process has used so far
// (wall-clock time since the process started where the system cannot
// tell). Differences of Now measure work, whatever else the machine does.
func Now() time.Duration { return cpuTime() }
