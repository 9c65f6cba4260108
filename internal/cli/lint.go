package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/lint"
	"github.com/tagspec/tagspec/spec"
)

// DefaultSpecFile is the spec a command reads when none is named.
const DefaultSpecFile = "tagspec.yaml"

func newLintCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lint [flags] [SPEC...]",
		Short: "Check specs against the schema and GA4's rules",
		Long: `Lint checks each spec against the spec JSON Schema and GA4's naming rules,
reserved names, limits and recommended events, and prints every problem with
its file:line:col, a rule id and how to fix it.

With no SPEC, lint reads tagspec.yaml in the working directory.

Exit status: 0 when nothing is found, 1 when there are findings (errors, or
warnings unless --fail-on error), 2 when a spec cannot be read at all.`,
		Example: `  tagspec lint tagspec.yaml
  tagspec lint --format json specs/*.yaml > lint.json
  tagspec lint --format github tagspec.yaml      # annotations in GitHub Actions
  tagspec lint --format sarif tagspec.yaml > lint.sarif
  tagspec lint --list-rules`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.loadConfig(cmd)
			if err != nil {
				return err
			}
			if cfg.Bool("list-rules") {
				return writeRules(a.stdout)
			}
			format := cfg.String("format")
			write, ok := lintPrinters[format]
			if !ok {
				return badInputf("unknown --format %q: use text, json, github or sarif", format)
			}
			failOn := cfg.String("fail-on")
			if failOn != "error" && failOn != "warning" {
				return badInputf("unknown --fail-on %q: use error or warning", failOn)
			}
			if len(args) == 0 {
				args = []string{DefaultSpecFile}
			}
			diags, unreadable := lintFiles(cfg, args)
			if err := write(a.stdout, diags); err != nil {
				return failure(err)
			}
			errs, warns, notes := 0, 0, 0
			for _, d := range diags {
				switch d.Severity {
				case spec.SeverityError:
					errs++
				case spec.SeverityWarning:
					warns++
				default:
					notes++
				}
			}
			if format == "text" {
				if len(diags) > 0 {
					summary := fmt.Sprintf("%s, %s", plural(errs, "error"), plural(warns, "warning"))
					if notes > 0 {
						summary += ", " + plural(notes, "note")
					}
					fmt.Fprintln(a.stderr, summary)
				} else if unreadable == 0 {
					fmt.Fprintf(a.stderr, "%s: no problems found\n", plural(len(args), "spec"))
				}
			}
			switch {
			case unreadable > 0:
				return &exitError{code: ExitBadInput, printed: true}
			case errs > 0 || (warns > 0 && failOn == "warning"):
				return errFindings
			}
			return nil
		},
	}
	cmd.Flags().StringP("format", "f", "text", "output format: text, json, github or sarif")
	cmd.Flags().String("fail-on", "warning", "lowest severity that makes lint exit 1: error or warning")
	cmd.Flags().Bool("list-rules", false, "list every lint rule with its id and severity, then exit")
	return cmd
}

var lintPrinters = map[string]func(io.Writer, []spec.Diagnostic) error{
	"text":   lint.WriteText,
	"json":   lint.WriteJSON,
	"github": lint.WriteGitHub,
	"sarif":  lint.WriteSARIF,
}

// lintFiles loads and lints every file. A file that cannot be read becomes
// one diagnostic with rule "spec/unreadable"; unreadable counts them.
func lintFiles(cfg *Config, files []string) (diags []spec.Diagnostic, unreadable int) {
	for _, f := range files {
		s, ds, err := spec.Load(f)
		if err != nil {
			unreadable++
			diags = append(diags, loadErrorDiagnostic(f, err))
			continue
		}
		diags = append(diags, ds...)
		if _, err := cfg.target(s); err != nil {
			unreadable++
			diags = append(diags, spec.Diagnostic{Pos: spec.Pos{File: f}, Severity: spec.SeverityError, Rule: "config/environment", Message: errors.Unwrap(err).Error()})
			continue
		}
		diags = append(diags, lint.Check(s)...)
	}
	return spec.SortDiagnostics(diags), unreadable
}

// loadErrorDiagnostic turns an error from spec.Load into a diagnostic.
func loadErrorDiagnostic(file string, err error) spec.Diagnostic {
	var se *spec.Error
	if errors.As(err, &se) {
		return spec.Diagnostic{Pos: se.Pos, Severity: spec.SeverityError, Rule: "spec/unreadable", Message: se.Message}
	}
	return spec.Diagnostic{Pos: spec.Pos{File: file}, Severity: spec.SeverityError, Rule: "spec/unreadable", Message: err.Error()}
}

// loadSpec loads one spec for commands that need a usable spec: an
// unreadable file or any error-level diagnostic stops with exit 2, after
// printing the diagnostics to stderr.
func (a *app) loadSpec(path string) (*spec.Spec, error) {
	s, ds, err := spec.Load(path)
	if err != nil {
		return nil, badInput(err)
	}
	if spec.HasErrors(ds) {
		for _, d := range ds {
			fmt.Fprintln(a.stderr, d)
		}
		return nil, &exitError{code: ExitBadInput, printed: true,
			err: fmt.Errorf("%s has %s; run tagspec lint %s", path, plural(len(ds), "schema error"), path)}
	}
	return s, nil
}

func writeRules(w io.Writer) error {
	for _, r := range lint.Rules() {
		if _, err := fmt.Fprintf(w, "%-40s %-8s %s\n", r.ID, r.Severity, r.Summary); err != nil {
			return failure(err)
		}
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
