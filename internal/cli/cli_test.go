package cli

import (
	"context"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

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
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: golden.Update(t),
		Setup: func(env *testscript.Env) error {
			// Keep the user's own config out of the scripts.
			env.Setenv("HOME", env.WorkDir)
			root, err := filepath.Abs("../..")
			if err != nil {
				return err
			}
			env.Setenv("REPO", root)
			return nil
		},
	})
}
