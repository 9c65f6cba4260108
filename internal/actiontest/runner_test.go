package actiontest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"gopkg.in/yaml.v3"
)

// actionFile is action.yml, decoded strictly: a key the runner does not
// know fails the test.
type actionFile struct {
	Name        string            `yaml:"name"`
	Description string            `yaml:"description"`
	Author      string            `yaml:"author"`
	Branding    map[string]string `yaml:"branding"`
	Inputs      map[string]struct {
		Description string `yaml:"description"`
		Required    bool   `yaml:"required"`
		Default     string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	Name             string            `yaml:"name"`
	ID               string            `yaml:"id"`
	If               string            `yaml:"if"`
	Uses             string            `yaml:"uses"`
	With             map[string]string `yaml:"with"`
	Shell            string            `yaml:"shell"`
	WorkingDirectory string            `yaml:"working-directory"`
	Env              map[string]string `yaml:"env"`
	Run              string            `yaml:"run"`
}

// repoRoot is the repository root, where action.yml is, as an absolute
// path: it is resolved when the test binary starts, before any test
// changes the working directory.
var repoRoot = mustAbsPath("../..")

func mustAbsPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		panic(err) // only when the working directory is gone
	}
	return abs
}

// loadAction reads and decodes action.yml.
func loadAction(t *testing.T) *actionFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var a actionFile
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return &a
}

// stepState is what later steps see of a step: steps.ID.outputs and
// steps.ID.outcome.
type stepState struct {
	outputs map[string]string
	outcome string // success, failure or skipped
}

// usesCall is a third-party action the runner did not run, with the
// inputs it would have been given.
type usesCall struct {
	Name, Uses string
	With       map[string]string
}

// runResult is what a run of the action left.
type runResult struct {
	stdout   string            // every shell step's stdout, in order
	stderr   string            // every shell step's stderr, in order
	summary  string            // the job summary, every step's part in order
	outputs  map[string]string // the action's outputs
	uses     []usesCall
	outcomes map[string]string // by step name
}

// useOf returns the call of the step named name, failing the test when
// it did not run.
func (r *runResult) useOf(t *testing.T, name string) usesCall {
	t.Helper()
	for _, u := range r.uses {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("step %q did not run; outcomes: %v", name, r.outcomes)
	return usesCall{}
}

// runner runs the steps of a composite action as GitHub's runner does:
// each step's if: decides whether it runs, ${{ }} expressions are
// evaluated in env:, with: and working-directory:, shell steps run with
// bash -eo pipefail in the workspace with their own GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY, GITHUB_PATH and GITHUB_ENV files, and the files'
// contents are applied after the step.
type runner struct {
	t          *testing.T
	action     *actionFile
	actionPath string // GITHUB_ACTION_PATH: the repository root
	workspace  string // GITHUB_WORKSPACE
	temp       string // RUNNER_TEMP
	with       map[string]string
	env        map[string]string // GITHUB_ENV additions
	path       []string          // GITHUB_PATH additions, newest first
	steps      map[string]*stepState
	failed     bool
}

// testSHA is the commit the runs pretend to check out.
const testSHA = "0123456789abcdef0123456789abcdef01234567"

// runAction runs the action with the inputs in with, in workspace.
func runAction(t *testing.T, a *actionFile, workspace string, with map[string]string) *runResult {
	t.Helper()
	root := repoRoot
	for name := range with {
		if _, ok := a.Inputs[name]; !ok {
			t.Fatalf("the test gives input %q, which action.yml does not declare", name)
		}
	}
	r := &runner{t: t, action: a, actionPath: root, workspace: workspace, temp: t.TempDir(), with: with, env: map[string]string{}, steps: map[string]*stepState{}}
	res := &runResult{outputs: map[string]string{}, outcomes: map[string]string{}}
	var stdout, stderr, summary strings.Builder
	for i, st := range a.Runs.Steps {
		// As on GitHub, a condition without a status function runs only
		// while every earlier step succeeded.
		cond := stripBraces(st.If)
		if cond == "" {
			cond = "success()"
		} else if !statusFuncRE.MatchString(cond) {
			cond = "success() && (" + cond + ")"
		}
		v, err := r.eval(cond)
		if err != nil {
			t.Fatalf("step %q: if: %v", st.Name, err)
		}
		state := &stepState{outputs: map[string]string{}, outcome: "skipped"}
		if truthy(v) {
			if st.Uses != "" {
				call := usesCall{Name: st.Name, Uses: st.Uses, With: map[string]string{}}
				for k, val := range st.With {
					call.With[k] = r.interpolate(val)
				}
				res.uses = append(res.uses, call)
				state.outcome = "success"
			} else {
				out, errOut, sum := r.runShell(i, st, state)
				stdout.WriteString(out)
				stderr.WriteString(errOut)
				summary.WriteString(sum)
			}
		}
		if state.outcome == "failure" {
			r.failed = true
		}
		res.outcomes[st.Name] = state.outcome
		if st.ID != "" {
			r.steps[st.ID] = state
		}
	}
	for name, o := range a.Outputs {
		res.outputs[name] = r.interpolate(o.Value)
	}
	res.stdout, res.stderr, res.summary = stdout.String(), stderr.String(), summary.String()
	return res
}

// runShell runs one shell step and returns its stdout, stderr and part of
// the job summary.
func (r *runner) runShell(i int, st actionStep, state *stepState) (stdout, stderr, summary string) {
	t := r.t
	if st.Shell != "bash" {
		t.Fatalf("step %q: shell %q: the action's steps use bash", st.Name, st.Shell)
	}
	dir := filepath.Join(r.temp, "_runner_file_commands", strconv.Itoa(i))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, name := range []string{"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH", "GITHUB_ENV"} {
		files[name] = filepath.Join(dir, strings.ToLower(name))
		if err := os.WriteFile(files[name], nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := filepath.Join(dir, "script.sh")
	if err := os.WriteFile(script, []byte(st.Run), 0o644); err != nil {
		t.Fatal(err)
	}
	wd := r.workspace
	if st.WorkingDirectory != "" {
		wd = r.interpolate(st.WorkingDirectory)
		if !filepath.IsAbs(wd) {
			wd = filepath.Join(r.workspace, wd)
		}
	}
	cmd := exec.CommandContext(t.Context(), "bash", "--noprofile", "--norc", "-eo", "pipefail", script)
	cmd.Dir = wd
	env := map[string]string{}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		// The run sees what a runner gives a job, not this machine's
		// GitHub or tagspec settings.
		if strings.HasPrefix(k, "GITHUB_") || strings.HasPrefix(k, "TAGSPEC_") || strings.HasPrefix(k, "RUNNER_") {
			continue
		}
		env[k] = v
	}
	for k, v := range r.env {
		env[k] = v
	}
	for k, v := range map[string]string{
		"CI": "true", "GITHUB_ACTIONS": "true",
		"GITHUB_WORKSPACE": r.workspace, "GITHUB_ACTION_PATH": r.actionPath, "RUNNER_TEMP": r.temp,
		"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/site", "GITHUB_SHA": testSHA,
	} {
		env[k] = v
	}
	for k, v := range files {
		env[k] = v
	}
	if len(r.path) > 0 {
		env["PATH"] = strings.Join(r.path, string(os.PathListSeparator)) + string(os.PathListSeparator) + env["PATH"]
	}
	for k, v := range st.Env {
		env[k] = r.interpolate(v)
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	state.outcome = "success"
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("step %q: %v", st.Name, err)
		}
		state.outcome = "failure"
		t.Logf("step %q failed: %v\nstdout:\n%s\nstderr:\n%s", st.Name, err, out.String(), errOut.String())
	}
	read := func(name string) string {
		data, err := os.ReadFile(files[name])
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	outputs, err := parseFileCommand(read("GITHUB_OUTPUT"))
	if err != nil {
		t.Fatalf("step %q: GITHUB_OUTPUT: %v", st.Name, err)
	}
	state.outputs = outputs
	envs, err := parseFileCommand(read("GITHUB_ENV"))
	if err != nil {
		t.Fatalf("step %q: GITHUB_ENV: %v", st.Name, err)
	}
	for k, v := range envs {
		r.env[k] = v
	}
	for _, p := range strings.Split(read("GITHUB_PATH"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			r.path = append([]string{p}, r.path...)
		}
	}
	return out.String(), errOut.String(), read("GITHUB_STEP_SUMMARY")
}

// parseFileCommand reads a GITHUB_OUTPUT or GITHUB_ENV file: name=value
// lines and name<<DELIMITER ... DELIMITER blocks.
func parseFileCommand(text string) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" {
			continue
		}
		if name, delim, ok := strings.Cut(line, "<<"); ok && !strings.Contains(name, "=") {
			var val []string
			closed := false
			for sc.Scan() {
				n++
				if sc.Text() == delim {
					closed = true
					break
				}
				val = append(val, sc.Text())
			}
			if !closed {
				return nil, fmt.Errorf("line %d: %s<<%s is never closed", n, name, delim)
			}
			out[name] = strings.Join(val, "\n")
			continue
		}
		name, val, ok := strings.Cut(line, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("line %d: %q is neither name=value nor name<<DELIMITER", n, line)
		}
		out[name] = val
	}
	return out, sc.Err()
}

// interpolate replaces every ${{ expression }} in s with its value.
func (r *runner) interpolate(s string) string {
	r.t.Helper()
	var b strings.Builder
	for {
		i := strings.Index(s, "${{")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			r.t.Fatalf("%q: ${{ is never closed", s)
		}
		v, err := r.eval(s[i+3 : i+j])
		if err != nil {
			r.t.Fatalf("%q: %v", s, err)
		}
		b.WriteString(s[:i])
		b.WriteString(str(v))
		s = s[i+j+2:]
	}
}

// stripBraces removes ${{ }} around a whole if: condition.
func stripBraces(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "${{") && strings.HasSuffix(s, "}}") {
		return s[3 : len(s)-2]
	}
	return s
}

// The expressions the action may use: string literals, true and false,
// the contexts inputs.NAME, steps.ID.outputs.NAME, steps.ID.outcome and
// github.action_path, the functions always(), success(), failure() and
// contains(a, b), and the operators ! == != && || with parentheses.
// Anything else fails the test, so that the action cannot use an
// expression this runner would get wrong.

var statusFuncRE = regexp.MustCompile(`\b(always|success|failure|cancelled)\(`)

var tokenRE = regexp.MustCompile(`^\s*(?:('(?:[^']|'')*')|(==|!=|&&|\|\||[!(),])|([A-Za-z_][A-Za-z0-9_.\-]*))`)

type exprParser struct {
	r    *runner
	toks []string
	pos  int
}

func (r *runner) eval(expr string) (any, error) {
	var toks []string
	rest := expr
	for strings.TrimSpace(rest) != "" {
		m := tokenRE.FindStringSubmatch(rest)
		if m == nil {
			return nil, fmt.Errorf("expression %q: cannot read %q", expr, strings.TrimSpace(rest))
		}
		toks = append(toks, strings.TrimLeftFunc(m[0], unicode.IsSpace))
		rest = rest[len(m[0]):]
	}
	p := &exprParser{r: r, toks: toks}
	v, err := p.or()
	if err != nil {
		return nil, fmt.Errorf("expression %q: %w", expr, err)
	}
	if p.pos != len(toks) {
		return nil, fmt.Errorf("expression %q: unexpected %q", expr, toks[p.pos])
	}
	return v, nil
}

func (p *exprParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *exprParser) next() string { t := p.peek(); p.pos++; return t }

func (p *exprParser) or() (any, error) {
	v, err := p.and()
	for err == nil && p.peek() == "||" {
		p.next()
		var w any
		if w, err = p.and(); truthy(v) {
			continue
		}
		v = w
	}
	return v, err
}

func (p *exprParser) and() (any, error) {
	v, err := p.unary()
	for err == nil && p.peek() == "&&" {
		p.next()
		var w any
		if w, err = p.unary(); !truthy(v) {
			continue
		}
		v = w
	}
	return v, err
}

func (p *exprParser) unary() (any, error) {
	if p.peek() == "!" {
		p.next()
		v, err := p.unary()
		return !truthy(v), err
	}
	return p.compare()
}

func (p *exprParser) compare() (any, error) {
	v, err := p.primary()
	if err != nil {
		return nil, err
	}
	if op := p.peek(); op == "==" || op == "!=" {
		p.next()
		w, err := p.primary()
		if err != nil {
			return nil, err
		}
		eq := strings.EqualFold(str(v), str(w)) // GitHub compares strings ignoring case
		return eq == (op == "=="), nil
	}
	return v, nil
}

func (p *exprParser) primary() (any, error) {
	tok := p.next()
	switch {
	case tok == "":
		return nil, fmt.Errorf("ends too early")
	case tok == "(":
		v, err := p.or()
		if err == nil && p.next() != ")" {
			err = fmt.Errorf("missing )")
		}
		return v, err
	case strings.HasPrefix(tok, "'"):
		return strings.ReplaceAll(tok[1:len(tok)-1], "''", "'"), nil
	case tok == "true" || tok == "false":
		return tok == "true", nil
	case p.peek() == "(":
		p.next()
		var args []any
		for p.peek() != ")" {
			v, err := p.or()
			if err != nil {
				return nil, err
			}
			args = append(args, v)
			if p.peek() == "," {
				p.next()
			}
			if p.peek() == "" {
				return nil, fmt.Errorf("%s( is never closed", tok)
			}
		}
		p.next()
		return p.call(tok, args)
	}
	return p.r.lookup(tok)
}

func (p *exprParser) call(name string, args []any) (any, error) {
	switch {
	case name == "always" && len(args) == 0:
		return true, nil
	case name == "success" && len(args) == 0:
		return !p.r.failed, nil
	case name == "failure" && len(args) == 0:
		return p.r.failed, nil
	case name == "contains" && len(args) == 2:
		return strings.Contains(strings.ToLower(str(args[0])), strings.ToLower(str(args[1]))), nil
	}
	return nil, fmt.Errorf("function %s with %d arguments is not one this runner knows", name, len(args))
}

// lookup resolves a context property.
func (r *runner) lookup(path string) (any, error) {
	parts := strings.Split(path, ".")
	switch {
	case len(parts) == 2 && parts[0] == "inputs":
		in, ok := r.action.Inputs[parts[1]]
		if !ok {
			return nil, fmt.Errorf("inputs.%s: action.yml declares no such input", parts[1])
		}
		if v, ok := r.with[parts[1]]; ok {
			return v, nil
		}
		return in.Default, nil
	case len(parts) == 4 && parts[0] == "steps" && parts[2] == "outputs":
		if err := r.knownStep(parts[1]); err != nil {
			return nil, err
		}
		if st := r.steps[parts[1]]; st != nil {
			return st.outputs[parts[3]], nil
		}
		return "", nil
	case len(parts) == 3 && parts[0] == "steps" && parts[2] == "outcome":
		if err := r.knownStep(parts[1]); err != nil {
			return nil, err
		}
		if st := r.steps[parts[1]]; st != nil {
			return st.outcome, nil
		}
		return "", nil
	case path == "github.action_path":
		return r.actionPath, nil
	}
	return nil, fmt.Errorf("%s is not a context this runner knows", path)
}

// knownStep fails for a step id no step of the action has.
func (r *runner) knownStep(id string) error {
	for _, st := range r.action.Runs.Steps {
		if st.ID == id {
			return nil
		}
	}
	return fmt.Errorf("steps.%s: no step of action.yml has that id", id)
}

func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return x != ""
	}
	return v != nil
}

func str(v any) string {
	switch x := v.(type) {
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	}
	return ""
}
