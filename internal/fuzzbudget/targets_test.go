package fuzzbudget

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// moduleRoot is the repository root, two folders up from this package.
const moduleRoot = "../.."

// fuzzTarget is one Fuzz function found in the module's test files.
type fuzzTarget struct {
	pkgDir, name, file string
	budgeted           bool
}

// findTargets walks the module for Fuzz functions and notes whether the
// function given to f.Fuzz runs its work through fuzzbudget.Run.
func findTargets(t *testing.T) []fuzzTarget {
	t.Helper()
	var out []fuzzTarget
	fset := token.NewFileSet()
	err := filepath.WalkDir(moduleRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != moduleRoot && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Fuzz") || fn.Body == nil {
				continue
			}
			out = append(out, fuzzTarget{
				pkgDir:   filepath.Dir(path),
				name:     fn.Name.Name,
				file:     path,
				budgeted: fuzzBodyBudgeted(fn.Body),
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fuzzBodyBudgeted reports whether a call f.Fuzz(func(...){...}) in body
// has a function whose statements call fuzzbudget.Run.
func fuzzBodyBudgeted(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || !isSelector(call.Fun, "", "Fuzz") || len(call.Args) != 1 {
			return true
		}
		lit, ok := call.Args[0].(*ast.FuncLit)
		if !ok {
			return true
		}
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && (isSelector(c.Fun, "fuzzbudget", "Run") || isIdent(c.Fun, "Run")) {
				found = true
			}
			return !found
		})
		return !found
	})
	return found
}

func isSelector(e ast.Expr, pkg, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	if pkg == "" {
		return true
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// TestEveryFuzzTargetHasABudget keeps the rule that no fuzz target runs
// an input without the CPU budget: a slow input must fail like a crash.
func TestEveryFuzzTargetHasABudget(t *testing.T) {
	targets := findTargets(t)
	if len(targets) < 20 {
		t.Fatalf("found only %d fuzz targets; is the walk wrong?", len(targets))
	}
	for _, ft := range targets {
		if !ft.budgeted {
			t.Errorf("%s: %s does not run its input through fuzzbudget.Run", ft.file, ft.name)
		}
	}
}

// TestFuzzScriptRotationCoversEveryTarget checks scripts/fuzz.sh: its list
// holds every fuzz target of the module, and the rotating shares CI fuzzes
// cover each target exactly once before they start over.
func TestFuzzScriptRotationCoversEveryTarget(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("bash is needed to run scripts/fuzz.sh")
	}
	list := func(env ...string) []string {
		t.Helper()
		cmd := exec.Command("bash", "scripts/fuzz.sh", "--list")
		if len(env) > 0 {
			cmd.Args = append(cmd.Args, "--rotate", "7")
		}
		cmd.Dir = moduleRoot
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%v: %v", cmd.Args, err)
		}
		var names []string
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			_, name, ok := strings.Cut(line, " ")
			if !ok {
				t.Fatalf("line %q is not \"package target\"", line)
			}
			names = append(names, name)
		}
		return names
	}

	var want []string
	for _, ft := range findTargets(t) {
		want = append(want, ft.name)
	}
	all := list()
	if !sameNames(all, want) {
		t.Fatalf("fuzz.sh --list gives\n%v\nthe module has\n%v", sorted(all), sorted(want))
	}
	shares := (len(all) + 6) / 7
	var covered []string
	for slot := range shares {
		share := list("TAGSPEC_FUZZ_SLOT=" + itoa(slot))
		if len(share) == 0 || len(share) > 7 {
			t.Fatalf("share %d has %d targets", slot, len(share))
		}
		covered = append(covered, share...)
	}
	if !sameNames(covered, all) {
		t.Fatalf("the %d shares cover\n%v\nnot every target once:\n%v", shares, sorted(covered), sorted(all))
	}
	if again := list("TAGSPEC_FUZZ_SLOT=" + itoa(shares)); !slices.Equal(again, list("TAGSPEC_FUZZ_SLOT=0")) {
		t.Fatalf("slot %d should start the rotation over: %v", shares, again)
	}
}

func sameNames(a, b []string) bool { return slices.Equal(sorted(a), sorted(b)) }

func sorted(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
