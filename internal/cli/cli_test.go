package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain makes the test binary double as the tagspec command, so that
// the .txtar scripts under testdata/script run the real CLI in a
// subprocess with real exit codes, stdout and stderr.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"tagspec": func() {
			os.Exit(Run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs every testdata/script/*.txtar file. Set
// TAGSPEC_UPDATE=1 to rewrite the expected output in the scripts.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: os.Getenv("TAGSPEC_UPDATE") != "",
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
