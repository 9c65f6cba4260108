package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/lint"
	"github.com/tagspec/tagspec/spec"
)

// DefaultSpecFile is the spec a command reads when none is named.
const DefaultSpecFile = "tagspec.yaml"

// lintConfig holds the settings of tagspec lint.
type lintConfig struct {
	Config
	Format    string
	Reports   []string
	FailOn    string
	Ranges    string
	ListRules bool
}

func (c *lintConfig) declare(d *settingSet) {
	d.String(&c.Format, "format", "f", "text", "output format: text, json, github or sarif", formatOf(lintFormats...))
	d.StringArray(&c.Reports, "report", "", "also write the findings to a file, FORMAT=PATH with FORMAT one of text, json, github or sarif (repeatable)")
	d.String(&c.FailOn, "fail-on", "", "warning", "lowest severity that makes lint exit 1: error or warning", oneOf("error", "warning"))
	d.String(&c.Ranges, "ranges", "", "", "YAML file of industry ranges that add to or override the built-in ones (benchmark keys are checked against them)")
	d.Bool(&c.ListRules, "list-rules", "", false, "list every rule tagspec checks with its id, severity and summary (as tagspec rules does), then exit")
}

func newLintCmd(a *app) *cobra.Command {
	var cfg lintConfig
	cmd := &cobra.Command{
		Use:   "lint [flags] [SPEC...]",
		Short: "Check specs against the schema and GA4's rules",
		Long: `Lint checks each spec against the spec JSON Schema and GA4's naming rules,
reserved names, limits and recommended events, and prints every problem with
its file:line:col, a rule id and how to fix it.

With no SPEC, lint reads tagspec.yaml in the working directory. --format sets
what goes to stdout; --report FORMAT=PATH also writes the findings to a file in
another format (repeatable), so one run gives annotations, JSON and SARIF.

Exit status: 0 when nothing is found, 1 when there are findings (errors, or
warnings unless --fail-on error), 2 when a spec cannot be read at all.`,
		Example: `  tagspec lint tagspec.yaml
  tagspec lint --format json specs/*.yaml > lint.json
  tagspec lint --format github tagspec.yaml      # annotations in GitHub Actions
  tagspec lint --format sarif tagspec.yaml > lint.sarif
  tagspec lint --format github --report json=out/lint.json --report sarif=out/lint.sarif
  tagspec lint --list-rules`,
		Args: usageArgs(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			rules, err := catalog()
			if err != nil {
				return err
			}
			if cfg.ListRules {
				return writeRules(a.stdout, rules, diag.FormatText)
			}
			format, failOn := diag.Format(cfg.Format), cfg.FailOn
			if len(args) == 0 {
				args = []string{DefaultSpecFile}
			}
			ranges := benchmark.BuiltinRanges()
			if path := cfg.Ranges; path != "" {
				var err error
				if ranges, err = benchmark.LoadRanges(a.ctx, path); err != nil {
					return badInputf("--ranges: %v", err)
				}
			}
			var files []reportOutput
			for _, v := range cfg.Reports {
				f, path, ok := strings.Cut(v, "=")
				rf, err := diag.ParseFormat(f, lintFormats...)
				if !ok || path == "" || err != nil {
					return badInputf("--report %q: want FORMAT=PATH with FORMAT one of text, json, github or sarif, e.g. sarif=out/lint.sarif", v)
				}
				files = append(files, reportOutput{format: rf, path: path})
			}
			diags, unreadable := lintFiles(&cfg.Config, args, ranges)
			if err := writeFindings(a.stdout, format, diags, rules); err != nil {
				return failure(err)
			}
			for _, o := range files {
				if err := writeLintFile(o, diags, rules); err != nil {
					return failure(err)
				}
			}
			errs, warns, notes := diag.Count(diags)
			if format == diag.FormatText {
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
	a.declare(cmd, &cfg)
	return cmd
}

// lintFormats are the formats lint prints its findings in.
var lintFormats = []diag.Format{diag.FormatText, diag.FormatJSON, diag.FormatGitHub, diag.FormatSARIF}

// writeFindings prints findings in one of lintFormats; SARIF lists the
// rules of the catalogue.
func writeFindings(w io.Writer, format diag.Format, fs []diag.Finding, rules *diag.Catalog) error {
	switch format {
	case diag.FormatJSON:
		return diag.WriteJSON(w, fs)
	case diag.FormatGitHub:
		return diag.WriteGitHub(w, fs)
	case diag.FormatSARIF:
		return diag.WriteSARIF(w, fs, rules)
	}
	return diag.WriteText(w, fs)
}

// writeLintFile writes the diagnostics in o's format to o's path,
// creating its directory.
func writeLintFile(o reportOutput, diags []diag.Finding, rules *diag.Catalog) error {
	if dir := filepath.Dir(o.path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	f, err := os.Create(o.path)
	if err != nil {
		return err
	}
	if err := writeFindings(f, o.format, diags, rules); err != nil {
		f.Close()
		return fmt.Errorf("%s report %s: %w", o.format, o.path, err)
	}
	return f.Close()
}

// lintFiles loads and lints every file. A file that cannot be read becomes
// one diagnostic with rule "spec/unreadable"; unreadable counts them.
func lintFiles(cfg *Config, files []string, ranges *benchmark.Ranges) (diags []spec.Diagnostic, unreadable int) {
	for _, f := range files {
		s, ds, err := spec.Load(f)
		if err != nil {
			unreadable++
			diags = append(diags, loadErrorDiagnostic(f, err))
			continue
		}
		diags = append(diags, ds...)
		effective := *s
		if _, err := cfg.target(&effective); err != nil {
			unreadable++
			diags = append(diags, spec.Diagnostic{Pos: spec.Pos{File: f}, Severity: spec.SeverityError, Rule: RuleEnvironment, Message: errors.Unwrap(err).Error()})
			continue
		}
		// Lint the file as written, so that findings quote what is at their
		// position; a measurement ID the file leaves out may come from the
		// config, TAGSPEC_MEASUREMENT_ID or the chosen environment.
		if s.MeasurementID == "" {
			s.MeasurementID = effective.MeasurementID
		}
		diags = append(diags, lint.Check(s)...)
		diags = append(diags, benchmarkKeyDiagnostics(s, ranges)...)
	}
	return diag.Sort(diags), unreadable
}

// RuleUnknownRange is the rule id of a benchmark key that names no
// industry range (built in, or added with --ranges).
const RuleUnknownRange = "benchmark/unknown-range"

// benchmarkKeyDiagnostics warns about events whose benchmark key names no
// known industry range: tagspec bench could not give them a verdict.
func benchmarkKeyDiagnostics(s *spec.Spec, ranges *benchmark.Ranges) []spec.Diagnostic {
	var keys []string
	for _, r := range ranges.List() {
		keys = append(keys, r.Key)
	}
	var ds []spec.Diagnostic
	for _, e := range s.Events {
		if e.Benchmark == "" {
			continue
		}
		if _, ok := ranges.Lookup(e.Benchmark); ok {
			continue
		}
		msg := fmt.Sprintf("event %q: benchmark %q names no industry range, so tagspec bench cannot judge its rate", e.Name, e.Benchmark)
		if sug := spec.Suggest(e.Benchmark, keys); sug != "" {
			msg += fmt.Sprintf("; did you mean %q?", sug)
		} else {
			msg += "; see tagspec bench --help for the built-in keys, or add the range with --ranges FILE"
		}
		ds = append(ds, spec.Diagnostic{Pos: s.Position(e.Path + "/benchmark"), Severity: spec.SeverityWarning, Rule: RuleUnknownRange, Message: msg})
	}
	return ds
}

// loadErrorDiagnostic turns an error from spec.Load into a diagnostic.
func loadErrorDiagnostic(file string, err error) spec.Diagnostic {
	var se *spec.Error
	if errors.As(err, &se) {
		return spec.Diagnostic{Pos: se.Pos, Severity: spec.SeverityError, Rule: RuleUnreadable, Message: se.Message}
	}
	return spec.Diagnostic{Pos: spec.Pos{File: file}, Severity: spec.SeverityError, Rule: RuleUnreadable, Message: err.Error()}
}

// loadSpec loads one spec for commands that need a usable spec: an
// unreadable file or any error-level diagnostic stops with exit 2, after
// printing the diagnostics to stderr.
//
// The default spec (tagspec.yaml, read when no spec is named) gets its own
// message when it is missing, since the user named no file.
func (a *app) loadSpec(path string) (*spec.Spec, error) {
	if path == DefaultSpecFile {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, badInputf("no spec: there is no %s in the working directory; name the spec file after the command, or write one with tagspec init", DefaultSpecFile)
		}
	}
	s, ds, err := spec.Load(path)
	if err != nil {
		return nil, badInput(err)
	}
	if diag.HasErrors(ds) {
		for _, d := range ds {
			fmt.Fprintln(a.stderr, d)
		}
		return nil, &exitError{code: ExitBadInput, printed: true,
			err: fmt.Errorf("%s has %s; run tagspec lint %s", path, plural(len(ds), "schema error"), path)}
	}
	return s, nil
}

// Rule ids lint reports for a spec it cannot check at all.
const (
	RuleUnreadable  = "spec/unreadable"
	RuleEnvironment = "config/environment"
)

// Rules lists the rules of the command line itself; package rules
// collects them with every library package's.
var Rules = []diag.Rule{
	{ID: RuleUnreadable, Severity: diag.SeverityError, Summary: "The spec file exists and is YAML that tagspec can read.",
		Help: "Nothing else can be checked in a file that cannot be read. The message says what is wrong: a missing file, a directory, broken YAML (with its line) or a duplicate key."},
	{ID: RuleEnvironment, Severity: diag.SeverityError, Summary: "The environment chosen with --env, TAGSPEC_ENV or env: is defined in the spec or the config file.",
		Help: "An unknown environment would leave the measurement ID and URLs unset. Define the environment under environments: in the spec, or choose one that exists."},
	{ID: RuleUnknownRange, Severity: diag.SeverityWarning, Summary: "Benchmark keys name a built-in industry range or one added with --ranges.",
		Help: "tagspec bench can only judge an event's rate against a known range. Fix the key (the message suggests the closest one), or add the range in a file passed with --ranges."},
}

// writeRules prints the rules of the catalogue: one line each (id,
// severity, summary) as text, or a JSON document with every field.
func writeRules(w io.Writer, c *diag.Catalog, format diag.Format) error {
	var err error
	if format == diag.FormatJSON {
		type jsonRule struct {
			ID       string   `json:"id"`
			Severity string   `json:"severity"`
			Summary  string   `json:"summary"`
			Help     string   `json:"help"`
			Formerly []string `json:"formerly,omitempty"`
		}
		doc := struct {
			Version int        `json:"version"`
			Rules   []jsonRule `json:"rules"`
		}{Version: diag.JSONVersion, Rules: []jsonRule{}}
		for _, r := range c.Rules() {
			doc.Rules = append(doc.Rules, jsonRule{r.ID, string(r.Severity), r.Summary, r.Help, r.Formerly})
		}
		err = diag.EncodeJSON(w, doc)
	} else {
		bw := bufio.NewWriter(w)
		for _, r := range c.Rules() {
			fmt.Fprintf(bw, "%-40s %-8s %s\n", r.ID, r.Severity, r.Summary)
		}
		err = bw.Flush()
	}
	if err != nil {
		return failure(err)
	}
	return nil
}

// rulesConfig is the settings of tagspec rules.
type rulesConfig struct {
	Config
	Format string
}

func (c *rulesConfig) declare(d *settingSet) {
	d.String(&c.Format, "format", "f", "text", "output format: text or json", formatOf(diag.FormatText, diag.FormatJSON))
}

func newRulesCmd(a *app) *cobra.Command {
	var cfg rulesConfig
	cmd := &cobra.Command{
		Use:   "rules [flags]",
		Short: "List every rule tagspec checks",
		Long: `Rules lists every rule tagspec can report, sorted by id: the spec loader's
(schema/, spec/), lint's (ga4/, privacy/, style/, consistency/, gtm/), a
crawl's (journey/, consent/, page/, hit/, datalayer/), the container
importer's (import/) and bench's data problems (data/), with the severity of what it reports and what it
checks. --format json adds each rule's help text and the ids earlier
versions of tagspec gave it.`,
		Example: `  tagspec rules
  tagspec rules --format json > rules.json`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			rules, err := catalog()
			if err != nil {
				return err
			}
			return writeRules(a.stdout, rules, diag.Format(cfg.Format))
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
