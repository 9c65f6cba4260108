// Package golden compares what a test produced with a golden file under
// the package's testdata/ and, when asked, rewrites the file instead.
//
// The one switch is the environment variable TAGSPEC_UPDATE: with
// TAGSPEC_UPDATE=1 every [Check] writes the output to its file (creating
// directories) and logs that it did; unset, empty or 0, [Check] compares
// and fails with a diff that names the file and the command that would
// rewrite it. Any other value fails the test, so that a mistyped switch
// never passes for a comparison.
//
//	TAGSPEC_UPDATE=1 go test ./report    # rewrite, then review with git diff
//
// The comparison is byte for byte: a helper that needs output free of
// ports, times or absolute paths normalises it before calling [Check].
package golden

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// EnvUpdate is the environment variable that makes [Check] rewrite golden
// files: TAGSPEC_UPDATE=1.
const EnvUpdate = "TAGSPEC_UPDATE"

// Update reports whether this test run rewrites golden files rather than
// comparing with them: true when TAGSPEC_UPDATE=1, false when it is unset,
// empty or 0. Any other value fails t, naming the value. Tests that keep
// expected output somewhere [Check] does not write (testscript files, a
// generated fixture) use it so that the same switch governs them.
func Update(t testing.TB) bool {
	t.Helper()
	switch v := os.Getenv(EnvUpdate); v {
	case "1":
		return true
	case "", "0":
		return false
	default:
		t.Fatalf("%s=%q: set it to 1 to rewrite golden files, or leave it unset to compare with them", EnvUpdate, v)
		return false
	}
}

// Check compares got with the golden file at path (relative to the
// package directory, as tests run there). With TAGSPEC_UPDATE=1 it writes
// got to path instead, creating its directory, and logs whether the file
// changed. Otherwise a missing file fails t at once, and a difference is
// reported with a -want +got diff; both messages say how to rewrite the
// file.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if Update(t) {
		write(t, path, got)
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("golden file %s does not exist; create it with: %s", path, rerun(t))
	}
	if err != nil {
		t.Fatalf("golden file %s: %v", path, err)
	}
	if bytes.Equal(want, got) {
		return
	}
	t.Errorf("%s differs from the output (-want +got):\n%s\nif the output is right, rewrite the file with: %s", path, describe(want, got), rerun(t))
}

// CheckString is [Check] for output held in a string.
func CheckString(t testing.TB, path, got string) {
	t.Helper()
	Check(t, path, []byte(got))
}

// write is the update half of Check.
func write(t testing.TB, path string, got []byte) {
	t.Helper()
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, got) {
		t.Logf("%s=1: golden file %s is unchanged", EnvUpdate, path)
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatalf("%s=1: golden file %s: %v", EnvUpdate, path, err)
	}
	if err := os.WriteFile(path, got, 0o644); err != nil {
		t.Fatalf("%s=1: golden file %s: %v", EnvUpdate, path, err)
	}
	t.Logf("%s=1: wrote golden file %s (%d bytes); review the change with git diff", EnvUpdate, path, len(got))
}

// describe says how want and got differ. Differences that a line diff
// shows poorly (line endings, the final newline) are named in words.
func describe(want, got []byte) string {
	lf := func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")) }
	if bytes.Equal(lf(want), lf(got)) {
		return fmt.Sprintf("only the line endings differ: the golden file has %s, the output %s",
			lineEnds(want), lineEnds(got))
	}
	if bytes.Equal(bytes.TrimRight(want, "\r\n"), bytes.TrimRight(got, "\r\n")) {
		return fmt.Sprintf("only the end differs: the golden file ends with %s, the output with %s",
			ending(want), ending(got))
	}
	return cmp.Diff(string(want), string(got))
}

// lineEnds names the line endings of b.
func lineEnds(b []byte) string {
	crlf := bytes.Count(b, []byte("\r\n"))
	n := bytes.Count(b, []byte("\n"))
	switch {
	case crlf == 0:
		return "LF (\\n) line endings"
	case crlf == n:
		return "CRLF (\\r\\n) line endings"
	default:
		return fmt.Sprintf("mixed line endings (%d of %d lines end in CRLF)", crlf, n)
	}
}

// ending names the line breaks at the end of b.
func ending(b []byte) string {
	tail := b[len(bytes.TrimRight(b, "\r\n")):]
	if len(tail) == 0 {
		return "no newline"
	}
	return fmt.Sprintf("%q", tail)
}

// rerun is the command that rewrites the golden files of t's top-level
// test in this package.
func rerun(t testing.TB) string {
	top, _, _ := strings.Cut(t.Name(), "/")
	return fmt.Sprintf("%s=1 go test -run '^%s$' %s", EnvUpdate, regexp.QuoteMeta(top), packageDir())
}

// packageDir is the directory tests run in, relative to the module root
// ("./report"), or "." when the module root cannot be found.
var packageDir = sync.OnceValue(func() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			rel, err := filepath.Rel(dir, wd)
			if err != nil || rel == "." {
				return "."
			}
			return "./" + filepath.ToSlash(rel)
		}
		if filepath.Dir(dir) == dir {
			return "."
		}
	}
})
