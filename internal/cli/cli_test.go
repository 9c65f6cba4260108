package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/internal/golden"
)

// TestMain makes the test binary double as the tagspec command, so that
// the .txtar scripts under testdata/script run the real CLI in a
// subprocess with real exit codes, stdout and stderr.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"tagspec": func() {
			// As cmd/tagspec: Ctrl-C and SIGTERM cancel the context.
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
			stop()
			os.Exit(code)
		},
	})
}

// TestScripts runs every testdata/script/*.txtar file. Set
// TAGSPEC_UPDATE=1 to rewrite the expected output in the scripts.
//
// Besides testscript's own commands and conditions, scripts have:
//   - exec tagspec ARGS: the CLI (always through exec, so that every
//     process a script starts is visible);
//   - [chromium]: a browser is found the way the crawler finds one
//     (crawler.FindBrowser, TAGSPEC_BROWSER when set); see
//     chromiumCondition for CI;
//   - serve-example [-no-tracking]: see serveExampleCmd.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       golden.Update(t),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Condition:           scriptCondition,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"serve-example": serveExampleCmd,
		},
		Setup: func(env *testscript.Env) error {
			// Keep the user's own config out of the scripts.
			env.Setenv("HOME", env.WorkDir)
			root, err := filepath.Abs("../..")
			if err != nil {
				return err
			}
			env.Setenv("REPO", root)
			// The browser the crawl, demo and preview commands use, as
			// for every other browser test.
			if b := os.Getenv("TAGSPEC_BROWSER"); b != "" {
				env.Setenv("TAGSPEC_BROWSER", b)
			}
			return nil
		},
	})
}

// scriptCondition answers the conditions testscript does not know.
func scriptCondition(cond string) (bool, error) {
	switch cond {
	case "chromium":
		return chromiumCondition(os.Getenv("TAGSPEC_BROWSER"), os.Getenv("CI") == "true")
	}
	return false, fmt.Errorf("unknown condition %q (tagspec's scripts know [chromium])", cond)
}

// chromiumCondition is [chromium]: true when a browser is found at path
// (or where the crawler looks when path is empty). In CI a missing
// browser is an error that fails the script rather than a false condition
// that skips it: browser tests never skip in CI.
func chromiumCondition(path string, ci bool) (bool, error) {
	_, err := crawler.FindBrowser(path)
	if err == nil {
		return true, nil
	}
	if ci {
		return false, fmt.Errorf("[chromium] in CI: %w (browser tests never skip in CI)", err)
	}
	return false, nil
}

// serveExampleCmd is the script command serve-example [-no-tracking]: it
// serves the example site (package examplesite; with -no-tracking its
// pages carry no tracking code, for a GTM container to run on) on a free
// loopback port, sets EXAMPLE_URL to its base URL (no trailing slash), and
// stops it when the script ends.
func serveExampleCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("serve-example cannot be negated")
	}
	var opts examplesite.Options
	switch {
	case len(args) == 1 && args[0] == "-no-tracking":
		opts.NoTracking = true
	case len(args) != 0:
		ts.Fatalf("usage: serve-example [-no-tracking]")
	}
	srv, err := examplesite.ServeOptions(context.Background(), "127.0.0.1:0", opts)
	ts.Check(err)
	ts.Defer(func() {
		if err := srv.Close(); err != nil && !errors.Is(err, context.Canceled) {
			ts.Logf("closing the example site: %v", err)
		}
	})
	ts.Setenv("EXAMPLE_URL", srv.URL)
}

// TestChromiumCondition: [chromium] is true when a browser is found, false
// outside CI when none is, and an error (a failed script, not a skipped
// one) in CI when none is.
func TestChromiumCondition(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-chromium")
	present, err := os.Executable() // any file that exists will do
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		path    string
		ci      bool
		want    bool
		wantErr bool
	}{
		{name: "found", path: present, want: true},
		{name: "found in CI", path: present, ci: true, want: true},
		{name: "missing", path: missing},
		{name: "missing in CI", path: missing, ci: true, wantErr: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := chromiumCondition(c.path, c.ci)
			if got != c.want || (err != nil) != c.wantErr {
				t.Errorf("chromiumCondition(%q, ci=%v) = %v, %v; want %v, error %v", c.path, c.ci, got, err, c.want, c.wantErr)
			}
		})
	}
	if _, err := scriptCondition("chromum"); err == nil {
		t.Error("an unknown condition is not an error")
	}
}
