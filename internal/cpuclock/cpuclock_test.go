package cpuclock

import (
	"testing"
	"time"
)

func TestCPUTimeAdvancesWithWork(t *testing.T) {
	start := cpuTime()
	x := 0
	// Spin until the process has used some CPU: the clock must move.
	for i := 0; cpuTime()-start < 10*time.Millisecond; i++ {
		x += i
	}
	if cpuTime() <= start {
		t.Fatalf("cpuTime did not advance (%d)", x)
	}
}

func BenchmarkMeasure(b *testing.B) {
	s := make([]int, 1000)
	Measure(b, func() {
		for i := range s {
			s[i]++
		}
	})
}
