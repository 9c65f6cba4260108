package actiontest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// exampleWorkflow is the example workflow of docs/github-action.md.
var exampleWorkflow = filepath.Join(repoRoot, "docs/examples/tagspec-workflow.yml")

// TestActionMetadata checks action.yml beyond what a runner rejects: the
// keys GitHub requires, a description for every input and output, every
// input used and every context the expressions name declared, and
// third-party actions pinned to a major version.
func TestActionMetadata(t *testing.T) {
	a := loadAction(t)
	if a.Name == "" || a.Description == "" || a.Runs.Using != "composite" || len(a.Runs.Steps) == 0 {
		t.Fatalf("action.yml needs name, description, runs.using: composite and steps; got %q %q %q %d steps", a.Name, a.Description, a.Runs.Using, len(a.Runs.Steps))
	}
	raw, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for name, in := range a.Inputs {
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
		if !strings.Contains(text, "inputs."+name+" ") && !strings.Contains(text, "inputs."+name+"\n") && !strings.Contains(text, "inputs."+name+"}") {
			t.Errorf("input %s is declared but no step uses it", name)
		}
	}
	ids := map[string]bool{}
	for _, st := range a.Runs.Steps {
		if st.Name == "" {
			t.Errorf("a step has no name: %+v", st)
		}
		if st.ID != "" {
			ids[st.ID] = true
		}
		switch {
		case st.Uses != "" && st.Run != "":
			t.Errorf("step %q has both uses and run", st.Name)
		case st.Uses != "":
			if !regexp.MustCompile(`^[a-z0-9-]+/[a-z0-9/-]+@v\d+$`).MatchString(st.Uses) {
				t.Errorf("step %q: uses %q is not pinned to a major version", st.Name, st.Uses)
			}
		case st.Run != "":
			if st.Shell != "bash" {
				t.Errorf("step %q: a composite run step needs shell: bash", st.Name)
			}
			if strings.Contains(st.Run, "${{") {
				t.Errorf("step %q interpolates an expression into its script; pass it through env:", st.Name)
			}
		default:
			t.Errorf("step %q has neither uses nor run", st.Name)
		}
	}
	for name, o := range a.Outputs {
		if o.Description == "" || o.Value == "" {
			t.Errorf("output %s needs a description and a value", name)
		}
	}
	// Every context an expression names exists: the runner's evaluator
	// fails on undeclared inputs and unknown steps, so evaluate every
	// expression of the file once.
	r := &runner{t: t, action: a, with: map[string]string{}, steps: map[string]*stepState{}}
	for _, m := range regexp.MustCompile(`\$\{\{(.*?)\}\}`).FindAllStringSubmatch(text, -1) {
		if _, err := r.eval(m[1]); err != nil {
			t.Errorf("action.yml: %v", err)
		}
	}
	for _, st := range a.Runs.Steps {
		if st.If != "" {
			if _, err := r.eval(stripBraces(st.If)); err != nil {
				t.Errorf("step %q: if: %v", st.Name, err)
			}
		}
	}
	for _, m := range regexp.MustCompile(`steps\.([a-z-]+)\.`).FindAllStringSubmatch(text, -1) {
		if !ids[m[1]] {
			t.Errorf("action.yml names steps.%s, which no step's id is", m[1])
		}
	}
}

// workflowFile is the part of a workflow the example's check reads.
type workflowFile struct {
	Jobs map[string]struct {
		Strategy struct {
			Matrix map[string][]any `yaml:"matrix"`
		} `yaml:"strategy"`
		Steps []struct {
			ID   string            `yaml:"id"`
			Uses string            `yaml:"uses"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestExampleWorkflow checks the example workflow against action.yml:
// every input it gives the action is declared, the shard count matches
// the matrix, every shard's artifact is one the report job downloads, and
// the merge reads the files the shards wrote.
func TestExampleWorkflow(t *testing.T) {
	a := loadAction(t)
	data, err := os.ReadFile(exampleWorkflow)
	if err != nil {
		t.Fatal(err)
	}
	var wf workflowFile
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	uses := 0
	var shardArtifact, downloadPattern, mergeReports, shardDir string
	for name, job := range wf.Jobs {
		for _, st := range job.Steps {
			if strings.HasPrefix(st.Uses, "actions/download-artifact@") {
				downloadPattern = st.With["pattern"] + " -> " + st.With["path"]
			}
			if !strings.HasPrefix(st.Uses, "tagspec/tagspec@") {
				continue
			}
			uses++
			for k := range st.With {
				if _, ok := a.Inputs[k]; !ok {
					t.Errorf("job %s gives the action input %q, which action.yml does not declare", name, k)
				}
			}
			if args := st.With["crawl-args"]; strings.Contains(args, "--shard") {
				m := regexp.MustCompile(`--shard \$\{\{ matrix\.shard \}\}/(\d+)`).FindStringSubmatch(args)
				if n, _ := strconv.Atoi(m1(m)); n == 0 || len(job.Strategy.Matrix["shard"]) != n {
					t.Errorf("job %s: crawl-args %q do not split the crawl into the %d shards of the matrix", name, args, len(job.Strategy.Matrix["shard"]))
				}
				shardArtifact, shardDir = st.With["artifact-name"], st.With["output-dir"]
			}
			if st.With["commands"] == "merge" {
				mergeReports = st.With["merge-reports"]
			}
		}
	}
	if uses < 3 {
		t.Errorf("the example uses the action %d times, want the checks, crawl and report jobs", uses)
	}
	// The shards upload output-dir's files under tagspec-shard-N; the
	// report job downloads each artifact into shards/<its name>/.
	if shardArtifact != "tagspec-shard-${{ matrix.shard }}" || shardDir == "" || downloadPattern != "tagspec-shard-* -> shards" || mergeReports != "shards/*/crawl.json" {
		t.Errorf("the shards' artifacts (%q of %q) and the merge (%q after %q) do not meet", shardArtifact, shardDir, mergeReports, downloadPattern)
	}
}

// m1 is the first group of a match, or "" when nothing matched.
func m1(m []string) string {
	if len(m) < 2 {
		return ""
	}
	return m[1]
}

// TestActionlint runs actionlint (from the Go module proxy, not a
// dependency of tagspec) on the example workflow and on a workflow that
// uses action.yml as a local action, which makes actionlint check the
// action's metadata and the inputs given to it. A copy with an unknown
// input shows that the check reaches action.yml.
func TestActionlint(t *testing.T) {
	bin := t.TempDir()
	install := exec.CommandContext(t.Context(), "go", "install", "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12")
	install.Env = append(os.Environ(), "GOBIN="+bin, "GOFLAGS=")
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install actionlint: %v\n%s", err, out)
	}
	// actionlint resolves `uses: ./` in a project: a folder with .git and
	// .github/workflows.
	project := t.TempDir()
	writeFile(t, filepath.Join(project, ".git"), []byte("gitdir: none\n"))
	action, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(project, "action.yml"), action)
	local, err := os.ReadFile("testdata/local-action-workflow.yml")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(exampleWorkflow)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(project, ".github/workflows/local-action.yml"), local)
	writeFile(t, filepath.Join(project, ".github/workflows/example.yml"), example)
	writeFile(t, filepath.Join(project, ".github/workflows/unknown-input.yml"),
		bytes.Replace(local, []byte("          spec: tagspec.yaml\n"), []byte("          spek: tagspec.yaml\n"), 1))

	lint := func(files ...string) (string, error) {
		cmd := exec.CommandContext(t.Context(), filepath.Join(bin, "actionlint"), append([]string{"-no-color"}, files...)...)
		cmd.Dir = project
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := lint(".github/workflows/example.yml", ".github/workflows/local-action.yml"); err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
	out, err := lint(".github/workflows/unknown-input.yml")
	if err == nil || !strings.Contains(out, `"spek"`) {
		t.Errorf("actionlint accepted an input action.yml does not declare (%v):\n%s", err, out)
	}
	// Every input of action.yml is in the local-action workflow, so that
	// actionlint checks them all.
	a := loadAction(t)
	for name := range a.Inputs {
		if !slices.Contains(strings.Fields(string(local)), name+":") {
			t.Errorf("testdata/local-action-workflow.yml does not give input %s", name)
		}
	}
}
