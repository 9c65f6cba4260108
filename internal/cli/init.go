package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/lint"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/starters"
)

// initConfig holds the settings of tagspec init.
type initConfig struct {
	Config
	Template  string
	Output    string
	Force     bool
	SchemaURL string
}

func (c *initConfig) declare(d *settingSet) {
	d.String(&c.Template, "template", "t", "b2b-saas", "starter template: "+strings.Join(starters.Names(), ", "))
	d.String(&c.Output, "output", "o", DefaultSpecFile, "file to write, or - for stdout")
	d.Bool(&c.Force, "force", "", false, "overwrite an existing file")
	// The measurement ID is Config's: --measurement-id here, the
	// environment variable and the config key everywhere.
	d.String(&c.MeasurementID, "measurement-id", "", "", "your GA4 web stream's measurement ID (G-...), written in place of the placeholder")
	d.String(&c.SchemaURL, "schema-url", "", spec.SchemaURL, "schema location written in the yaml-language-server line")
}

func newInitCmd(a *app) *cobra.Command {
	var cfg initConfig
	var names []string
	for _, n := range starters.Names() {
		names = append(names, fmt.Sprintf("  %-10s %s", n, starters.Describe(n)))
	}
	cmd := &cobra.Command{
		Use:   "init [--template NAME] [--measurement-id G-...] [-o FILE]",
		Short: "Start a spec from a starter template",
		Long: `Init writes a starter spec with a yaml-language-server line so that editors
offer completion and checks from the spec's JSON Schema. --measurement-id puts
your GA4 web stream's measurement ID (GA4 Admin > Data streams) in the spec;
without it the spec holds the placeholder G-XXXXXXXXXX, which lint warns about
until you replace it.

Templates:
` + strings.Join(names, "\n"),
		Example: `  tagspec init --measurement-id G-7KQ2M4N8P1   # b2b-saas template into tagspec.yaml
  tagspec init                           # the same, with the placeholder ID
  tagspec init --template ecommerce -o shop.yaml
  tagspec init --template lead-gen -o -  # print to stdout`,
		Args:              usageArgs(cobra.NoArgs),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			name := cfg.Template
			body, err := starters.Get(name)
			if err != nil {
				return badInput(err)
			}
			if id := cfg.MeasurementID; id != "" {
				if !measurementIDPattern.MatchString(id) {
					return badInputf("--measurement-id %q: a GA4 measurement ID is G- followed by letters and digits, as GA4 Admin > Data streams shows it", id)
				}
				if lint.PlaceholderMeasurementID(id) {
					return badInputf("--measurement-id %q is a placeholder: use your web stream's measurement ID (GA4 Admin > Data streams)", id)
				}
				body = bytes.Replace(body, []byte("measurement_id: "+starterPlaceholderID), []byte("measurement_id: "+id), 1)
			}
			var out bytes.Buffer
			fmt.Fprintf(&out, "# yaml-language-server: $schema=%s\n", cfg.SchemaURL)
			out.Write(body)
			path := cfg.Output
			if path == "-" {
				_, err := a.stdout.Write(out.Bytes())
				return failure(err)
			}
			if !cfg.Force {
				if _, err := os.Stat(path); err == nil {
					return badInputf("%s already exists; use --force to overwrite it or -o to write elsewhere", path)
				} else if !errors.Is(err, fs.ErrNotExist) {
					return badInputf("%s: %v", path, err)
				}
			}
			if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
				return badInput(err)
			}
			if cfg.MeasurementID != "" {
				fmt.Fprintf(a.stderr, "wrote %s from the %s template; next: tagspec lint %s\n", path, name, path)
				return nil
			}
			fmt.Fprintf(a.stderr, "wrote %s from the %s template; next: replace measurement_id %s with your GA4 measurement ID (or run init again with --measurement-id), then tagspec lint %s\n", path, name, starterPlaceholderID, path)
			return nil
		},
	}
	a.declare(cmd, &cfg)
	_ = cmd.RegisterFlagCompletionFunc("template", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return starters.Names(), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// starterPlaceholderID is the measurement ID the starter templates hold
// until init is given one.
const starterPlaceholderID = "G-XXXXXXXXXX"

// measurementIDPattern is the shape of a GA4 measurement ID, as the spec's
// schema requires it.
var measurementIDPattern = regexp.MustCompile(`^G-[A-Z0-9]+$`)
