//go:build !unix

package crawler

import "time"

// processCPU is not measured where getrusage does not exist: cpu-ns/op
// then reads 0.
func processCPU() time.Duration { return 0 }
