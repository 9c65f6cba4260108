package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB that records what Check reports instead of
// failing the real test, so that the failing cases can be asserted. The
// embedded TB (the real test) serves the methods Check never calls.
type recorder struct {
	testing.TB
	name   string
	errors []string
	fatal  string
	logs   []string
}

func (r *recorder) Helper()      {}
func (r *recorder) Name() string { return r.name }
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Logf(format string, args ...any) {
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

// Fatalf records the message and ends the goroutine, as testing.T does.
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// run calls f with a fresh recorder on its own goroutine, so that Fatalf
// can end it, and returns the recorder once f has returned or ended.
func run(t *testing.T, f func(tb testing.TB)) *recorder {
	r := &recorder{TB: t, name: "TestPrinter/json"}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

// failed reports whether the recorder saw an error or a fatal message.
func (r *recorder) failed() bool { return len(r.errors) > 0 || r.fatal != "" }

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mustContain fails t unless s holds every one of subs.
func mustContain(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s does not say %q:\n%s", what, sub, s)
		}
	}
}

// The rewrite command names this package: tests run in its directory.
const rewrite = "TAGSPEC_UPDATE=1 go test -run '^TestPrinter$' ./internal/golden"

func TestUpdateWritesAndSaysSo(t *testing.T) {
	t.Setenv(EnvUpdate, "1")
	path := filepath.Join(t.TempDir(), "deeper", "dir", "out.json")
	r := run(t, func(tb testing.TB) { Check(tb, path, []byte("{\"a\": 1}\n")) })
	if r.failed() {
		t.Fatalf("update failed: %q %q", r.errors, r.fatal)
	}
	if got := readFile(t, path); got != "{\"a\": 1}\n" {
		t.Errorf("file holds %q", got)
	}
	if len(r.logs) != 1 {
		t.Fatalf("logs = %q, want one line", r.logs)
	}
	mustContain(t, "the update log", r.logs[0], "wrote golden file "+path, "9 bytes")

	// The same output again: the file is left as it is, and the log says so.
	r = run(t, func(tb testing.TB) { CheckString(tb, path, "{\"a\": 1}\n") })
	if r.failed() || len(r.logs) != 1 {
		t.Fatalf("second update: errors %q, fatal %q, logs %q", r.errors, r.fatal, r.logs)
	}
	mustContain(t, "the second update log", r.logs[0], path+" is unchanged")

	// A different output replaces the file.
	r = run(t, func(tb testing.TB) { CheckString(tb, path, "new\n") })
	if r.failed() {
		t.Fatalf("third update failed: %q %q", r.errors, r.fatal)
	}
	if got := readFile(t, path); got != "new\n" {
		t.Errorf("file holds %q after the third update", got)
	}
}

func TestUpdateCannotWrite(t *testing.T) {
	t.Setenv(EnvUpdate, "1")
	dir := t.TempDir()
	// A file where Check needs a directory.
	writeFile(t, filepath.Join(dir, "file"), "x")
	path := filepath.Join(dir, "file", "out.txt")
	r := run(t, func(tb testing.TB) { CheckString(tb, path, "x") })
	mustContain(t, "the fatal message", r.fatal, "TAGSPEC_UPDATE=1: golden file "+path)
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name    string
		env     string
		want    string // the golden file
		got     string
		message []string // what the error says; nil when Check must pass
	}{
		{name: "same", want: "a\nb\n", got: "a\nb\n"},
		{name: "same with 0", env: "0", want: "a\n", got: "a\n"},
		{name: "empty file, empty output", want: "", got: ""},
		{
			name: "a line differs", want: "one\ntwo\nthree\n", got: "one\nTWO\nthree\n",
			message: []string{"differs from the output (-want +got)", "-", "two", "+", "TWO", rewrite},
		},
		{
			name: "0 still compares", env: "0", want: "one\n", got: "two\n",
			message: []string{"(-want +got)", "one", "two", rewrite},
		},
		{
			name: "CRLF file, LF output", want: "a\r\nb\r\n", got: "a\nb\n",
			message: []string{"only the line endings differ: the golden file has CRLF (\\r\\n) line endings, the output LF (\\n) line endings", rewrite},
		},
		{
			name: "mixed output", want: "a\nb\n", got: "a\r\nb\n",
			message: []string{"the output mixed line endings (1 of 2 lines end in CRLF)"},
		},
		{
			name: "missing final newline", want: "a\nb\n", got: "a\nb",
			message: []string{`only the end differs: the golden file ends with "\n", the output with no newline`, rewrite},
		},
		{
			name: "extra blank line", want: "a\n", got: "a\n\n",
			message: []string{`the golden file ends with "\n", the output with "\n\n"`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(EnvUpdate, tc.env)
			path := filepath.Join(t.TempDir(), "golden.txt")
			writeFile(t, path, tc.want)
			r := run(t, func(tb testing.TB) { CheckString(tb, path, tc.got) })
			if r.fatal != "" {
				t.Fatalf("fatal: %s", r.fatal)
			}
			if len(r.logs) != 0 {
				t.Errorf("compare mode logged %q", r.logs)
			}
			if tc.message == nil {
				if len(r.errors) != 0 {
					t.Errorf("Check failed on equal content: %q", r.errors)
				}
				return
			}
			if len(r.errors) != 1 {
				t.Fatalf("errors = %q, want one", r.errors)
			}
			mustContain(t, "the error", r.errors[0], append([]string{path}, tc.message...)...)
			if got := readFile(t, path); got != tc.want {
				t.Errorf("compare mode changed the golden file to %q", got)
			}
		})
	}
}

func TestMissingGoldenFile(t *testing.T) {
	t.Setenv(EnvUpdate, "")
	path := filepath.Join(t.TempDir(), "testdata", "absent.txt")
	after := false
	r := run(t, func(tb testing.TB) {
		Check(tb, path, []byte("x"))
		after = true
	})
	if after {
		t.Error("Check returned after a missing golden file; it must stop the test")
	}
	mustContain(t, "the fatal message", r.fatal, "golden file "+path+" does not exist; create it with: "+rewrite)
	if _, err := os.Stat(path); err == nil {
		t.Error("compare mode created the golden file")
	}
}

func TestUnreadableGoldenFile(t *testing.T) {
	t.Setenv(EnvUpdate, "")
	dir := t.TempDir() // a directory where a file is expected
	r := run(t, func(tb testing.TB) { Check(tb, dir, []byte("x")) })
	mustContain(t, "the fatal message", r.fatal, "golden file "+dir+":")
}

func TestBadSwitchValue(t *testing.T) {
	for _, v := range []string{"true", "yes", " 1", "2"} {
		t.Run(v, func(t *testing.T) {
			t.Setenv(EnvUpdate, v)
			path := filepath.Join(t.TempDir(), "golden.txt")
			writeFile(t, path, "old\n")
			r := run(t, func(tb testing.TB) { CheckString(tb, path, "new\n") })
			mustContain(t, "the fatal message", r.fatal, fmt.Sprintf("TAGSPEC_UPDATE=%q: set it to 1", v))
			if got := readFile(t, path); got != "old\n" {
				t.Errorf("a bad switch value rewrote the file: %q", got)
			}
		})
	}
}

func TestUpdateSwitch(t *testing.T) {
	for env, want := range map[string]bool{"1": true, "": false, "0": false} {
		t.Setenv(EnvUpdate, env)
		var got bool
		r := run(t, func(tb testing.TB) { got = Update(tb) })
		if r.failed() || got != want {
			t.Errorf("TAGSPEC_UPDATE=%q: Update = %v (fatal %q), want %v", env, got, r.fatal, want)
		}
	}
}

func TestRewriteCommandQuotesTheName(t *testing.T) {
	r := &recorder{TB: t, name: "TestA.B/sub"}
	mustContain(t, "the command", rerun(r), `-run '^TestA\.B$' ./internal/golden`)
}
