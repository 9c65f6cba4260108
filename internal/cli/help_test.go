package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestEveryCommandHasExamples walks the whole command tree, cobra's help
// and completion commands included, and asks --help of each: every one must
// print an Examples section whose lines run tagspec.
func TestEveryCommandHasExamples(t *testing.T) {
	a := &app{ctx: t.Context(), stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	root := newRootCmd(a)
	var walk func(c *cobra.Command)
	seen := 0
	walk = func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		seen++
		path := c.CommandPath()
		t.Run(path, func(t *testing.T) {
			args := append(strings.Fields(path)[1:], "--help")
			code, stdout, stderr := runCLI(t, args...)
			if code != ExitOK {
				t.Fatalf("%s --help: exit %d\n%s", path, code, stderr)
			}
			_, examples, ok := strings.Cut(stdout, "\nExamples:\n")
			if !ok || strings.TrimSpace(c.Example) == "" {
				t.Fatalf("%s --help has no Examples section:\n%s", path, stdout)
			}
			examples, _, _ = strings.Cut(examples, "\n\n")
			for _, line := range strings.Split(examples, "\n") {
				if !strings.Contains(line, "tagspec ") {
					t.Errorf("%s: example line %q does not run tagspec", path, line)
				}
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if seen < 20 {
		t.Errorf("walked %d commands; the tree should have more", seen)
	}
}

// TestErrorsNameAThingOnce runs commands that fail on bad input and checks
// that no message repeats its own prefix ("bigquery: bigquery: ...").
func TestErrorsNameAThingOnce(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", dir+"/no-credentials.json")
	runOK(t, "init")
	for _, args := range [][]string{
		{"bench", "--bigquery", "my-project.analytics_123456789"},
		{"bench", "--data", "missing.json"},
		{"bench", "--ranges", "missing.yaml", "--example"},
		{"crawl", "--env", "staging", "--shard", "5/4"},
		{"crawl", "--env", "nowhere"},
		{"crawl", "--env", "staging", "--route", "bad"},
		{"crawl", "--env", "staging", "--report", "pdf=x.pdf"},
		{"lint", "--ranges", "missing.yaml"},
		{"preview", "missing.json", "--url", "http://127.0.0.1:1/"},
		{"diff", "tagspec.yaml", "missing.json"},
		{"import", "gtm", "missing.json"},
		{"check-hits", "tagspec.yaml", "missing.har"},
		{"report", "merge", "missing.json"},
		{"demo", "--serve", "--addr", "256.0.0.1:1"},
	} {
		code, _, stderr := runCLI(t, args...)
		if code == ExitOK {
			t.Errorf("%v: exit 0, want an error", args)
			continue
		}
		if w := stutter(stderr); w != "" {
			t.Errorf("%v: %q repeats %q", args, stderr, w)
		}
	}
}

// stutter returns the first word that opens two consecutive parts of a
// colon-separated message ("x: x: ..."), or "".
func stutter(msg string) string {
	for _, line := range strings.Split(msg, "\n") {
		parts := strings.Split(line, ": ")
		for i := 1; i < len(parts); i++ {
			prev := strings.TrimLeft(strings.ToLower(strings.TrimSpace(parts[i-1])), "-") // a flag counts as its name
			cur := strings.ToLower(parts[i])
			if prev != "" && !strings.Contains(prev, " ") && (cur == prev || strings.HasPrefix(cur, prev+" ")) {
				return prev
			}
		}
	}
	return ""
}
