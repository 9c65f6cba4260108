package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/spec"
)

// version is set at link time (-ldflags "-X github.com/tagspec/tagspec/internal/cli.version=v1.2.3");
// otherwise the module version from the build info is used.
var version = ""

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the tagspec version",
		Long: `Version prints the tagspec version, the spec format version it reads, and the
Go version and platform it was built with.`,
		Example: `  tagspec version`,
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(a.stdout, "tagspec %s (spec format v%d, %s %s/%s)\n", buildVersion(), spec.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return failure(err)
		},
	}
}
