//go:build conformance

package gtagstandin

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestContractRealBuilds checks every clause of the contract against each
// real gtag.js build in the folder TAGSPEC_REAL_TAGS names (files named
// gtag-<measurement ID>-*.js, never committed). It is what makes the
// contract, and so the stand-in, trustworthy; scripts/conformance.sh runs
// it.
func TestContractRealBuilds(t *testing.T) {
	for _, s := range realBuilds(t) {
		t.Run(s.name, func(t *testing.T) { checkContract(t, s) })
	}
}

var buildName = regexp.MustCompile(`^gtag-(G-[A-Z0-9]+)-.*\.js$`)

func realBuilds(t *testing.T) []subject {
	t.Helper()
	dir := os.Getenv("TAGSPEC_REAL_TAGS")
	if dir == "" {
		t.Fatal("TAGSPEC_REAL_TAGS must name a folder of real gtag.js builds (gtag-<G-ID>-<label>.js)")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []subject
	for _, e := range entries {
		m := buildName.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, subject{name: e.Name(), id: m[1], script: b})
	}
	if len(out) == 0 {
		t.Fatalf("no gtag-<G-ID>-*.js file in %s", dir)
	}
	return out
}
