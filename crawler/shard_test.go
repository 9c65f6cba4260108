package crawler

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/internal/fuzzbudget"
	"github.com/tagspec/tagspec/spec"
)

func TestParseShard(t *testing.T) {
	good := map[string]Shard{"1/1": {1, 1}, "2/4": {2, 4}, " 3/3 ": {3, 3}}
	for _, in := range []string{"1/1", "2/4", " 3/3 "} {
		got, err := ParseShard(in)
		if err != nil || got != good[in] {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", in, got, err, good[in])
		}
	}
	for _, bad := range []string{"", "1", "0/2", "3/2", "-1/2", "1/0", "0/0", "a/b", "1/2/3", "1//2", "/2"} {
		if _, err := ParseShard(bad); err == nil || !strings.Contains(err.Error(), "1 <= K <= N") {
			t.Errorf("ParseShard(%q) error %v, want one explaining K/N", bad, err)
		}
	}
}

// FuzzParseShard checks the K/N parser of --shard: it never panics and
// what it accepts is a valid share.
func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"1/2", "2/2", "0/1", "9999999999999999999/1", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fuzzbudget.Run(t, in, func() {
			s, err := ParseShard(in)
			if err == nil && (s.K < 1 || s.K > s.N) {
				t.Fatalf("ParseShard(%q) accepted %v", in, s)
			}
		})
	})
}

// TestShardJourneys checks that the shards of a spec split its journeys
// by spec index, each journey in exactly one shard, whatever --journey
// selects and in which order.
func TestShardJourneys(t *testing.T) {
	s := &spec.Spec{Environments: []spec.Environment{{Name: "e", BaseURL: "http://a.test"}}}
	for i := range 7 {
		s.Journeys = append(s.Journeys, spec.Journey{Name: fmt.Sprintf("j%d", i), Start: "/"})
	}
	names := func(opts Options) []string {
		t.Helper()
		cfg, err := newConfig(s, opts)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, j := range cfg.journeys {
			out = append(out, j.Name)
		}
		return out
	}
	want := map[Shard][]string{
		{1, 3}: {"j0", "j3", "j6"},
		{2, 3}: {"j1", "j4"},
		{3, 3}: {"j2", "j5"},
	}
	for sh, w := range want {
		if diff := cmp.Diff(w, names(Options{Shard: sh})); diff != "" {
			t.Errorf("shard %v (-want +got):\n%s", sh, diff)
		}
	}
	// The share does not depend on which journeys --journey names or in
	// which order: j4 stays in shard 2/3.
	if diff := cmp.Diff([]string{"j1", "j4"}, names(Options{Shard: Shard{2, 3}, Journeys: []string{"j4", "j2", "j1"}})); diff != "" {
		t.Errorf("shard 2/3 of a selection (-want +got):\n%s", diff)
	}
	// More shards than journeys: the extra shards are empty, not errors.
	if got := names(Options{Shard: Shard{9, 9}}); len(got) != 0 {
		t.Errorf("shard 9/9 of 7 journeys = %v, want none", got)
	}
	if _, err := newConfig(s, Options{Shard: Shard{3, 2}}); err == nil || !strings.Contains(err.Error(), "shard 3/2") {
		t.Errorf("shard 3/2 accepted: %v", err)
	}
}
