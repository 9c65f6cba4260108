package templates

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/spec"
)

// builtSize is CompiledSize of the container of benchSpec(n).
func builtSize(t *testing.T, n int) (*Container, int) {
	t.Helper()
	c, err := Build(benchSpec(n), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c, CompiledSize(c)
}

func TestContainerSizeLimitOneEventPast(t *testing.T) {
	// The largest number of benchmark events that fits in GTMSizeLimit.
	fits := sort.Search(1000, func(n int) bool {
		_, size := builtSize(t, n+1)
		return size > GTMSizeLimit
	})
	if fits < 10 || fits >= 1000 {
		t.Fatalf("%d realistic events fit in GTM's limit: the estimate is off", fits)
	}
	c, size := builtSize(t, fits)
	if err := CheckContainerSize(c, fits); err != nil {
		t.Fatalf("%d events, %d bytes: %v", fits, size, err)
	}
	c, size = builtSize(t, fits+1)
	err := CheckContainerSize(c, fits+1)
	var se *SizeError
	if !errors.As(err, &se) || se.Bytes != size || se.Events != fits+1 || se.AtLeast {
		t.Fatalf("%d events, %d bytes: err = %#v", fits+1, size, err)
	}
	want := fmt.Sprintf("the GTM container for %d events would be %d KB compiled (tagspec's estimate of what GTM serves as gtm.js), more than the 200 KB GTM allows in one container (GTM will not preview or publish a larger one): split the spec into containers of at most about %d events each (one per site or site section)",
		fits+1, (size+999)/1000, GTMSizeLimit*(fits+1)/size)
	if err.Error() != want {
		t.Errorf("error:\n%s\nwant\n%s", err, want)
	}
	t.Logf("%d benchmark events fit in %d bytes; %d take %d", fits, GTMSizeLimit, fits+1, size)
}

func TestSpecSizeBoundIsALowerBound(t *testing.T) {
	b := sizeBounds()
	if b.base <= 0 || b.perEvent <= 0 {
		t.Fatalf("bounds %+v", b)
	}
	// Whatever the events hold, each adds at least perEvent.
	for _, n := range []int{0, 1, 13, 50, 130} {
		c, size := builtSize(t, n)
		if least := b.base + n*b.perEvent; size < least {
			t.Errorf("%d events: CompiledSize %d, less than the early bound %d", n, size, least)
		}
		_ = c
	}
	// Minimal events, one per trigger kind without conditions: the bound
	// holds for them too.
	for _, kind := range []string{spec.TriggerPageView, spec.TriggerHistoryChange, spec.TriggerClick, spec.TriggerScroll, spec.TriggerFormSubmit} {
		s := &spec.Spec{MeasurementID: "G-0"}
		for i := range 30 {
			s.Events = append(s.Events, spec.Event{Name: fmt.Sprint(i), Trigger: spec.Trigger{Kind: kind}})
		}
		c, err := Build(s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if size, least := CompiledSize(c), b.base+30*b.perEvent; size < least {
			t.Errorf("30 %s events: CompiledSize %d, less than the early bound %d", kind, size, least)
		}
	}
	// The early check refuses one event past what the bound allows, and
	// says its figure is a lower bound.
	most := (GTMSizeLimit - b.base) / b.perEvent
	s := &spec.Spec{MeasurementID: "G-0", Events: make([]spec.Event, most)}
	if err := CheckSpecSize(s); err != nil {
		t.Errorf("%d events: %v", most, err)
	}
	s.Events = append(s.Events, spec.Event{})
	err := CheckSpecSize(s)
	if err == nil || !strings.HasPrefix(err.Error(), fmt.Sprintf("the GTM container for %s events would be at least ", thousands(most+1))) {
		t.Errorf("%d events: err = %v", most+1, err)
	}
}

func TestValidateGeneratedHasNoImportBound(t *testing.T) {
	c, err := Build(benchSpec(20), Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	// The same container in a buffer one byte longer than
	// MaxContainerBytes: the import reader refuses it, the check of
	// generated output does not. (The JSON decoder stops after the
	// container, so the zero bytes after it are never read, and the pages
	// holding them are never touched.)
	padded := make([]byte, MaxContainerBytes+1)
	copy(padded, out)
	if _, err := ValidateContainer(padded); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("ValidateContainer of %d bytes: err = %v, want the import bound", len(padded), err)
	}
	problems, err := ValidateGenerated(c, padded)
	if err != nil || len(problems) != 0 {
		t.Fatalf("ValidateGenerated of %d bytes: problems %v, err %v", len(padded), problems, err)
	}
	// It still finds what ValidateContainer finds.
	c.Version.Tags[1].FiringTriggerID = []string{"999999"}
	bad, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ValidateGenerated(c, bad)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ValidateContainer(bad)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(got) == 0 {
		t.Errorf("ValidateGenerated: %v\nValidateContainer: %v", got, want)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 20000: "20,000", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
