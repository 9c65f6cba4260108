//go:build conformance

package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// standInID is the measurement ID tagspec's stand-in runs with, as on the
// example site.
const standInID = "G-TAGSPEC01"

// A build is one subject of the suite: a gtag.js build, or a GTM container
// with the gtag.js build it loads.
type build struct {
	name   string // row label
	id     string // the measurement ID its pages configure
	gtag   string // path of the gtag.js file routed for /gtag/js
	gtm    string // path of the gtm.js file routed for /gtm.js; "" for a gtag build
	source []byte // the gtag.js build's text, for the evidence of what it does
	cases  []caseDef
}

// A caseDef is one case of the brief: a GOOD journey that must pass and a
// BROKEN one that must fail with rule.
type caseDef struct {
	id, what     string
	good, broken string // journey names in testdata/spec.yaml
	rule         string // the rule the broken journey must fail with
	// control, when set, is the good journey with real time added where
	// the tag waits on a timer of its own. It tells a build that does not
	// send the event (the control fails too) from a crawler that does not
	// wait for it (the control passes): the good cell then names the
	// tagspec bug, and the test still fails.
	control string
	// skip, when set, says the case does not apply to the build (with the
	// evidence): its journeys run and their verdicts are shown, unjudged.
	skip func(b *build) (skip bool, evidence string)
	// probes are journeys run for information only: the good cell says
	// where each one's page sent its hits (case j).
	probes []string
	// feature, when set, says whether the build does what the good journey
	// relies on, with the evidence from its container data. A build that
	// does not must make the good journey fail with event-missing: the
	// cell is then n/a, with the evidence.
	feature func(b *build) (on bool, evidence string)
	// shield, when set, says whether the build removes what the broken
	// journey plants (personal data it redacts, say), with the evidence:
	// the broken journey may then pass, and the cell is n/a.
	shield func(b *build) (on bool, evidence string)
}

// gtagCases are the cases every gtag.js build runs (a to j).
var gtagCases = []caseDef{
	{id: "a", what: "page_view + automatic params", good: "a good: page_view with page_title", broken: "a broken: send_page_view false [journey/event-missing]", rule: "journey/event-missing"},
	{id: "b", what: "batched event 1 s after load", good: "b good: delayed event with params", broken: "b broken: number param missing [journey/param-missing]", rule: "journey/param-missing"},
	{id: "c", what: "two events on one click", good: "c good: two events on one click", broken: "c broken: value outside the enum [journey/param-value]", rule: "journey/param-value"},
	{id: "c2", what: "same event on two clicks (batched) vs twice on one click", good: "c2 good: same event on two clicks, one expect", broken: "c2 broken: one click sends the event twice [journey/event-duplicate]", rule: "journey/event-duplicate"},
	{id: "d", what: "ecommerce add_to_cart with items", good: "d good: add_to_cart with items", broken: "d broken: email in a param [privacy/personal-data-hit]", rule: "privacy/personal-data-hit", shield: redactsEmail},
	{id: "e", what: "user properties", good: "e good: user properties then an event", broken: "e broken: email in a user property [privacy/personal-data-hit]", rule: "privacy/personal-data-hit", shield: redactsEmail},
	{id: "f", what: "consent mode + banner", good: "f good: event after consent granted", broken: "f broken: event before the visitor accepts [consent/before-grant]", rule: "consent/before-grant"},
	{id: "g", what: "event sent on pagehide (leaving link)", good: "g good: event sent as the page is left", broken: "g broken: the link sends nothing [journey/event-missing]", rule: "journey/event-missing"},
	{id: "h1", what: "SPA pushState, EM history page_view", good: "h good: page_view on pushState (enhanced measurement)", broken: "h broken: view change without an event [journey/event-missing]", rule: "journey/event-missing", feature: historyPageViews,
		control: "h control: page_view on pushState after a real 1.2 s"},
	{id: "h2", what: "SPA pushState, explicit page_view", good: "h good: explicit page_view on pushState", broken: "h broken: view change without an event [journey/event-missing]", rule: "journey/event-missing", skip: explicitPageViewDoubles},
	{id: "i1", what: "EM scroll 90%", good: "i good: scroll to 90%", broken: "i broken: scroll to 50% only [journey/event-missing]", rule: "journey/event-missing", feature: emScroll,
		control: "i control: scroll to 90% then a real 0.6 s"},
	{id: "i2", what: "EM outbound click", good: "i good: outbound click", broken: "i broken: internal link is no outbound click [journey/event-missing]", rule: "journey/event-missing", feature: emOutbound},
	{id: "j", what: "server-side container (sgtm.example.test)", good: "j good: hits to the server container", broken: "j broken: wrong value through the server container [journey/param-value]", rule: "journey/param-value",
		probes: []string{"j probe: server_container_url only", "j probe: transport_url only"}},
}

// gtmPairs are the GTM containers of case k, with the gtag.js build each
// loads.
var gtmPairs = []struct {
	gtm, gtag, id string
	c             caseDef
}{
	{gtm: "gtm-GTM-TDPBXX-2022.js", gtag: "gtag-G-G99DMMNG39-2022.js", id: "G-G99DMMNG39", c: caseDef{
		id: "k", what: "GTM __gaawc + __gaawe page_view (gtm.load, bc.pageView)",
		good: "k GTM-TDPBXX good: page_view on gtm.load and bc.pageView", broken: "k GTM-TDPBXX broken: email in the page URL [privacy/personal-data-hit]", rule: "privacy/personal-data-hit",
		control: "k GTM-TDPBXX control: a real 0.5 s before the first expect"}},
	{gtm: "gtm-GTM-PCKRMNP-2023.js", gtag: "gtag-G-YCKC5QNYZ1-2023.js", id: "G-YCKC5QNYZ1", c: caseDef{
		id: "k", what: "GTM __googtag + __gaawe \"Download click\" (cf7submission)",
		good: "k GTM-PCKRMNP good: page_view and Download click", broken: "k GTM-PCKRMNP broken: email in the page URL [privacy/personal-data-hit]", rule: "privacy/personal-data-hit"}},
}

// Evidence of what a build does, read from its container data (the
// `var data = {...}` resource block of the file).
var (
	emPageViewHistory = regexp.MustCompile(`"function":\s*"__ccd_em_page_view"[^}]*"vtp_historyEvents":\s*true`)
	getHistory        = regexp.MustCompile(`gtm\.historyChange-v2`)
	getPageView       = regexp.MustCompile(`"function":\s*"__get",\s*"vtp_eventName":\s*"page_view"`)
	autoEventsHistory = regexp.MustCompile(`"function":\s*"__ogt_auto_events"[^}]*"vtp_enableHistoryEvents":\s*true`)
	emScrollTag       = regexp.MustCompile(`"function":\s*"__ccd_em_scroll"`)
	getScroll         = regexp.MustCompile(`"function":\s*"__get",\s*"vtp_eventName":\s*"scroll"`)
	sdlTag            = regexp.MustCompile(`"function":\s*"__sdl"[^}]*"vtp_verticalThresholdsPercent":\s*"[^"]*90`)
	emOutboundTag     = regexp.MustCompile(`"function":\s*"__ccd_em_outbound_click"`)
	getOutbound       = regexp.MustCompile(`"function":\s*"__get",\s*"vtp_eventName":\s*"click",[^}]*"outbound",\s*true`)
	redactEmailTag    = regexp.MustCompile(`"function":\s*"__ccd_auto_redact"[^}]*"vtp_redactEmail":\s*true`)
	standInScroll     = regexp.MustCompile(`track\('scroll', \{ percent_scrolled: 90 \}\)`)
)

func historyPageViews(b *build) (bool, string) {
	switch {
	case emPageViewHistory.Match(b.source):
		return true, "__ccd_em_page_view with vtp_historyEvents:true"
	case getHistory.Match(b.source) && getPageView.Match(b.source):
		return true, "__get page_view fired on gtm.historyChange-v2"
	case autoEventsHistory.Match(b.source):
		return true, "__ogt_auto_events with vtp_enableHistoryEvents:true"
	}
	return false, "build has no EM history page_view: no __ccd_em_page_view with historyEvents, no history-change page_view tag"
}

// explicitPageViewDoubles: a site sends page_view itself on a route change
// only when the tag does not (case h2); on a build whose enhanced
// measurement sends one, an explicit one doubles it.
func explicitPageViewDoubles(b *build) (bool, string) {
	if on, evidence := historyPageViews(b); on {
		return true, "EM history page_view is on (" + evidence + "), so an explicit page_view doubles it"
	}
	return false, ""
}

func emScroll(b *build) (bool, string) {
	switch {
	case emScrollTag.Match(b.source):
		return true, "__ccd_em_scroll"
	case getScroll.Match(b.source) && sdlTag.Match(b.source):
		return true, "__get scroll on the __sdl 90% listener"
	case b.id == standInID && standInScroll.Match(b.source):
		return true, "the stand-in's scroll at 90%"
	}
	return false, "build has no EM scroll: no __ccd_em_scroll, no scroll-depth tag"
}

func emOutbound(b *build) (bool, string) {
	switch {
	case emOutboundTag.Match(b.source):
		return true, "__ccd_em_outbound_click"
	case getOutbound.Match(b.source):
		return true, "__get click with outbound:true"
	}
	return false, "build has no EM outbound click: no __ccd_em_outbound_click, no outbound click tag"
}

func redactsEmail(b *build) (bool, string) {
	if redactEmailTag.Match(b.source) {
		return true, "build redacts email addresses before sending: __ccd_auto_redact with vtp_redactEmail:true"
	}
	return false, ""
}

// bugTagClock names the tagspec bug the controls reveal (see the suite's
// report): the tag clock misses tag timers created while it runs.
const bugTagClock = "B1: tag clock misses chained tag timers"

// bugBatchedDuplicate names the tagspec bug case c2 reveals: events of
// different steps that leave in one batch are judged as one step's
// duplicates.
const bugBatchedDuplicate = "B2: event-duplicate on batched events of different steps"

// blocked are hosts the pages or the containers may call besides the
// routed scripts: nothing leaves the machine (GA4 hits are answered by
// the crawler in any case).
var blocked = []string{
	"outbound.example.test", "sgtm.example.test",
	"*.doubleclick.net", "www.google.com", "www.googleadservices.com", "pagead2.googlesyndication.com", "cct.google",
	"www.googletagmanager.com/gtag/destination*", "www.googletagmanager.com/static/*",
	"www.google-analytics.com/analytics.js", "ssl.google-analytics.com",
	"script.crazyegg.com", "gist.githubusercontent.com",
	"static.ads-twitter.com", "*.quora.com", "www.redditstatic.com", "tr.snapchat.com", "sc-static.net",
	"s.adroll.com", "amplify.outbrain.com", "go.zengo.com", "consent.cookiebot.com", "cdn.pdst.fm",
	"analytics.tiktok.com", "connect.facebook.net",
}

// The JSON report, as far as the suite reads it (report/json.go).
type jsonReport struct {
	Journeys []jsonJourney `json:"journeys"`
}

type jsonJourney struct {
	Name       string        `json:"name"`
	Passed     bool          `json:"passed"`
	Incomplete bool          `json:"incomplete"`
	Reason     string        `json:"reason"`
	Steps      []jsonStep    `json:"steps"`
	Findings   []jsonFinding `json:"findings"`
	Events     []jsonEvent   `json:"events"`
}

type jsonStep struct {
	Step        *int   `json:"step"`
	Description string `json:"description"`
	Start       string `json:"start"`
	End         string `json:"end"`
	Error       string `json:"error"`
}

type jsonFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Event    string `json:"event"`
	Message  string `json:"message"`
}

type jsonEvent struct {
	Name   string          `json:"name"`
	Params json.RawMessage `json:"params"`
	Source string          `json:"source"`
	Time   string          `json:"time"`
}

// A row of the table: one case on one build.
type row struct {
	build, caseID, what string
	good, broken        string // verdict cells
	hits                string // hit events seen in the good / broken journey
	took                string // wall time of the good / broken journey
}

func TestConformance(t *testing.T) {
	dir := os.Getenv("TAGSPEC_REAL_TAGS")
	if dir == "" {
		t.Fatal("TAGSPEC_REAL_TAGS must name a folder of real Google builds (gtag-<G-ID>-<label>.js, gtm-<GTM-ID>-<label>.js); see scripts/conformance.sh")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	out := os.Getenv("TAGSPEC_CONFORMANCE_OUT")
	var outDir string
	if out == "" {
		// Kept after the test: the table and the crawl reports are its
		// record.
		if outDir, err = os.MkdirTemp("", "tagspec-conformance-"); err != nil {
			t.Fatal(err)
		}
		out = filepath.Join(outDir, "conformance-table.md")
	} else {
		outDir = filepath.Dir(out)
		if err := os.MkdirAll(outDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(t.TempDir(), "tagspec")
	goBuild := exec.Command("go", "build", "-o", bin, "./cmd/tagspec")
	goBuild.Dir = root
	if b, err := goBuild.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/tagspec: %v\n%s", err, b)
	}
	specText, err := os.ReadFile(filepath.Join("testdata", "spec.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	builds := discoverBuilds(t, root, dir)

	began := time.Now()
	var rows []row
	for i := range builds {
		b := &builds[i]
		t.Run(b.name, func(t *testing.T) {
			rows = append(rows, runBuild(t, bin, b, specText, outDir)...)
		})
	}
	table := renderTable(rows, time.Since(began))
	t.Logf("\n%s", table)
	if err := os.WriteFile(out, []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("conformance table: %s (crawl reports in %s)", out, outDir)
}

var gtagName = regexp.MustCompile(`^gtag-(G-[A-Z0-9]+)-.*\.js$`)

// discoverBuilds returns the stand-in, every gtag build of dir, and the
// GTM pairs whose files are in dir.
func discoverBuilds(t *testing.T, root, dir string) []build {
	t.Helper()
	standIn := filepath.Join(root, "examplesite", "gtagstandin", "gtag.js")
	src, err := os.ReadFile(standIn)
	if err != nil {
		t.Fatal(err)
	}
	out := []build{{name: "stand-in", id: standInID, gtag: standIn, source: src, cases: gtagCases}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		m := gtagName.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		file := filepath.Join(dir, e.Name())
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, build{name: strings.TrimSuffix(e.Name(), ".js"), id: m[1], gtag: file, source: src, cases: gtagCases})
	}
	if len(out) == 1 {
		t.Fatalf("no gtag-<G-ID>-*.js build in %s", dir)
	}
	for _, p := range gtmPairs {
		gtm, gtag := filepath.Join(dir, p.gtm), filepath.Join(dir, p.gtag)
		src, err := os.ReadFile(gtag)
		if err != nil {
			t.Errorf("GTM pair %s: %v", p.gtm, err)
			continue
		}
		if _, err := os.Stat(gtm); err != nil {
			t.Errorf("GTM pair %s: %v", p.gtm, err)
			continue
		}
		name := strings.TrimSuffix(p.gtm, ".js") + " + " + strings.TrimSuffix(p.gtag, ".js")
		out = append(out, build{name: name, id: p.id, gtag: gtag, gtm: gtm, source: src, cases: []caseDef{p.c}})
	}
	return out
}

// runBuild crawls the cases of one build and judges the report.
func runBuild(t *testing.T, bin string, b *build, specText []byte, outDir string) []row {
	base := serveSite(t, b.id)
	slug := regexp.MustCompile(`[^A-Za-z0-9.-]+`).ReplaceAllString(b.name, "_")
	specPath := filepath.Join(outDir, slug+".spec.yaml")
	if err := os.WriteFile(specPath, bytes.ReplaceAll(specText, []byte("{{ID}}"), []byte(b.id)), 0o644); err != nil {
		t.Fatal(err)
	}
	reportPath := filepath.Join(outDir, slug+".json")
	args := []string{"crawl", specPath, "--base-url", base, "--concurrency", "2", "--timeout", "20m",
		"--route", "www.googletagmanager.com/gtag/js*=" + b.gtag, "--report", "json=" + reportPath}
	if b.gtm != "" {
		args = append(args, "--route", "www.googletagmanager.com/gtm.js*="+b.gtm)
	}
	for _, h := range blocked {
		args = append(args, "--block", h)
	}
	var journeys []string
	for _, c := range b.cases {
		for _, j := range append([]string{c.good, c.broken, c.control}, c.probes...) {
			if j != "" && !slices.Contains(journeys, j) {
				journeys = append(journeys, j)
			}
		}
	}
	for _, j := range journeys {
		args = append(args, "--journey", j)
	}
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	started := time.Now()
	err := cmd.Run()
	took := time.Since(started)
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("tagspec %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	_ = os.WriteFile(filepath.Join(outDir, slug+".txt"), append(stdout.Bytes(), stderr.Bytes()...), 0o644)
	t.Logf("crawl of %d journeys took %s (report %s)", len(journeys), took.Round(time.Millisecond), reportPath)

	data, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatal(err)
	}
	var rep jsonReport
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("%s: %v", reportPath, err)
	}
	byName := map[string]*jsonJourney{}
	for i := range rep.Journeys {
		byName[rep.Journeys[i].Name] = &rep.Journeys[i]
	}
	var rows []row
	for _, c := range b.cases {
		good, broken := byName[c.good], byName[c.broken]
		if good == nil || broken == nil {
			t.Errorf("case %s: journey missing from the report (good %v, broken %v)", c.id, good != nil, broken != nil)
			continue
		}
		r := row{build: b.name, caseID: c.id, what: c.what,
			hits: fmt.Sprintf("%d / %d", hitCount(good), hitCount(broken)),
			took: fmt.Sprintf("%s / %s", wallTime(good), wallTime(broken))}
		if c.skip != nil {
			if skip, evidence := c.skip(b); skip {
				r.good = fmt.Sprintf("n/a (%s; observed: %s %v)", evidence, verdict(good), errorRules(good))
				r.broken = fmt.Sprintf("n/a (observed: %s %v)", verdict(broken), errorRules(broken))
				rows = append(rows, r)
				continue
			}
		}
		var control *jsonJourney
		if c.control != "" {
			if control = byName[c.control]; control == nil {
				t.Errorf("case %s: control journey %q missing from the report", c.id, c.control)
			}
		}
		r.good = judgeGood(t, b, c, good, control)
		r.broken = judgeBroken(t, b, c, broken)
		if c.id == "j" {
			if got, want := endpoints(good), []string{sgtmCollect}; !slices.Equal(got, want) {
				t.Errorf("case j: the page sent its hits to %v, want only %v", got, want)
				r.good += fmt.Sprintf("; WRONG: hits went to %v", got)
			}
		}
		for _, name := range c.probes {
			if p := byName[name]; p != nil {
				r.good += fmt.Sprintf("; %s: hits to %v", strings.TrimPrefix(name, c.id+" probe: "), endpoints(p))
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// judgeGood checks a GOOD journey and returns its cell.
func judgeGood(t *testing.T, b *build, c caseDef, j, control *jsonJourney) string {
	t.Helper()
	errs := errorRules(j)
	if c.feature != nil {
		if on, evidence := c.feature(b); !on {
			// The build does not do it: the journey must say the event is
			// missing, and only that.
			if !j.Passed && slices.Equal(errs, []string{"journey/event-missing"}) {
				return "n/a (" + evidence + ")"
			}
			t.Errorf("case %s good %q: the container data says %q, so event-missing was expected, but passed=%v with errors %v\n%s",
				c.id, c.good, evidence, j.Passed, errs, describe(j))
			return fmt.Sprintf("UNEXPECTED %s %v (evidence: %s)", verdict(j), errs, evidence)
		}
	}
	if j.Passed && len(errs) == 0 {
		if w := warningRules(j); len(w) > 0 {
			return "PASS (warnings: " + strings.Join(w, ", ") + ")"
		}
		return "PASS"
	}
	if control != nil && control.Passed && len(errorRules(control)) == 0 {
		t.Errorf("case %s good %q must pass, but passed=%v with errors %v, while its control %q passes: "+
			"the build sends the event, tagspec's tag clock does not wait for it (%s)\n%s",
			c.id, c.good, j.Passed, errs, c.control, bugTagClock, describe(j))
		return fmt.Sprintf("TAGSPEC BUG: %s %v; control with real time passes (%s)", verdict(j), errs, bugTagClock)
	}
	if why := batchedDuplicate(j); why != "" {
		t.Errorf("case %s good %q must pass, but passed=%v with errors %v: %s (%s)\n%s",
			c.id, c.good, j.Passed, errs, why, bugBatchedDuplicate, describe(j))
		return fmt.Sprintf("TAGSPEC BUG: %s %v; %s (%s)", verdict(j), errs, why, bugBatchedDuplicate)
	}
	t.Errorf("case %s good %q must pass, but passed=%v with errors %v\n%s", c.id, c.good, j.Passed, errs, describe(j))
	return fmt.Sprintf("WRONG: %s %v", verdict(j), errs)
}

// batchedDuplicate explains an event-duplicate finding that the journey's
// own dataLayer contradicts: each hit of the event answers a push made
// during a different step (say two clicks), and the tag sent them in one
// batch. It returns "" when that is not the case.
func batchedDuplicate(j *jsonJourney) string {
	var dup []string
	for _, f := range j.Findings {
		if f.Severity == "error" && f.Rule == "journey/event-duplicate" && !slices.Contains(dup, f.Event) {
			dup = append(dup, f.Event)
		}
	}
	if len(dup) == 0 || !slices.Equal(errorRules(j), []string{"journey/event-duplicate"}) {
		return ""
	}
	var notes []string
	for _, name := range dup {
		pushed, sent := map[int]int{}, 0
		for _, e := range j.Events {
			switch {
			case e.Name == name && e.Source == "hit":
				sent++
			case e.Name == name && e.Source == "datalayer":
				pushed[stepAt(j, e.Time)]++
			}
		}
		if len(pushed) < 2 || len(pushed) != sent {
			return ""
		}
		for _, n := range pushed {
			if n != 1 {
				return ""
			}
		}
		notes = append(notes, fmt.Sprintf("%q was pushed once in each of %d steps and sent %d times", name, len(pushed), sent))
	}
	return strings.Join(notes, "; ")
}

// stepAt returns the 1-based step during which something happened at s,
// or 0 before the first step.
func stepAt(j *jsonJourney, s string) int {
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return -1
	}
	n := 0
	for _, st := range j.Steps {
		start, err := time.Parse(time.RFC3339Nano, st.Start)
		if err == nil && st.Step != nil && !at.Before(start) {
			n = *st.Step
		}
	}
	return n
}

// judgeBroken checks a BROKEN journey and returns its cell.
func judgeBroken(t *testing.T, b *build, c caseDef, j *jsonJourney) string {
	t.Helper()
	errs := errorRules(j)
	if !j.Passed && slices.Contains(errs, c.rule) {
		return "FAIL as expected [" + strings.Join(errs, ", ") + "]"
	}
	if c.shield != nil {
		if on, evidence := c.shield(b); on && j.Passed {
			return "n/a (" + evidence + ")"
		}
	}
	t.Errorf("case %s broken %q must fail with %s, but passed=%v with errors %v\n%s", c.id, c.broken, c.rule, j.Passed, errs, describe(j))
	return fmt.Sprintf("WRONG: %s %v, want %s", verdict(j), errs, c.rule)
}

// sgtmCollect is where the page of case j must send its hits.
const sgtmCollect = "https://sgtm.example.test/g/collect"

// endpoints returns the collection endpoints the page of case j used, in
// the order it first used them (the page pushes conformance_endpoint once
// per endpoint).
func endpoints(j *jsonJourney) []string {
	seen := []string{}
	for _, e := range j.Events {
		if e.Source != "datalayer" || e.Name != "conformance_endpoint" {
			continue
		}
		var p struct {
			Endpoint string `json:"endpoint"`
		}
		if json.Unmarshal(e.Params, &p) == nil && !slices.Contains(seen, p.Endpoint) {
			seen = append(seen, p.Endpoint)
		}
	}
	return seen
}

func verdict(j *jsonJourney) string {
	if j.Passed {
		return "passed"
	}
	return "failed"
}

// errorRules returns the distinct rules of a journey's error findings.
func errorRules(j *jsonJourney) []string { return rules(j, "error") }

func warningRules(j *jsonJourney) []string { return rules(j, "warning") }

func rules(j *jsonJourney, severity string) []string {
	var out []string
	for _, f := range j.Findings {
		if f.Severity == severity && !slices.Contains(out, f.Rule) {
			out = append(out, f.Rule)
		}
	}
	return out
}

func hitCount(j *jsonJourney) int {
	n := 0
	for _, e := range j.Events {
		if e.Source == "hit" {
			n++
		}
	}
	return n
}

// wallTime is the journey's time as the report gives it: from its first
// step or captured event to the end of its last step.
func wallTime(j *jsonJourney) string {
	var first, last time.Time
	see := func(s string, end bool) {
		at, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return
		}
		if first.IsZero() || at.Before(first) {
			first = at
		}
		if end && at.After(last) {
			last = at
		}
	}
	for _, st := range j.Steps {
		see(st.Start, false)
		see(st.End, true)
	}
	for _, e := range j.Events {
		see(e.Time, false)
	}
	if first.IsZero() || last.IsZero() {
		return "-"
	}
	return last.Sub(first).Round(10 * time.Millisecond).String()
}

// describe lists a journey's steps, findings and events for a failure
// message.
func describe(j *jsonJourney) string {
	var b strings.Builder
	if j.Incomplete {
		fmt.Fprintf(&b, "  incomplete: %s\n", j.Reason)
	}
	for _, s := range j.Steps {
		n := "-"
		if s.Step != nil {
			n = fmt.Sprint(*s.Step)
		}
		fmt.Fprintf(&b, "  step %s %s %s\n", n, s.Description, s.Error)
	}
	for _, f := range j.Findings {
		fmt.Fprintf(&b, "  finding %s %s: %s\n", f.Severity, f.Rule, f.Message)
	}
	for _, e := range j.Events {
		fmt.Fprintf(&b, "  event %s %s %s %s\n", e.Time, e.Source, e.Name, e.Params)
	}
	return b.String()
}

// serveSite serves testdata/site on 127.0.0.1 with {{ID}} replaced by id,
// until the test ends.
func serveSite(t *testing.T, id string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	site, err := filepath.Abs(filepath.Join("testdata", "site"))
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := path.Clean("/" + r.URL.Path)
		if !strings.HasSuffix(name, ".html") {
			http.NotFound(w, r)
			return
		}
		b, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(name)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(bytes.ReplaceAll(b, []byte("{{ID}}"), []byte(id)))
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

// renderTable renders the rows as Markdown.
func renderTable(rows []row, took time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# tagspec conformance on real Google builds\n\n")
	fmt.Fprintf(&b, "Whole suite: %s. GOOD must pass with no error finding; BROKEN must fail with the rule in its name. "+
		"hits = hit events captured (good / broken); time = journey wall time from the report (good / broken).\n\n", took.Round(time.Second))
	fmt.Fprintf(&b, "| build | case | what | good | broken | hits | time |\n|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", r.build, r.caseID, r.what, r.good, r.broken, r.hits, r.took)
	}
	return b.String()
}
