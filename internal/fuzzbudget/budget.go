// Package fuzzbudget holds each input of a fuzz target to a budget of
// CPU time, so that an input which makes a parser or checker slow fails
// the fuzz run like a crash does, with the input kept by the fuzzer.
//
// The budget counts the CPU time the test process spends on the input
// (getrusage), not wall-clock time: a busy machine slows an input down
// without making it use more CPU, so the check does not fail because
// other work shares the cores. A wall-clock watchdog, far longer than the
// budget, catches inputs that block or loop without finishing.
//
// The budget is 1 s of CPU per input (10 s under the race detector) and
// can be set with TAGSPEC_FUZZ_BUDGET (a Go duration). Every input the
// project's fuzz targets see is at most a few hundred kilobytes, so a
// second of CPU is already hundreds of times what a linear parser needs.
package fuzzbudget

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/tagspec/tagspec/internal/cpuclock"
)

// DefaultBudget is the CPU time one input may take when neither the race
// detector nor TAGSPEC_FUZZ_BUDGET says otherwise.
const DefaultBudget = time.Second

// watchdogFactor is how many budgets of wall-clock time may pass before
// an input counts as hung: generous, because a loaded machine can give a
// process a small share of a core.
const watchdogFactor = 120

// Budget returns the CPU time one input may take in this process.
func Budget() time.Duration {
	if s := os.Getenv("TAGSPEC_FUZZ_BUDGET"); s != "" {
		if d, err := time.ParseDuration(s); err == nil && d > 0 {
			return d
		}
	}
	if raceEnabled {
		return 10 * DefaultBudget
	}
	return DefaultBudget
}

// Run calls fn and fails t when fn takes more CPU time than Budget, or
// does not return within the watchdog's wall-clock time. input is shown
// in the failure, so that a slow input can be read off the log as well
// as from the fuzzer's corpus file.
//
// Failures of t inside fn (t.Fatal) still stop the test: fn runs on the
// test's own goroutine, and the watchdog runs beside it.
func Run(t testing.TB, input any, fn func()) {
	t.Helper()
	budget := Budget()
	hung := make(chan struct{})
	watch := time.AfterFunc(watchdogFactor*budget, func() { close(hung) })
	stopWatch := make(chan struct{})
	go func() {
		select {
		case <-hung:
			// The test goroutine is stuck inside fn: report and end the
			// process, so the fuzzer records the input as a failure.
			fmt.Fprintf(os.Stderr, "fuzzbudget: input still running after %s of wall-clock time: %s\n", watchdogFactor*budget, describe(input))
			os.Exit(2)
		case <-stopWatch:
		}
	}()
	// Deferred, so that a t.Fatal inside fn also disarms the watchdog.
	defer func() {
		watch.Stop()
		close(stopWatch)
	}()
	start := cpuclock.Now()
	fn()
	used := cpuclock.Now() - start
	if used > budget {
		t.Fatalf("input took %s of CPU, more than its budget of %s: %s", used.Round(time.Millisecond), budget, describe(input))
	}
}

// describe prints an input for a failure message, cut to a readable
// length: the fuzzer keeps the whole input in testdata/fuzz.
func describe(input any) string {
	s := fmt.Sprintf("%q", input)
	if len(s) > 400 {
		return fmt.Sprintf("%s... (%d characters quoted)", s[:400], len(s))
	}
	return s
}
