// Package cli is the tagspec command line: cobra commands, configuration
// through viper, and the mapping of results to exit codes. It is the only
// package that knows about flags, environment variables and config files;
// every other package receives plain typed values.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

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

// app is what every command shares for one invocation: the streams and the
// lazily loaded configuration.
type app struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	wd     string

	configPath string // --config
	envName    string // --env
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
	err = root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) && ee.printed {
		return ee.code
	}
	code := exitCode(err)
	if !errors.As(err, &ee) && isUsageError(err) {
		code = ExitBadInput
	}
	fmt.Fprintf(stderr, "tagspec: %v\n", err)
	if code == ExitBadInput && isUsageError(err) {
		fmt.Fprintf(stderr, "Run 'tagspec --help' for usage.\n")
	}
	return code
}

// isUsageError recognises cobra's errors about flags and arguments.
func isUsageError(err error) bool {
	msg := err.Error()
	for _, s := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires exactly", "received", "required flag"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
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
		SilenceUsage:      true,
		SilenceErrors:     true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.PersistentFlags().StringVar(&a.configPath, "config", "", "config file (default: .tagspec.yaml in the working directory or a parent)")
	root.PersistentFlags().StringVar(&a.envName, "env", "", "environment of the spec to use (staging, production, ...); also TAGSPEC_ENV")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitError{code: ExitBadInput, err: err}
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
