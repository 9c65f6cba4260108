package fuzzbudget

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/tagspec/tagspec/internal/cpuclock"
)

// TestBudgetPassesQuickInput runs a cheap input under the budget.
func TestBudgetPassesQuickInput(t *testing.T) {
	Run(t, "quick", func() {})
}

// TestBudgetFailsSlowInput runs, in a child process, an input that burns
// more CPU than a tiny budget allows, and expects the failure to name it.
func TestBudgetFailsSlowInput(t *testing.T) {
	if os.Getenv("FUZZBUDGET_CHILD") == "1" {
		Run(t, "slow-input", func() {
			start := cpuclock.Now()
			for cpuclock.Now()-start < 50*time.Millisecond {
			}
		})
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestBudgetFailsSlowInput$")
	cmd.Env = append(os.Environ(), "FUZZBUDGET_CHILD=1", "TAGSPEC_FUZZ_BUDGET=10ms")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("slow input passed its budget:\n%s", out)
	}
	if !strings.Contains(string(out), `"slow-input"`) || !strings.Contains(string(out), "budget of 10ms") {
		t.Fatalf("failure does not name the input and budget:\n%s", out)
	}
}

// TestBudgetFromEnvironment reads TAGSPEC_FUZZ_BUDGET, ignoring nonsense.
func TestBudgetFromEnvironment(t *testing.T) {
	t.Setenv("TAGSPEC_FUZZ_BUDGET", "250ms")
	if got := Budget(); got != 250*time.Millisecond {
		t.Fatalf("Budget() = %s, want 250ms", got)
	}
	t.Setenv("TAGSPEC_FUZZ_BUDGET", "soon")
	if got := Budget(); got != DefaultBudget && got != 10*DefaultBudget {
		t.Fatalf("Budget() with a bad value = %s", got)
	}
}

// TestBudgetEndsHungInput runs, in a child process, an input that never
// returns: the watchdog must end the process and name the input.
func TestBudgetEndsHungInput(t *testing.T) {
	if os.Getenv("FUZZBUDGET_CHILD") == "hang" {
		Run(t, "hung-input", func() { select {} })
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestBudgetEndsHungInput$")
	cmd.Env = append(os.Environ(), "FUZZBUDGET_CHILD=hang", "TAGSPEC_FUZZ_BUDGET=1ms")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("hung input passed:\n%s", out)
	}
	if !strings.Contains(string(out), `still running`) || !strings.Contains(string(out), `"hung-input"`) {
		t.Fatalf("watchdog message does not name the input:\n%s", out)
	}
}

// TestBudgetFatalDisarmsWatchdog fails inside fn with a watchdog of a few
// milliseconds, then outlives it: the process must end with the test's
// own failure, not with the watchdog's "still running".
func TestBudgetFatalDisarmsWatchdog(t *testing.T) {
	if os.Getenv("FUZZBUDGET_CHILD") == "fatal" {
		t.Cleanup(func() { time.Sleep(200 * time.Millisecond) })
		Run(t, "fatal-input", func() { t.Fatal("the property failed") })
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestBudgetFatalDisarmsWatchdog$")
	cmd.Env = append(os.Environ(), "FUZZBUDGET_CHILD=fatal", "TAGSPEC_FUZZ_BUDGET=1ms")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "the property failed") {
		t.Fatalf("want the test's own failure:\n%s", out)
	}
	if strings.Contains(string(out), "still running") {
		t.Fatalf("the watchdog fired after t.Fatal:\n%s", out)
	}
}
