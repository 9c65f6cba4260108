package rules_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/cli"
	"github.com/tagspec/tagspec/internal/rules"
)

// TestCatalog checks that the catalogue builds: every id unique, with a
// family prefix, a severity, a summary and a help text, and former ids
// that clash with nothing.
func TestCatalog(t *testing.T) {
	c, err := rules.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(c.Rules()); n < 80 {
		t.Errorf("catalogue has %d rules; some package's list is missing", n)
	}
	for _, old := range []string{"event-missing", "pii", "page-error", "push-refused", "container-unsupported", "sitemap"} {
		if c.Canonical(old) == old {
			t.Errorf("former id %q maps to no current rule", old)
		}
	}
}

// TestEveryRuleIDIsRegistered walks the source of the repository and
// fails on a rule id that code declares or uses but no package registers:
// every constant named Rule* holding a "family/name" string, and every
// string literal given to a Rule field.
func TestEveryRuleIDIsRegistered(t *testing.T) {
	c, err := rules.Catalog(cli.Rules)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..")
	found := 0
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "perf" || d.Name() == "scripts" || (path != root && strings.HasPrefix(d.Name(), "."))) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		check := func(lit ast.Expr, what string) {
			bl, ok := lit.(*ast.BasicLit)
			if !ok || bl.Kind != token.STRING {
				return
			}
			id, err := strconv.Unquote(bl.Value)
			if err != nil || !strings.Contains(id, "/") {
				return
			}
			found++
			if _, ok := c.Lookup(id); !ok {
				t.Errorf("%s: %s %q is not in the rule registry", path, what, id)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if strings.HasPrefix(name.Name, "Rule") && i < len(n.Values) {
						check(n.Values[i], "constant "+name.Name)
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Rule" {
					check(n.Value, "Rule field")
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 80 {
		t.Errorf("found only %d rule ids in the source; is the walk reading the repository?", found)
	}
}
