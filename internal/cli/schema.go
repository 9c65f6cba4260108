package cli

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/spec"
)

// schemaConfig holds the settings of tagspec schema.
type schemaConfig struct {
	Config
	Output string
}

func (c *schemaConfig) declare(d *settingSet) {
	d.String(&c.Output, "output", "o", "-", "file to write, or - for stdout")
}

func newSchemaCmd(a *app) *cobra.Command {
	var cfg schemaConfig
	cmd := &cobra.Command{
		Use:   "schema [-o FILE]",
		Short: "Print the JSON Schema of the spec format",
		Long: `Schema prints the JSON Schema (draft 2020-12) of the spec format, the
authoritative definition of every key. Point your editor at it, or at the copy
in the repository (spec/schema/tagspec-v1.schema.json).`,
		Example: `  tagspec schema > tagspec.schema.json
  tagspec schema -o .vscode/tagspec.schema.json`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			if p := cfg.Output; p != "" && p != "-" {
				return badInput(os.WriteFile(p, spec.SchemaJSON, 0o644))
			}
			_, err := a.stdout.Write(spec.SchemaJSON)
			return failure(err)
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}
