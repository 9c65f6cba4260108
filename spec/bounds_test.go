package spec

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// patternReader yields size bytes of YAML comment lines and counts how
// many bytes it was asked for, so that a test can see where reading
// stopped without holding a file of that size on disk.
type patternReader struct {
	size, read int
}

func (r *patternReader) Read(p []byte) (int, error) {
	if r.read >= r.size {
		return 0, io.EOF
	}
	n := min(len(p), r.size-r.read)
	for i := range n {
		if (r.read+i)%64 == 63 {
			p[i] = '\n'
		} else {
			p[i] = '#'
		}
	}
	r.read += n
	return n, nil
}

func TestReadSpecSizeBound(t *testing.T) {
	t.Run("at the bound", func(t *testing.T) {
		r := &patternReader{size: MaxFileSize}
		data, err := readSpec("big.yaml", r)
		if err != nil {
			t.Fatalf("a file of exactly MaxFileSize bytes: %v", err)
		}
		if len(data) != MaxFileSize {
			t.Errorf("read %d bytes, want %d", len(data), MaxFileSize)
		}
	})
	for _, size := range []int{MaxFileSize + 1, 4 * MaxFileSize} {
		t.Run(fmt.Sprintf("%d bytes", size), func(t *testing.T) {
			r := &patternReader{size: size}
			_, err := readSpec("big.yaml", r)
			var se *Error
			if !errors.As(err, &se) || se.Pos.File != "big.yaml" {
				t.Fatalf("err = %v, want a *spec.Error for big.yaml", err)
			}
			want := "big.yaml: the file is larger than 32 MiB (33554432 bytes), the largest spec tagspec reads: is it the right file?"
			if err.Error() != want {
				t.Errorf("err = %q\nwant %q", err, want)
			}
			if r.read > MaxFileSize+1 {
				t.Errorf("read %d bytes before refusing, want at most MaxFileSize+1 = %d", r.read, MaxFileSize+1)
			}
		})
	}
}

// nested returns a spec whose key "x" holds lists nested depth levels
// below the top-level mapping (which is depth 0).
func nested(depth int) string {
	return "version: 1\nevents: []\nx: " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\n"
}

func TestNestingBound(t *testing.T) {
	if _, _, err := Parse("deep.yaml", []byte(nested(MaxDepth))); err != nil {
		t.Fatalf("nesting of exactly MaxDepth levels: %v", err)
	}
	for _, depth := range []int{MaxDepth + 1, 100 * MaxDepth} {
		_, _, err := Parse("deep.yaml", []byte(nested(depth)))
		var se *Error
		if !errors.As(err, &se) {
			t.Fatalf("depth %d: err = %v, want a *spec.Error", depth, err)
		}
		want := "values are nested more than 200 levels deep, the most a spec may nest (is an alias used inside itself?)"
		if se.Pos.File != "deep.yaml" || se.Pos.Line != 3 || se.Message != want {
			t.Errorf("depth %d: err = %q, want deep.yaml:3:...: %s", depth, err, want)
		}
	}
}

// aliasSpec writes a spec with an anchor on a list of k values, m aliases
// to it, and a list of pad more values. It returns the YAML, how many
// values the file writes out (every value but mapping keys, an alias
// counting as one) and how many values the aliases copy in.
func aliasSpec(k, m, pad int) (yml string, written, copied int) {
	var b strings.Builder
	b.WriteString("version: 1\nevents: []\na: &a [")
	b.WriteString(strings.TrimSuffix(strings.Repeat("x, ", k), ", "))
	b.WriteString("]\nb: [")
	b.WriteString(strings.TrimSuffix(strings.Repeat("*a, ", m), ", "))
	b.WriteString("]\nc: [")
	b.WriteString(strings.TrimSuffix(strings.Repeat("y, ", pad), ", "))
	b.WriteString("]\n")
	// top-level mapping, version, events, the lists a, b and c, their
	// elements
	written = 6 + k + m + pad
	copied = m * (k + 1) // each alias copies the list and its k values
	return b.String(), written, copied
}

func TestAliasBound(t *testing.T) {
	const k, m = 99, 200
	// The limit is AliasRatio*written + AliasAllowance; choose the padding
	// that puts it exactly at what the aliases copy.
	_, written0, copied := aliasSpec(k, m, 0)
	pad := (copied-AliasAllowance)/AliasRatio - written0
	yml, written, copied := aliasSpec(k, m, pad)
	if AliasRatio*written+AliasAllowance != copied {
		t.Fatalf("test setup: limit %d, copied %d", AliasRatio*written+AliasAllowance, copied)
	}
	if _, _, err := Parse("alias.yaml", []byte(yml)); err != nil {
		t.Fatalf("aliases copying exactly the limit: %v", err)
	}
	// One value fewer written out lowers the limit by AliasRatio, below
	// what the aliases copy.
	yml, _, _ = aliasSpec(k, m, pad-1)
	_, _, err := Parse("alias.yaml", []byte(yml))
	var se *Error
	if !errors.As(err, &se) || se.Pos.File != "alias.yaml" || se.Pos.Line != 3 ||
		!strings.Contains(se.Message, fmt.Sprintf("copy in more than %d values", copied-AliasRatio)) {
		t.Fatalf("err = %v, want alias.yaml:3: ... copy in more than %d values", err, copied-AliasRatio)
	}
}

func TestAliasBoundAbsolute(t *testing.T) {
	// A file large enough that the ratio allows more than MaxAliasValues:
	// 1,001 aliases of a 1,000-value list copy 1,001,000 values.
	yml, written, copied := aliasSpec(999, 1001, 100_000)
	if AliasRatio*written+AliasAllowance <= MaxAliasValues || copied <= MaxAliasValues {
		t.Fatalf("test setup: written %d, copied %d", written, copied)
	}
	_, _, err := Parse("alias.yaml", []byte(yml))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("copy in more than %d values", MaxAliasValues)) {
		t.Fatalf("err = %v, want the %d-value bound", err, MaxAliasValues)
	}
}
