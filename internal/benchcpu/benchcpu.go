// Package benchcpu adds the CPU time per operation to a Go benchmark's
// figures. On a machine shared with other work the wall-clock ns/op of a
// benchmark swings with the load; the CPU time the process spends per
// operation is far steadier, so linear-growth checks (1x against 10x
// input) read it.
package benchcpu

import (
	"testing"
	"time"
)

// Measure runs the benchmark loop body op under b.Loop and reports the
// process's CPU time per operation as the "cpu-ns/op" metric beside
// ns/op.
func Measure(b *testing.B, op func()) {
	b.Helper()
	start := cpuTime()
	for b.Loop() {
		op()
	}
	used := cpuTime() - start
	b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

var processStart = time.Now()
