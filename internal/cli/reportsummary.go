package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/jobsummary"
	"github.com/tagspec/tagspec/spec"
)

// reportSummaryConfig holds the settings of tagspec report summary. They
// describe one CI run, so they come from the command line only.
type reportSummaryConfig struct {
	Config
	Lint, LintFailOn, Container, Diff, Crawl, Bench, Spec string
	Files                                                 []string
	Summary, Outputs, BlobURL, Root                       string
	MaxItems                                              int
}

func (c *reportSummaryConfig) declare(d *settingSet) {
	d.readCommandLineOnly()
	d.String(&c.Lint, "lint", "", "", "JSON report of tagspec lint")
	d.String(&c.LintFailOn, "lint-fail-on", "", "warning", "lowest lint severity that fails the verdict: error or warning (as lint --fail-on)", oneOf("error", "warning"))
	d.String(&c.Container, "container", "", "", "container written by tagspec generate gtm")
	d.String(&c.Diff, "diff", "", "", "JSON report of tagspec diff --format json")
	d.String(&c.Crawl, "crawl", "", "", "JSON report of tagspec crawl or tagspec report merge")
	d.String(&c.Bench, "bench", "", "", "JSON report of tagspec bench")
	d.String(&c.Spec, "spec", "", "", "the spec the checks ran on: gives failing journeys their spec lines")
	d.StringArray(&c.Files, "file", "", "another report file to list and set as output NAME when it exists, NAME=PATH (repeatable)")
	d.String(&c.Summary, "summary", "", "", "append the Markdown summary to FILE (default stdout), e.g. \"$GITHUB_STEP_SUMMARY\"")
	d.String(&c.Outputs, "outputs", "", "", "append the step outputs to FILE, e.g. \"$GITHUB_OUTPUT\"")
	d.String(&c.BlobURL, "blob-url", "", "", "link findings to URL/PATH#LLINE (default from GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA)")
	d.String(&c.Root, "root", "", "", "repository root the links' paths start from (default GITHUB_WORKSPACE, else the working directory)")
	d.Int(&c.MaxItems, "max-items", "", jobsummary.DefaultMaxItems, "list at most this many findings and failing journeys", atLeast(1, "want 1 or more"))
}

func newReportSummaryCmd(a *app) *cobra.Command {
	var cfg reportSummaryConfig
	cmd := &cobra.Command{
		Use:   "summary [flags]",
		Short: "Summarise the reports of one CI run: verdict, Markdown job summary, step outputs",
		Long: `Summary reads the JSON reports of the checks one CI run made and gives one
verdict (pass, fail, or error when a check wrote no report), a Markdown summary
of it (the checks, the failing journeys, every finding linked to its spec line,
the benchmark's headline and rates) and step outputs in the format of GitHub
Actions' $GITHUB_OUTPUT (verdict, counts, report paths). The tagspec GitHub
Action runs it last; any CI can.

Name each check's report with its flag; a check without one did not run:
  --lint FILE       tagspec lint --report json=FILE
  --container FILE  tagspec generate gtm -o FILE
  --diff FILE       tagspec diff --format json > FILE
  --crawl FILE      tagspec crawl --report json=FILE, or report merge -o FILE
  --bench FILE      tagspec bench --report json=FILE
--file NAME=PATH names another file (SARIF, HTML) to list and to set as output
NAME when it exists.

The summary is appended to --summary FILE (stdout by default; in GitHub
Actions, $GITHUB_STEP_SUMMARY), the outputs to --outputs FILE ($GITHUB_OUTPUT).
Findings link to their lines at --blob-url (default, in GitHub Actions,
$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA) for files below --root
(default $GITHUB_WORKSPACE, else the working directory).

Exit status: 0 when the verdict is pass, 1 when it is fail, 2 for a bad flag or
a report that is not a tagspec JSON report (the message names the file, line
and column), 3 when a check wrote no report at all. The summary and the
outputs are written in every case but a bad flag.`,
		Example: `  tagspec report summary --lint out/lint.json --crawl out/crawl.json
  tagspec report summary --spec tagspec.yaml --diff out/diff.json --crawl out/crawl.json --bench out/bench.json
  tagspec report summary --crawl out/crawl.json --file crawl-sarif=out/crawl.sarif --summary "$GITHUB_STEP_SUMMARY" --outputs "$GITHUB_OUTPUT"`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			opts := jobsummary.Options{
				Lint: cfg.Lint, LintFailOn: cfg.LintFailOn, Diff: cfg.Diff,
				Container: cfg.Container, Crawl: cfg.Crawl, Bench: cfg.Bench,
				Dir: a.wd, Root: cfg.Root, BlobURL: cfg.BlobURL, MaxItems: cfg.MaxItems,
			}
			for _, v := range cfg.Files {
				name, path, ok := strings.Cut(v, "=")
				if !ok || name == "" || path == "" || strings.ContainsAny(name, "=\r\n") {
					return badInputf("--file %q: want NAME=PATH, e.g. crawl-sarif=out/crawl.sarif", v)
				}
				opts.Files = append(opts.Files, jobsummary.File{Name: name, Path: path})
			}
			if opts.BlobURL == "" {
				server, repo, sha := os.Getenv("GITHUB_SERVER_URL"), os.Getenv("GITHUB_REPOSITORY"), os.Getenv("GITHUB_SHA")
				if server != "" && repo != "" && sha != "" {
					opts.BlobURL = strings.TrimRight(server, "/") + "/" + repo + "/blob/" + sha
				}
			}
			if opts.Root == "" {
				opts.Root = os.Getenv("GITHUB_WORKSPACE")
			}
			if path := cfg.Spec; path != "" {
				s, ds, err := spec.Load(path)
				if err != nil {
					return badInputf("--spec: %v", err)
				}
				if !diag.HasErrors(ds) {
					opts.Spec = s
				}
			}
			sum, buildErr := jobsummary.Build(a.ctx, opts)
			if sum == nil {
				return badInput(buildErr)
			}
			if err := appendTo(a, cfg.Summary, sum.WriteMarkdown); err != nil {
				return failure(fmt.Errorf("--summary: %w", err))
			}
			if path := cfg.Outputs; path != "" {
				if err := appendTo(a, path, sum.WriteOutputs); err != nil {
					return failure(fmt.Errorf("--outputs: %w", err))
				}
			}
			fmt.Fprintf(a.stderr, "tagspec verdict: %s\n", sum.Verdict)
			if buildErr != nil {
				code := ExitBadInput
				errs := []error{buildErr}
				if j, ok := buildErr.(interface{ Unwrap() []error }); ok {
					errs = j.Unwrap()
				}
				for _, e := range errs {
					var re *jobsummary.ReadError
					if errors.As(e, &re) && re.Missing {
						code = ExitFailure
					}
				}
				return &exitError{code: code, err: buildErr}
			}
			if sum.Verdict != jobsummary.VerdictPass {
				return errFindings
			}
			return nil
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}

// appendTo appends what write writes to the file path, or writes it to
// stdout when path is empty.
func appendTo(a *app, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(a.stdout)
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(a.wd, path)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
