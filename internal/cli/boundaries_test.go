package cli

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPackageBoundaries keeps the architecture visible: library packages
// never reach for the CLI's config machinery, only the crawler drives
// the browser, and the pipeline's stages depend on each other in one
// direction (see pipelineBoundaries). Test files are free to import what
// they need.
func TestPackageBoundaries(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps=false", "-json", "github.com/tagspec/tagspec/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	type pkg struct {
		ImportPath string
		Dir        string
		GoFiles    []string
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
		for _, b := range pipelineBoundaries {
			if p.ImportPath != mod+b.pkg {
				continue
			}
			for _, d := range b.never {
				if slices.Contains(p.Deps, mod+d) || slices.Contains(p.Deps, d) {
					t.Errorf("%s depends on %s: %s", p.ImportPath, d, b.why)
				}
			}
		}
		if p.ImportPath == mod+"report" {
			checkNoTerminalCode(t, p.Dir, p.GoFiles)
		}
	}
	for _, b := range pipelineBoundaries {
		if !slices.ContainsFunc(pkgs, func(p pkg) bool { return p.ImportPath == mod+b.pkg }) {
			t.Errorf("package %s is gone: update pipelineBoundaries", b.pkg)
		}
	}
}

// pipelineBoundaries are the dependencies a stage of the pipeline must not
// have (module packages relative to the module path, others in full): the
// crawler returns its results and the CLI builds the report from them; the
// report is a model and its printers, with no crawl and no terminal in it;
// the validator judges observations from any source.
var pipelineBoundaries = []struct {
	pkg   string
	never []string
	why   string
}{
	{"crawler", []string{"report", "internal/cli"}, "the crawler returns its results; the CLI builds the report"},
	{"report", []string{"crawler", "internal/cli", "golang.org/x/term", "github.com/mattn/go-isatty"}, "the report is the model and its printers: no crawl, no terminal progress"},
	{"validator", []string{"crawler", "report"}, "the validator judges observations from any source and builds no report"},
}

// checkNoTerminalCode fails when a non-test source file of the report
// package draws on a terminal (escape sequences, character-device checks)
// or declares progress printing: live progress is the CLI's concern.
func checkNoTerminalCode(t *testing.T, dir string, files []string) {
	t.Helper()
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind == token.STRING && (strings.Contains(n.Value, `\x1b`) || strings.Contains(n.Value, `\033`)) {
					t.Errorf("%s: a terminal control sequence %s in package report: live progress belongs to the CLI", fset.Position(n.Pos()), n.Value)
				}
			case *ast.Ident:
				if n.Name == "ModeCharDevice" || strings.Contains(strings.ToLower(n.Name), "progress") {
					t.Errorf("%s: %s in package report: live progress belongs to the CLI", fset.Position(n.Pos()), n.Name)
				}
			}
			return true
		})
	}
}
