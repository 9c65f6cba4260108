// Package cli is the tagspec command line: cobra commands, their typed
// settings (decoded from flags, TAGSPEC_* environment variables and the
// config file), and the mapping of results to exit codes. It is the only
// package that knows about flags, environment variables and config files;
// every other package receives plain typed values.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// commands lists the constructors of the subcommands, in the order of
// `tagspec --help`. Add a command here with one line.
var commands = []func(*app) *cobra.Command{
	newDemoCmd,
	newInitCmd,
	newLintCmd,
	newRulesCmd,
	newGenerateCmd, newImportCmd, newDiffCmd,
	newPushCmd, newPullCmd,
	newCrawlCmd,
	newCheckHitsCmd,
	newReportCmd,
	newPreviewCmd,
	newBenchCmd,
	newSchemaCmd,
	newVersionCmd,
}

// app is what every command shares for one invocation: the streams, the
// config file named with --config, and the settings each command declared.
type app struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	wd     string

	configPath string                         // --config: where the settings are, so not a setting itself
	settings   map[*cobra.Command]*settingSet // by command, from app.declare
}

// Run executes the tagspec command line with args (without the program
// name) and returns the process exit code. It never calls os.Exit.
//
// Configuration comes from flags, TAGSPEC_* environment variables and the
// .tagspec.yaml file found from the working directory upward, in that order
// of precedence.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "tagspec: %v\n", err)
		return ExitFailure
	}
	a := &app{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, wd: wd}
	root := newRootCmd(a)
	root.SetArgs(args)
	err = unknownCommand(root, args)
	if err == nil {
		err = root.ExecuteContext(ctx)
	}
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) && ee.printed {
		return ee.code
	}
	fmt.Fprintf(stderr, "tagspec: %v\n", err)
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "Run 'tagspec --help' for usage.\n")
	}
	return exitCode(err)
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "tagspec",
		Short: "Spec, generate, verify and benchmark GA4 conversion tracking",
		Long: `tagspec turns one YAML spec of micro- and macro-conversion events into everything
around it: a linted tracking plan, a Google Tag Manager container to import, a
headless-Chromium check of the live site, and a benchmark of observed rates.

  spec (tagspec.yaml) -> lint -> GTM container -> crawl in Chromium -> verdict -> benchmark

Exit codes: 0 clean, 1 findings, 2 bad input or usage, 3 tool or browser failure.`,
		Example: `  tagspec init                       # a starter spec in tagspec.yaml
  tagspec lint                       # check it
  tagspec demo --serve &             # the example site, the starter's staging site
  tagspec crawl --env staging        # run its journeys in headless Chromium
  tagspec demo                       # or: the whole pipeline on the built-in example`,
		Args:              usageArgs(cobra.NoArgs), // see unknownCommand
		SilenceUsage:      true,
		SilenceErrors:     true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.PersistentFlags().StringVar(&a.configPath, "config", "", "config file (default: .tagspec.yaml in the working directory or a parent)")
	// --env is decoded with every command's settings (Config.Env).
	root.PersistentFlags().String("env", "", "environment of the spec to use (staging, production, ...); also TAGSPEC_ENV")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &usageError{err: err}
	})
	for _, newCmd := range commands {
		root.AddCommand(newCmd(a))
	}
	addBuiltinExamples(root)
	return root
}

// addBuiltinExamples adds cobra's help and completion commands now, rather
// than when they run, and gives them examples like every other command.
func addBuiltinExamples(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Example = "  tagspec help crawl                # the same as tagspec crawl --help"
		case "completion":
			c.Example = `  source <(tagspec completion bash)
  tagspec completion zsh > "${fpath[1]}/_tagspec"`
			for _, sh := range c.Commands() {
				switch sh.Name() {
				case "bash":
					sh.Example = "  source <(tagspec completion bash)"
				case "zsh":
					sh.Example = `  tagspec completion zsh > "${fpath[1]}/_tagspec"`
				case "fish":
					sh.Example = "  tagspec completion fish > ~/.config/fish/completions/tagspec.fish"
				case "powershell":
					sh.Example = "  tagspec completion powershell | Out-String | Invoke-Expression"
				}
			}
		}
	}
}
