package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/starters"
)

func newInitCmd(a *app) *cobra.Command {
	var names []string
	for _, n := range starters.Names() {
		names = append(names, fmt.Sprintf("  %-10s %s", n, starters.Describe(n)))
	}
	cmd := &cobra.Command{
		Use:   "init [--template NAME] [-o FILE]",
		Short: "Start a spec from a starter template",
		Long: `Init writes a starter spec with a yaml-language-server line so that editors
offer completion and checks from the spec's JSON Schema. Its measurement_id is
the placeholder G-XXXXXXXXXX: put your GA4 web stream's measurement ID there and
the spec lints clean.

Templates:
` + strings.Join(names, "\n"),
		Example: `  tagspec init                           # b2b-saas template into tagspec.yaml
  tagspec init --template ecommerce -o shop.yaml
  tagspec init --template lead-gen -o -  # print to stdout`,
		Args:              cobra.NoArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := a.loadConfig(cmd)
			if err != nil {
				return err
			}
			name := cfg.String("template")
			body, err := starters.Get(name)
			if err != nil {
				return badInput(err)
			}
			var out bytes.Buffer
			fmt.Fprintf(&out, "# yaml-language-server: $schema=%s\n", cfg.String("schema-url"))
			out.Write(body)
			path := cfg.String("output")
			if path == "-" {
				_, err := a.stdout.Write(out.Bytes())
				return failure(err)
			}
			if !cfg.Bool("force") {
				if _, err := os.Stat(path); err == nil {
					return badInputf("%s already exists; use --force to overwrite it or -o to write elsewhere", path)
				} else if !errors.Is(err, fs.ErrNotExist) {
					return badInputf("%s: %v", path, err)
				}
			}
			if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
				return badInput(err)
			}
			fmt.Fprintf(a.stderr, "wrote %s from the %s template; next: replace measurement_id G-XXXXXXXXXX with your GA4 measurement ID, then tagspec lint %s\n", path, name, path)
			return nil
		},
	}
	cmd.Flags().StringP("template", "t", "b2b-saas", "starter template: "+strings.Join(starters.Names(), ", "))
	cmd.Flags().StringP("output", "o", DefaultSpecFile, "file to write, or - for stdout")
	cmd.Flags().Bool("force", false, "overwrite an existing file")
	cmd.Flags().String("schema-url", spec.SchemaURL, "schema location written in the yaml-language-server line")
	_ = cmd.RegisterFlagCompletionFunc("template", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return starters.Names(), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}
