package cli

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestPackageBoundaries keeps the architecture visible: library packages
// never reach for the CLI's config machinery, and only the crawler drives
// the browser. Test files are free to import what they need.
func TestPackageBoundaries(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps=false", "-json", "github.com/tagspec/tagspec/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	type pkg struct {
		ImportPath string
		Deps       []string
	}
	// go list -json prints one JSON object per package, back to back.
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var pkgs []pkg
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 5 {
		t.Fatalf("found only %d packages; is the module path right?", len(pkgs))
	}
	const mod = "github.com/tagspec/tagspec/"
	for _, p := range pkgs {
		isCLI := strings.HasPrefix(p.ImportPath, mod+"internal/cli") || strings.HasPrefix(p.ImportPath, mod+"cmd/")
		for _, d := range p.Deps {
			switch {
			case !isCLI && (strings.HasPrefix(d, "github.com/spf13/cobra") || strings.HasPrefix(d, "github.com/spf13/viper")):
				t.Errorf("%s depends on %s: only the CLI may use cobra and viper", p.ImportPath, d)
			// internal/rules collects every package's rule list, the
			// crawler's among them, for the CLI alone; a library that
			// imported it would depend on chromedp and fail here too.
			case strings.HasPrefix(d, "github.com/chromedp/chromedp") && !isCLI && p.ImportPath != mod+"crawler" && !strings.HasPrefix(p.ImportPath, mod+"crawler/") && p.ImportPath != mod+"internal/rules":
				t.Errorf("%s depends on %s: only the crawler drives the browser", p.ImportPath, d)
			}
		}
	}
}
