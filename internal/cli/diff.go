package cli

import (
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/templates"
)

// diffConfig holds the settings of tagspec diff.
type diffConfig struct {
	Config
	Format string
}

func (c *diffConfig) declare(d *settingSet) {
	d.String(&c.Format, "format", "f", "text", "output format: text, json or github (workflow-command annotations)", formatOf(diag.FormatText, diag.FormatJSON, diag.FormatGitHub))
}

func newDiffCmd(a *app) *cobra.Command {
	var cfg diffConfig
	cmd := &cobra.Command{
		Use:   "diff [flags] SPEC CONTAINER.json",
		Short: "Report drift between a spec and a container exported from GTM",
		Long: `Diff compares a spec with a container exported from GTM and reports the events,
parameters, triggers, consent and measurement ID that differ: "+" is in the
spec but missing from the container, "-" is in the container but not in the
spec, "~" differs. --format github prints each change as an annotation on the
spec line (or on the container file) for GitHub Actions. A trigger differs when its conditions do or when its GTM
type does (a Click trigger changed to a Just Links click, say).

Exit status: 0 when they agree, 1 on drift (for CI), 2 when a file cannot be
read.`,
		Example: `  tagspec diff tagspec.yaml exported-container.json
  tagspec diff --env production --format json tagspec.yaml live.json > drift.json
  tagspec diff --format github tagspec.yaml exported-container.json   # annotations in GitHub Actions`,
		Args: usageArgs(cobra.ExactArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			format := cfg.Format
			s, err := a.loadSpec(args[0])
			if err != nil {
				return err
			}
			if _, err := cfg.target(s); err != nil {
				return err
			}
			full := args[1]
			if !filepath.IsAbs(full) {
				full = filepath.Join(a.wd, full)
			}
			data, err := readContainerFile(args[1], full)
			if err != nil {
				return err
			}
			c, err := templates.ParseContainer(data, args[1])
			if err != nil {
				return badInput(err)
			}
			changes := templates.Diff(s, c)
			switch format {
			case "json":
				err = templates.WriteDiffJSON(a.stdout, changes)
			case "github":
				err = templates.WriteDiffGitHub(a.stdout, changes, args[1])
			default:
				err = templates.WriteDiffText(a.stdout, changes, args[0], args[1])
			}
			if err != nil {
				return failure(err)
			}
			if len(changes) > 0 {
				return errFindings
			}
			return nil
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}
