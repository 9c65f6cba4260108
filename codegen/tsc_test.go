package codegen

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tscDir holds the package.json and package-lock.json that pin the
// TypeScript compiler; npm ci installs it into tscDir/node_modules, which
// is not committed.
const tscDir = "testdata/tsc"

var (
	tscOnce sync.Once
	tscBin  string
	tscErr  error
)

// tsc returns the path of the pinned TypeScript compiler, installing it
// with npm ci on a fresh clone. A machine without npm fails the test: the
// compile check is part of CI and is never skipped.
func tsc(t *testing.T) string {
	t.Helper()
	tscOnce.Do(func() {
		bin, err := filepath.Abs(filepath.Join(tscDir, "node_modules", ".bin", "tsc"))
		if err != nil {
			tscErr = err
			return
		}
		if _, err := os.Stat(bin); err != nil {
			npm, err := exec.LookPath("npm")
			if err != nil {
				tscErr = fmt.Errorf("the TypeScript check needs npm to install the compiler into %s (npm ci): %v", tscDir, err)
				return
			}
			cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
			cmd.Dir = tscDir
			if out, err := cmd.CombinedOutput(); err != nil {
				tscErr = fmt.Errorf("npm ci in %s: %v\n%s", tscDir, err, out)
				return
			}
		}
		tscBin = bin
	})
	if tscErr != nil {
		t.Fatal(tscErr)
	}
	return tscBin
}

// tscError is one error tsc reports: file, line and code.
type tscError struct {
	File string
	Line int
	Code string
}

func (e tscError) String() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Code) }

var tscLine = regexp.MustCompile(`^(.+?)\((\d+),\d+\): error (TS\d+): `)

// runTSC compiles files (names in dir) with tsc --strict, checking
// JavaScript through its JSDoc types, and returns the errors reported.
// tsc failing for any other reason than errors in the files fails the test.
func runTSC(t *testing.T, dir string, files ...string) []tscError {
	t.Helper()
	args := []string{"--strict", "--noEmit", "--pretty", "false", "--target", "es2020", "--module", "esnext",
		"--moduleResolution", "bundler", "--lib", "es2020,dom", "--allowJs", "--checkJs"}
	cmd := exec.CommandContext(t.Context(), tsc(t), append(args, files...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var errs []tscError
	var other []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := tscLine.FindStringSubmatch(sc.Text())
		switch {
		case m != nil:
			n, _ := strconv.Atoi(m[2])
			errs = append(errs, tscError{File: m[1], Line: n, Code: m[3]})
		case strings.HasPrefix(sc.Text(), " "):
			// the continuation of the message above
		default:
			other = append(other, sc.Text())
		}
	}
	if len(other) > 0 || (err != nil && len(errs) == 0) {
		t.Fatalf("tsc %s: %v\n%s", strings.Join(files, " "), err, out)
	}
	if err == nil && len(errs) > 0 {
		t.Fatalf("tsc exited 0 and reported errors:\n%s", out)
	}
	if len(errs) > 0 {
		t.Logf("tsc %s:\n%s", strings.Join(files, " "), out)
	}
	return errs
}

var wantMarker = regexp.MustCompile(`// tsc: (TS\d+)\s*$`)

// wantedErrors reads the "// tsc: TSnnnn" markers of a calls file.
func wantedErrors(t *testing.T, path, name string) []tscError {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []tscError
	for i, l := range strings.Split(string(data), "\n") {
		if m := wantMarker.FindStringSubmatch(l); m != nil {
			out = append(out, tscError{File: name, Line: i + 1, Code: m[1]})
		}
	}
	return out
}

// TestTypeScriptStrict compiles the generated helpers of every starter and
// the example spec with tsc --strict: the TypeScript module, the JavaScript
// module (checked through its JSDoc types) and its .d.ts must compile
// cleanly, and testdata/calls/<spec>.ts, compiled with each, must give
// exactly the errors its markers name: a missing required param, an enum
// value the spec does not allow, a string where a number belongs.
func TestTypeScriptStrict(t *testing.T) {
	for _, c := range specCases(t) {
		t.Run(c.name, func(t *testing.T) {
			callsPath := filepath.Join("testdata", "calls", c.name+".ts")
			calls, err := os.ReadFile(callsPath)
			if err != nil {
				t.Fatalf("every spec needs a calls file with right and wrong calls: %v", err)
			}
			want := wantedErrors(t, callsPath, "calls.ts")
			if len(want) == 0 {
				t.Fatalf("%s has no wrong call marked // tsc: TSnnnn", callsPath)
			}
			for _, lang := range []Lang{TypeScript, JavaScript} {
				t.Run(string(lang), func(t *testing.T) {
					dir := t.TempDir()
					files := generate(t, c.spec, lang)
					writeFiles(t, dir, files)
					var names []string
					for _, f := range files {
						names = append(names, f.Name)
					}
					if err := os.WriteFile(filepath.Join(dir, "calls.ts"), calls, 0o644); err != nil {
						t.Fatal(err)
					}
					// One compile checks the generated files and the calls:
					// any error in a generated file is one no marker names.
					// Against the JavaScript module, calls.ts reads the .d.ts.
					got := runTSC(t, dir, append(names, "calls.ts")...)
					slices.SortFunc(got, func(a, b tscError) int { return strings.Compare(a.String(), b.String()) })
					slices.SortFunc(want, func(a, b tscError) int { return strings.Compare(a.String(), b.String()) })
					if d := cmp.Diff(want, got); d != "" {
						t.Errorf("tsc errors in the generated files and calls.ts (-want +got):\n%s", d)
					}
				})
			}
		})
	}
}
