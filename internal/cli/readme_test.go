package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/ga4export"
	"github.com/tagspec/tagspec/spec"
)

// readmePath is the README whose examples TestREADME runs.
const readmePath = "../../README.md"

// readmeActionPath is the GitHub Action's metadata, whose inputs the
// README's workflow blocks may use; absolute, since the checks change
// the working directory.
var readmeActionPath, _ = filepath.Abs("../../action.yml")

// readmeSiteURLs are the URLs the README's examples expect the example site
// at (tagspec demo --serve and the starters' staging base_url). The test
// serves the site on a free port instead and rewrites these URLs in the
// commands and the spec.
var readmeSiteURLs = []string{"http://localhost:8080", "http://127.0.0.1:8080"}

// readmeSkipped lists the README command lines the test does not run, with
// the reason. Everything else in a sh block runs.
var readmeSkipped = map[string]string{
	"tagspec push gtm --account 6000000001 --container 90000001":                     readmeGTMAPI,
	"tagspec push gtm --account 6000000001 --container 90000001 --apply":             readmeGTMAPI,
	"tagspec push gtm --account 6000000001 --container 90000001 --apply --publish":   readmeGTMAPI,
	"tagspec pull gtm --account 6000000001 --container 90000001 --live -o live.json": readmeGTMAPI,
	"tagspec bench tagspec.yaml --bigquery my-project.analytics_123456789":           "needs a Google Cloud project with a GA4 BigQuery export and credentials (the --sql line next to it runs the same plan without BigQuery)",
}

// readmeGTMAPI is why the push and pull examples do not run here.
const readmeGTMAPI = "needs a GTM container and Google credentials; TestPushPullGTM runs the same commands against the Tag Manager API stand-in"

// readmeOtherPrograms are the README lines that are not tagspec commands,
// by their first word(s), with why the test leaves them alone.
var readmeOtherPrograms = map[string]string{
	"bash scripts/":            "the repository's own scripts: they install Chromium and run the whole test suite, this test among it",
	"bash .ci/run":             "CI's entry point, which runs the whole test suite, this test among it",
	"TAGSPEC_UPDATE=1 go test": "runs the whole test suite, this test among it",
	"go test -run '^Fuzz":      "replays one kept fuzz input, which every run of the package's tests already does",
}

// readmeExit lists the README command lines that are expected to exit with
// something other than 0, and why.
var readmeExit = map[string]int{
	// The example site also has a shop whose view_item and begin_checkout
	// events the b2b-saas spec does not define; discovery reports them,
	// as the README says.
	"tagspec crawl tagspec.yaml --env staging --discover":                             ExitFindings,
	"tagspec crawl --env staging --discover --shard 1/4 --format json > shard-1.json": ExitFindings,
}

// readmeBlock is one fenced code block of the README.
type readmeBlock struct {
	lang    string
	line    int // line of the opening fence, 1-based
	heading string
	text    string
}

// readmeBlocks returns the fenced code blocks of the README in order.
func readmeBlocks(t *testing.T) []readmeBlock {
	t.Helper()
	data, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []readmeBlock
	var cur *readmeBlock
	heading := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &readmeBlock{lang: strings.TrimPrefix(line, "```"), line: n, heading: heading}
		case cur != nil && line == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		case strings.HasPrefix(line, "#"):
			heading = strings.TrimSpace(strings.TrimLeft(line, "#"))
		}
	}
	if cur != nil {
		t.Fatalf("README.md:%d: code block never closed", cur.line)
	}
	return blocks
}

// TestREADME checks the README's promises: every YAML block loads and lints
// clean, and every tagspec command line in a sh block runs, in-process,
// against the example site, in a fresh directory per block.
//
// YAML blocks are classified by a rule, not by markers: a block whose first
// line is "# .tagspec.yaml" is a config file; a block with a top-level
// version key is a whole spec; any other block is a fragment of a spec,
// merged into the spec tagspec init writes (maps key by key, lists of named
// items by name) and linted there.
func TestREADME(t *testing.T) {
	blocks := readmeBlocks(t)
	// The README's first command gives init a measurement ID; the same one
	// makes the starter every block is checked against.
	starter := runOK(t, "init", "-o", "-", "--measurement-id", "G-7KQ2M4N8P1")
	var yamls, shells int
	for _, b := range blocks {
		name := fmt.Sprintf("README.md:%d", b.line)
		switch b.lang {
		case "yaml":
			yamls++
			t.Run(name, func(t *testing.T) { checkReadmeYAML(t, b, starter) })
		case "sh":
			shells++
		}
	}
	if yamls < 3 || shells < 10 {
		t.Fatalf("found %d yaml and %d sh blocks in the README; did the fences change?", yamls, shells)
	}

	site, err := examplesite.Serve(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = site.Close() })
	fx := newReadmeFixtures(t, starter)
	for _, b := range blocks {
		if b.lang != "sh" {
			continue
		}
		t.Run(fmt.Sprintf("README.md:%d", b.line), func(t *testing.T) { runReadmeBlock(t, b, fx, site.URL) })
	}
}

// runOK runs tagspec in-process and returns its stdout; any exit but 0
// fails the test.
func runOK(t *testing.T, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := Run(t.Context(), args, strings.NewReader(""), &stdout, &stderr); code != ExitOK {
		t.Fatalf("tagspec %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
	}
	return stdout.Bytes()
}

func checkReadmeYAML(t *testing.T, b readmeBlock, starter []byte) {
	dir := t.TempDir()
	t.Chdir(dir)
	var top map[string]any
	if err := yaml.Unmarshal([]byte(b.text), &top); err != nil {
		t.Fatalf("README.md:%d: not YAML: %v", b.line, err)
	}
	switch {
	case top["jobs"] != nil:
		// A GitHub Actions workflow: every input it gives the tagspec
		// action is one action.yml declares.
		checkReadmeWorkflow(t, b, top)
	case strings.HasPrefix(b.text, "# .tagspec.yaml\n"):
		// A config file: tagspec must accept it next to the starter spec.
		writeFile(t, ".tagspec.yaml", b.text)
		writeFile(t, "tagspec.yaml", string(starter))
		runOK(t, "lint")
	case top["version"] != nil:
		writeFile(t, "tagspec.yaml", b.text)
		lintClean(t, b, "tagspec.yaml")
		if b.heading == "Your first spec" {
			checkSubsequence(t, b, starter)
		}
	default:
		merged := mergeFragment(t, b, starter)
		writeFile(t, "tagspec.yaml", string(merged))
		lintClean(t, b, "tagspec.yaml")
	}
}

// checkReadmeWorkflow fails unless the workflow uses the tagspec action
// with inputs that ../../action.yml declares.
func checkReadmeWorkflow(t *testing.T, b readmeBlock, top map[string]any) {
	t.Helper()
	data, err := os.ReadFile(readmeActionPath)
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]any `yaml:"inputs"`
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	uses := 0
	jobs, _ := top["jobs"].(map[string]any)
	for name, j := range jobs {
		job, _ := j.(map[string]any)
		steps, _ := job["steps"].([]any)
		for _, st := range steps {
			step, _ := st.(map[string]any)
			if u, _ := step["uses"].(string); !strings.HasPrefix(u, "tagspec/tagspec@") {
				continue
			}
			uses++
			with, _ := step["with"].(map[string]any)
			for k := range with {
				if _, ok := action.Inputs[k]; !ok {
					t.Errorf("README.md:%d: job %s gives the tagspec action input %q, which action.yml does not declare", b.line, name, k)
				}
			}
		}
	}
	if uses == 0 {
		t.Errorf("README.md:%d: a workflow block that does not use tagspec/tagspec", b.line)
	}
}

// lintClean fails unless tagspec lint finds nothing at all in path.
func lintClean(t *testing.T, b readmeBlock, path string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(t.Context(), []string{"lint", path}, strings.NewReader(""), &stdout, &stderr)
	if code != ExitOK || stdout.Len() > 0 {
		t.Errorf("README.md:%d: the spec does not lint clean (exit %d):\n%s%s", b.line, code, stdout.String(), stderr.String())
	}
}

// checkSubsequence fails unless every line of the block (comments and
// blank lines aside) is a line of what tagspec init writes, in the same
// order: the README shows a shorter version of the starter, never another.
func checkSubsequence(t *testing.T, b readmeBlock, starter []byte) {
	t.Helper()
	strip := func(text string) []string {
		var out []string
		for _, l := range strings.Split(text, "\n") {
			if i := strings.Index(l, " #"); i >= 0 && !strings.Contains(l[:i], `"`) {
				l = l[:i]
			}
			l = strings.TrimRight(l, " ")
			if strings.TrimSpace(l) == "" || strings.HasPrefix(strings.TrimSpace(l), "#") && !strings.HasPrefix(l, "# yaml-language-server") {
				continue
			}
			out = append(out, l)
		}
		return out
	}
	want := strip(string(starter))
	i := 0
	for n, l := range strip(b.text) {
		j := slices.Index(want[i:], l)
		if j < 0 {
			t.Errorf("README.md:%d: line %d of the block, %q, is not in what tagspec init writes (or is out of order)", b.line, n+1, l)
			return
		}
		i += j + 1
	}
}

// mergeFragment merges a README fragment into the starter spec.
func mergeFragment(t *testing.T, b readmeBlock, starter []byte) []byte {
	t.Helper()
	var base, frag yaml.Node
	if err := yaml.Unmarshal(starter, &base); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal([]byte(b.text), &frag); err != nil {
		t.Fatalf("README.md:%d: %v", b.line, err)
	}
	mergeNode(base.Content[0], frag.Content[0])
	out, err := yaml.Marshal(&base)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// mergeNode merges src into dst: mapping keys recursively, sequences of
// mappings with a name key by name (new names appended), anything else
// replaced.
func mergeNode(dst, src *yaml.Node) {
	switch {
	case dst.Kind == yaml.MappingNode && src.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(src.Content); i += 2 {
			k, v := src.Content[i], src.Content[i+1]
			found := false
			for j := 0; j+1 < len(dst.Content); j += 2 {
				if dst.Content[j].Value == k.Value {
					mergeNode(dst.Content[j+1], v)
					found = true
					break
				}
			}
			if !found {
				dst.Content = append(dst.Content, k, v)
			}
		}
	case dst.Kind == yaml.SequenceNode && src.Kind == yaml.SequenceNode:
		for _, item := range src.Content {
			name := mappingValue(item, "name")
			merged := false
			for _, d := range dst.Content {
				if name != "" && mappingValue(d, "name") == name {
					mergeNode(d, item)
					merged = true
					break
				}
			}
			if !merged {
				dst.Content = append(dst.Content, item)
			}
		}
	default:
		*dst = *src
	}
}

func mappingValue(n *yaml.Node, key string) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1].Value
		}
	}
	return ""
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readmeFixtures are the files the README's commands read, as a reader
// would have them: the spec tagspec init writes, copies of it, a container
// generated from it, HAR recordings, GA4 export data and a pinned script.
type readmeFixtures map[string][]byte

func newReadmeFixtures(t *testing.T, starter []byte) readmeFixtures {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "tagspec.yaml", string(starter))
	s, _, err := spec.Load("tagspec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	container := runOK(t, "generate", "gtm")
	var ndjson bytes.Buffer
	if err := benchmark.ExampleExport(t.Context(), &ndjson, s, benchmark.ExampleOptions{}); err != nil {
		t.Fatal(err)
	}
	var pq bytes.Buffer
	pw := ga4export.NewParquetWriter(&pq)
	if err := benchmark.ExampleEvents(t.Context(), s, nil, benchmark.ExampleOptions{}, pw.Write); err != nil {
		t.Fatal(err)
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	csv := readmeReportCSV(s)
	har := readmeHAR(s.MeasurementID)
	return readmeFixtures{
		"tagspec.yaml":                 starter,
		"specs/b2b-saas.yaml":          starter,
		"specs/copy.yaml":              starter,
		"exported-container.json":      container,
		"live.json":                    container,
		"session.har":                  har,
		"recordings/monday.har":        har,
		"recordings/tuesday.har":       har,
		"exports/events_20250301.json": ndjson.Bytes(),
		"events_20250301.json":         ndjson.Bytes(),
		"events_20250301.parquet":      pq.Bytes(),
		"events-report.csv":            csv,
		"vendor/gtm.js":                []byte("// a pinned copy of a third-party script\n"),
	}
}

// readmeReportCSV is a GA4 "Events" report download for the spec's events.
func readmeReportCSV(s *spec.Spec) []byte {
	var b strings.Builder
	b.WriteString("# ----------------------------------------\n# Events: Event name\n# Account: Example\n# Property: Example - GA4\n# ----------------------------------------\n#\n# All Users\n# Start date: 20250301\n# End date: 20250314\n")
	b.WriteString("Event name,Event count,Total users,Event count per active user,Total revenue\n")
	b.WriteString("page_view,9000,3000,3,0\nsession_start,4000,3000,1.3,0\n")
	for i, e := range s.Events {
		fmt.Fprintf(&b, "%s,%d,%d,1,0\n", e.Name, 100+10*i, 80+10*i)
	}
	return []byte(b.String())
}

// readmeHAR is a HAR recording of a visit to the pricing page with consent
// granted: the hits the spec's pricing_page_view expects.
func readmeHAR(measurementID string) []byte {
	hit := func(ms int, en, extra string) string {
		return fmt.Sprintf(`{"startedDateTime": "2026-11-22T12:00:00.%03dZ", "request": {"method": "GET", "url": "https://www.google-analytics.com/g/collect?v=2&tid=%s&gcs=G111&cid=1.2&sid=3&_p=1&dl=http%%3A%%2F%%2Flocalhost%%3A8080%%2Fpricing&en=%s%s", "headers": []}}`, ms, measurementID, en, extra)
	}
	return []byte(`{"log": {"version": "1.2", "creator": {"name": "devtools", "version": "1"}, "entries": [
  {"startedDateTime": "2026-11-22T12:00:00.100Z", "request": {"method": "GET", "url": "http://localhost:8080/pricing", "headers": []}},
  ` + hit(400, "page_view", "") + `,
  ` + hit(500, "pricing_page_view", "&ep.page_path=%2Fpricing") + `
]}}
`)
}

// readmeCommand is one command line of a sh block.
type readmeCommand struct {
	env        []string // NAME=value assignments before the command
	args       []string // after the program name
	program    string
	stdoutFile string // > FILE
	background bool   // &
}

// parseReadmeLine splits a README command line the way the shell would for
// the constructs the README uses: quotes, comments, NAME=value prefixes,
// > redirection, a trailing &, and $(...) in an assignment (replaced by
// subst).
func parseReadmeLine(t *testing.T, line string) (readmeCommand, bool) {
	t.Helper()
	if m := regexp.MustCompile(`^source <\((.*)\)(\s+#.*)?$`).FindStringSubmatch(line); m != nil {
		line = m[1]
	}
	var words []string
	var quoted []bool
	var cur strings.Builder
	inWord, wasQuoted := false, false
	var quote rune
	flush := func() {
		if inWord {
			words = append(words, cur.String())
			quoted = append(quoted, wasQuoted)
		}
		cur.Reset()
		inWord, wasQuoted = false, false
	}
	depth := 0 // inside $( )
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case depth > 0:
			cur.WriteRune(r)
			if r == ')' {
				depth--
			}
		case r == '\'' || r == '"':
			quote, inWord, wasQuoted = r, true, true
		case r == '(' && strings.HasSuffix(cur.String(), "$"):
			depth++
			cur.WriteRune(r)
		case r == ' ' || r == '\t':
			flush()
		case r == '#' && !inWord:
			flush()
			goto done
		default:
			inWord = true
			cur.WriteRune(r)
		}
	}
	if quote != 0 {
		t.Fatalf("%s: unterminated quote", line)
	}
	flush()
done:
	var c readmeCommand
	i := 0
	for ; i < len(words) && regexp.MustCompile(`^[A-Z_][A-Z0-9_]*=`).MatchString(words[i]); i++ {
		c.env = append(c.env, words[i])
	}
	if i == len(words) {
		return c, false
	}
	c.program = words[i]
	for j := i + 1; j < len(words); j++ {
		w := words[j]
		switch {
		case w == "&" && j == len(words)-1:
			c.background = true
		case w == ">" && j+1 < len(words):
			c.stdoutFile = words[j+1]
			j++
		case !quoted[j] && strings.ContainsAny(w, "*?["):
			matches, _ := filepath.Glob(w)
			if len(matches) == 0 {
				c.args = append(c.args, w) // as the shell does
			} else {
				c.args = append(c.args, matches...)
			}
		default:
			c.args = append(c.args, w)
		}
	}
	return c, true
}

// shellSubstitutions are the $(...) expansions the README uses, with the
// value the test gives them.
var shellSubstitutions = map[string]string{
	"$(git log -1 --format=%ct)": "1764547200", // the test directory is no git repository; any commit time does
}

// readmeServer is a tagspec demo --serve running in-process.
type readmeServer struct {
	url    string
	cancel context.CancelFunc
	done   chan int
	out    *syncBuffer
}

// syncBuffer is a bytes.Buffer that a command writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs `tagspec demo --serve` with args on a free port and
// waits until it prints its URL.
func startServe(t *testing.T, args []string) *readmeServer {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	s := &readmeServer{cancel: cancel, done: make(chan int, 1), out: &syncBuffer{}}
	args = append(slices.Clone(args), "--addr", "127.0.0.1:0")
	go func() { s.done <- Run(ctx, args, strings.NewReader(""), s.out, s.out) }()
	urlRE := regexp.MustCompile(`serving at (http://\S+)`)
	deadline := time.Now().Add(2 * time.Minute) // a generous bound on a busy machine; the loop ends as soon as the URL is printed
	for {
		if m := urlRE.FindStringSubmatch(s.out.String()); m != nil {
			s.url = m[1]
			return s
		}
		select {
		case code := <-s.done:
			t.Fatalf("tagspec %s exited %d before serving:\n%s", strings.Join(args, " "), code, s.out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("tagspec %s printed no URL:\n%s", strings.Join(args, " "), s.out.String())
		}
	}
}

// stop interrupts the server and checks that it ends cleanly.
func (s *readmeServer) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	if code := <-s.done; code != ExitOK {
		t.Errorf("tagspec demo --serve: exit %d after the interrupt:\n%s", code, s.out.String())
	}
}

func runReadmeBlock(t *testing.T, b readmeBlock, fx readmeFixtures, siteURL string) {
	dir := t.TempDir()
	t.Chdir(dir)
	for name, data := range fx {
		writeFile(t, name, string(data))
	}
	siteFor := func(url string) {
		for name := range fx {
			if !strings.HasSuffix(name, ".yaml") {
				continue
			}
			text := string(fx[name])
			for _, u := range readmeSiteURLs {
				text = strings.ReplaceAll(text, u, url)
			}
			writeFile(t, name, text)
		}
		siteURL = url
	}
	siteFor(siteURL)
	if strings.HasPrefix(b.text, "tagspec init") && !strings.Contains(strings.SplitN(b.text, "\n", 2)[0], " -o ") {
		// The block starts where a reader starts: with no spec yet.
		if err := os.Remove("tagspec.yaml"); err != nil {
			t.Fatal(err)
		}
	}
	var servers []*readmeServer
	defer func() {
		for _, s := range servers {
			s.stop(t)
		}
	}()
	for n, line := range strings.Split(strings.TrimRight(b.text, "\n"), "\n") {
		where := fmt.Sprintf("README.md:%d", b.line+1+n)
		if reason, ok := readmeOther(line); ok {
			t.Logf("%s: not run: %s (%s)", where, line, reason)
			continue
		}
		if reason, ok := readmeSkip(line); ok {
			t.Logf("%s: skipped: %s (%s)", where, line, reason)
			continue
		}
		c, ok := parseReadmeLine(t, line)
		if !ok {
			continue
		}
		if c.program != "tagspec" {
			t.Errorf("%s: %q is neither a tagspec command nor in readmeOtherPrograms", where, line)
			continue
		}
		for i, a := range c.args {
			for _, u := range readmeSiteURLs {
				c.args[i] = strings.ReplaceAll(a, u, siteURL)
				a = c.args[i]
			}
		}
		if c.background {
			if len(c.args) < 2 || c.args[0] != "demo" || !slices.Contains(c.args, "--serve") {
				t.Fatalf("%s: only tagspec demo --serve may run in the background", where)
			}
			s := startServe(t, c.args)
			servers = append(servers, s)
			siteFor(s.url)
			continue
		}
		t.Run(fmt.Sprintf("%d", b.line+1+n), func(t *testing.T) {
			for _, e := range c.env {
				name, value, _ := strings.Cut(e, "=")
				if v, ok := shellSubstitutions[value]; ok {
					value = v
				} else if strings.Contains(value, "$(") {
					t.Fatalf("%s: no value for %s in shellSubstitutions", where, value)
				}
				t.Setenv(name, value)
			}
			var stdout, stderr bytes.Buffer
			code := Run(t.Context(), c.args, strings.NewReader(""), &stdout, &stderr)
			want := readmeExit[strings.TrimSpace(stripComment(line))]
			if code != want {
				t.Errorf("%s: %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", where, line, code, want, clip(stdout.String()), stderr.String())
			}
			if c.stdoutFile != "" {
				writeFile(t, c.stdoutFile, stdout.String())
			}
		})
	}
}

func readmeOther(line string) (string, bool) {
	for prefix, reason := range readmeOtherPrograms {
		if strings.HasPrefix(line, prefix) {
			return reason, true
		}
	}
	return "", false
}

func readmeSkip(line string) (string, bool) {
	l := strings.TrimSpace(stripComment(line))
	for prefix, reason := range readmeSkipped {
		if l == prefix {
			return reason, true
		}
	}
	return "", false
}

// stripComment drops a shell comment (" #" outside quotes) from line.
func stripComment(line string) string {
	var quote rune
	for i, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '#' && i > 0 && (line[i-1] == ' ' || line[i-1] == '\t'):
			return line[:i]
		}
	}
	return line
}

// clip shortens long command output in failure messages.
func clip(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "\n..."
	}
	return s
}
