package benchmark

import (
	"syscall"
	"testing"
	"time"
)

// BenchmarkAccumulate measures rows per second through the local engine
// alone (no decoding): sessionisation, counters, durations and checks.
func BenchmarkAccumulate(b *testing.B) {
	d := generate(11, 7, 300)
	p := NewPlan(testSpec(), nil)
	var n int
	for _, day := range d.rows {
		n += len(day)
	}
	b.ReportAllocs()
	cpu0 := cpuSeconds()
	for b.Loop() {
		acc := p.NewAccumulator(Options{})
		for _, day := range d.rows {
			for i := range day {
				acc.Add(&day[i])
			}
		}
		_ = acc.Counts()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(n*b.N)/(cpuSeconds()-cpu0), "rows/cpu-s")
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
