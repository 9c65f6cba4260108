package gtmapi_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/gtmapi"
	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/internal/gtmapitest"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
)

// fakeClock advances by exactly what the client sleeps, so pacing and
// backoff are checked as numbers, not by waiting.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return ctx.Err()
}

// sendLog records the fake clock's time of every request the client
// really sends (retries included).
type sendLog struct {
	clock *fakeClock
	mu    sync.Mutex
	at    []time.Time
}

func (l *sendLog) RoundTrip(r *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.at = append(l.at, l.clock.Now())
	l.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

type harness struct {
	srv   *gtmapitest.Server
	c     *gtmapi.Client
	clock *fakeClock
	sends *sendLog
	waits []gtmapi.Wait
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{srv: gtmapitest.New(t, "1001", "2002"), clock: &fakeClock{now: time.Unix(1767225600, 0)}}
	h.sends = &sendLog{clock: h.clock}
	c, err := gtmapi.New(t.Context(), gtmapi.Options{
		Endpoint: h.srv.URL, NoAuth: true, Clock: h.clock,
		Jitter:     func() float64 { return 0.5 },
		OnWait:     func(w gtmapi.Wait) { h.waits = append(h.waits, w) },
		HTTPClient: &http.Client{Transport: h.sends},
	})
	if err != nil {
		t.Fatal(err)
	}
	h.c = c
	return h
}

func loadSpec(t *testing.T, name string) *spec.Spec {
	t.Helper()
	s, _, err := spec.Load(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func build(t *testing.T, name string) *templates.Container {
	t.Helper()
	c, err := templates.Build(loadSpec(t, name), templates.Options{AccountID: "1001", ContainerID: "2002"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// plan reads the workspace and plans the spec against it.
func (h *harness) plan(t *testing.T, specFile string) *gtmapi.Plan {
	t.Helper()
	ws, err := h.c.Workspace(t.Context(), "1001", "2002", "")
	if err != nil {
		t.Fatal(err)
	}
	w, err := h.c.ReadWorkspace(t.Context(), ws)
	if err != nil {
		t.Fatal(err)
	}
	p, err := gtmapi.ComputePlan(w, build(t, specFile))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func planText(t *testing.T, p *gtmapi.Plan) string {
	t.Helper()
	var b bytes.Buffer
	if err := p.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// seedForeign adds entities a GTM user made by hand: tagspec must never
// write them.
func seedForeign(h *harness) {
	trig := h.srv.Add("triggers", map[string]any{"name": "Team - all clicks", "type": "click"})
	h.srv.Add("variables", map[string]any{"name": "Team - user tier", "type": "v", "parameter": []any{
		map[string]any{"type": "template", "key": "name", "value": "tier"},
		map[string]any{"type": "integer", "key": "dataLayerVersion", "value": "2"},
	}})
	h.srv.Add("tags", map[string]any{"name": "Team - chat widget", "type": "html", "notes": "keep: owned by the support team",
		"firingTriggerId": []any{trig}, "parameter": []any{map[string]any{"type": "template", "key": "html", "value": "<script>/* chat */</script>"}}})
}

func snapshotForeign(h *harness) map[string]any {
	out := map[string]any{}
	for _, kind := range []string{"tags", "triggers", "variables", "folders"} {
		for _, e := range h.srv.Entities(kind) {
			if !gtmapi.Owned(fmt.Sprint(e["notes"])) {
				out[kind+"/"+fmt.Sprint(e["name"])] = e
			}
		}
	}
	return out
}

func TestPushCreatesConvergesAndLeavesOthersAlone(t *testing.T) {
	h := newHarness(t)
	seedForeign(h)
	before := snapshotForeign(h)

	p := h.plan(t, "spec.yaml")
	golden.Check(t, "testdata/golden/plan-create.txt", []byte(planText(t, p)))
	if p.Count(gtmapi.Update)+p.Count(gtmapi.Delete) != 0 || p.Foreign != 3 {
		t.Errorf("first plan: %d updates, %d deletes, %d foreign; want 0, 0, 3", p.Count(gtmapi.Update), p.Count(gtmapi.Delete), p.Foreign)
	}
	h.srv.ResetRequests()
	if err := h.c.Apply(t.Context(), p, nil); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/golden/requests-create.txt", formatRequests(h.srv.Requests()))
	if problems := h.srv.Integrity(); len(problems) > 0 {
		t.Errorf("workspace after push has dangling references:\n%s", strings.Join(problems, "\n"))
	}
	again := h.plan(t, "spec.yaml")
	if !again.Empty() {
		t.Errorf("second plan is not empty:\n%s", planText(t, again))
	}
	if diff := cmp.Diff(before, snapshotForeign(h)); diff != "" {
		t.Errorf("entities tagspec does not own changed (-before +after):\n%s", diff)
	}
}

func TestPushUpdatesAndDeletesOnlyItsOwn(t *testing.T) {
	h := newHarness(t)
	seedForeign(h)
	if err := h.c.Apply(t.Context(), h.plan(t, "spec.yaml"), nil); err != nil {
		t.Fatal(err)
	}
	before := snapshotForeign(h)
	p := h.plan(t, "spec-v2.yaml")
	golden.Check(t, "testdata/golden/plan-update.txt", []byte(planText(t, p)))
	h.srv.ResetRequests()
	if err := h.c.Apply(t.Context(), p, nil); err != nil {
		t.Fatal(err)
	}
	reqs := h.srv.Requests()
	golden.Check(t, "testdata/golden/requests-update.txt", formatRequests(reqs))
	for _, r := range reqs {
		if r.Method == http.MethodPut && !strings.Contains(r.Query, "fingerprint=") {
			t.Errorf("update %s sent no fingerprint", r.Path)
		}
	}
	if problems := h.srv.Integrity(); len(problems) > 0 {
		t.Errorf("dangling references:\n%s", strings.Join(problems, "\n"))
	}
	if again := h.plan(t, "spec-v2.yaml"); !again.Empty() {
		t.Errorf("plan after apply is not empty:\n%s", planText(t, again))
	}
	if diff := cmp.Diff(before, snapshotForeign(h)); diff != "" {
		t.Errorf("entities tagspec does not own changed (-before +after):\n%s", diff)
	}
}

func TestPushThrough429Storm(t *testing.T) {
	h := newHarness(t)
	p := h.plan(t, "spec.yaml")
	// Five refusals in a row, then another burst with Retry-After.
	h.srv.Storm(5, "")
	n := 0
	h.srv.OnRequest = func(r gtmapitest.Request) {
		n++
		if n == 12 {
			h.srv.Storm(3, "30")
		}
	}
	if err := h.c.Apply(t.Context(), p, nil); err != nil {
		t.Fatalf("push did not get through the storm: %v", err)
	}
	if again := h.plan(t, "spec.yaml"); !again.Empty() {
		t.Errorf("plan after the storm is not empty:\n%s", planText(t, again))
	}
	var backoffs []time.Duration
	var got429 int
	for _, w := range h.waits {
		if w.Reason == "backoff" {
			backoffs = append(backoffs, w.Duration)
			if w.Status == http.StatusTooManyRequests {
				got429++
			}
		}
	}
	if got429 != 8 {
		t.Errorf("backed off %d times after a 429, want 8 (5 + 3): %v", got429, h.waits)
	}
	// With the jitter fixed at 0.5, each wait is 3/4 of base*2^n, capped;
	// Retry-After: 30 lifts the second storm's first waits to 30s.
	want := []time.Duration{3750 * time.Millisecond, 7500 * time.Millisecond, 15 * time.Second, 30 * time.Second, 60 * time.Second,
		30 * time.Second, 30 * time.Second, 30 * time.Second}
	if diff := cmp.Diff(want, backoffs); diff != "" {
		t.Errorf("backoff waits (-want +got):\n%s", diff)
	}
	// Pacing: no two requests closer than the default interval.
	for i := 1; i < len(h.sends.at); i++ {
		if gap := h.sends.at[i].Sub(h.sends.at[i-1]); gap < gtmapi.DefaultInterval {
			t.Errorf("requests %d and %d were %s apart, less than %s", i-1, i, gap, gtmapi.DefaultInterval)
		}
	}
}

func TestBackoffIsCapped(t *testing.T) {
	h := newHarness(t)
	p := h.plan(t, "spec.yaml")
	h.srv.Storm(gtmapi.DefaultMaxRetries+1, "")
	err := h.c.Apply(t.Context(), p, nil)
	if err == nil || !strings.Contains(err.Error(), "still refused for quota after every retry (HTTP 429") {
		t.Fatalf("a storm longer than the retries: got %v", err)
	}
	var ae *gtmapi.ApplyError
	if !errors.As(err, &ae) || ae.Done != 0 {
		t.Errorf("want an ApplyError with nothing done, got %#v", err)
	}
	var last time.Duration
	for _, w := range h.waits {
		if w.Reason == "backoff" {
			if w.Duration > gtmapi.DefaultMaxBackoff {
				t.Errorf("backoff %s is above the cap %s", w.Duration, gtmapi.DefaultMaxBackoff)
			}
			last = w.Duration
		}
	}
	if last != gtmapi.DefaultMaxBackoff*3/4 {
		t.Errorf("last backoff %s, want the cap with jitter 0.5: %s", last, gtmapi.DefaultMaxBackoff*3/4)
	}
	// Resume: the next run plans from the workspace and completes.
	if err := h.c.Apply(t.Context(), h.plan(t, "spec.yaml"), nil); err != nil {
		t.Fatal(err)
	}
	if again := h.plan(t, "spec.yaml"); !again.Empty() {
		t.Errorf("plan after resuming is not empty:\n%s", planText(t, again))
	}
}

func TestFingerprintConflictStopsCleanlyAndRerunConverges(t *testing.T) {
	h := newHarness(t)
	if err := h.c.Apply(t.Context(), h.plan(t, "spec.yaml"), nil); err != nil {
		t.Fatal(err)
	}
	p := h.plan(t, "spec-v2.yaml")
	// Someone pauses a tag in GTM that push is about to update, after
	// push read the workspace.
	const edited = "GA4 - generate_lead"
	if !h.srv.Edit("tags", edited, func(e map[string]any) { e["paused"] = true }) {
		t.Fatalf("no tag %q", edited)
	}
	err := h.c.Apply(t.Context(), p, nil)
	var ce *gtmapi.ConflictError
	if !errors.As(err, &ce) || ce.Name != edited || ce.Kind != gtmapi.KindTag {
		t.Fatalf("want a conflict on tag %q, got %v", edited, err)
	}
	for _, want := range []string{`tag "GA4 - generate_lead"`, "fingerprint mismatch", "run push again"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	var ae *gtmapi.ApplyError
	if !errors.As(err, &ae) || ae.Done >= ae.Total {
		t.Fatalf("want an ApplyError that stopped early, got %#v", err)
	}
	// Nothing half-written: every reference resolves, the other user's
	// edit is kept, and nothing after the conflict was tried.
	if problems := h.srv.Integrity(); len(problems) > 0 {
		t.Errorf("dangling references after the conflict:\n%s", strings.Join(problems, "\n"))
	}
	for _, e := range h.srv.Entities("tags") {
		if e["name"] == edited && e["paused"] != true {
			t.Errorf("the other user's edit of %q was overwritten", edited)
		}
	}
	if h.srv.Live() != nil {
		t.Error("something was published")
	}
	// Re-running push re-plans from the workspace and converges.
	if err := h.c.Apply(t.Context(), h.plan(t, "spec-v2.yaml"), nil); err != nil {
		t.Fatalf("re-run: %v", err)
	}
	if again := h.plan(t, "spec-v2.yaml"); !again.Empty() {
		t.Errorf("plan after the re-run is not empty:\n%s", planText(t, again))
	}
}

func TestNameTakenByForeignEntity(t *testing.T) {
	h := newHarness(t)
	h.srv.Add("tags", map[string]any{"name": "GA4 - pricing_view", "type": "html", "notes": "made by hand",
		"parameter": []any{map[string]any{"type": "template", "key": "html", "value": "<script></script>"}}})
	ws, err := h.c.Workspace(t.Context(), "1001", "2002", "")
	if err != nil {
		t.Fatal(err)
	}
	w, err := h.c.ReadWorkspace(t.Context(), ws)
	if err != nil {
		t.Fatal(err)
	}
	_, err = gtmapi.ComputePlan(w, build(t, "spec.yaml"))
	if !errors.Is(err, gtmapi.ErrNameTaken) || !strings.Contains(err.Error(), `tag "GA4 - pricing_view" (accounts/1001/containers/2002/workspaces/3/tags/`) {
		t.Fatalf("want ErrNameTaken naming the tag, got %v", err)
	}
}

func TestPullDiffsCleanAndPublish(t *testing.T) {
	h := newHarness(t)
	seedForeign(h)
	if err := h.c.Apply(t.Context(), h.plan(t, "spec.yaml"), nil); err != nil {
		t.Fatal(err)
	}
	s := loadSpec(t, "spec.yaml")
	export := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	c, err := h.c.PullWorkspace(t.Context(), h.srv.WorkspacePath(), export)
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/golden/pull-workspace.json", data)
	back, err := templates.ParseContainer(data, "pull.json")
	if err != nil {
		t.Fatal(err)
	}
	if changes := templates.Diff(s, back); len(changes) > 0 {
		var b bytes.Buffer
		_ = templates.WriteDiffText(&b, changes, "spec.yaml", "pull.json")
		t.Errorf("pulled workspace drifts from the spec:\n%s", b.String())
	}
	if problems, err := templates.ValidateContainer(data); err != nil || len(problems) > 0 {
		t.Errorf("pulled container fails the container checks: %v %v", err, problems)
	}

	h.srv.ResetRequests()
	pub, err := h.c.Publish(t.Context(), h.srv.WorkspacePath(), "tagspec: Push test", "Pushed by tagspec from spec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/golden/requests-publish.txt", formatRequests(h.srv.Requests()))
	live := h.srv.Live()
	if live == nil || live["path"] != pub.VersionPath || live["description"] != "Pushed by tagspec from spec.yaml" {
		t.Fatalf("live version %v, published %+v", live, pub)
	}
	lc, err := h.c.PullLive(t.Context(), "1001", "2002", export)
	if err != nil {
		t.Fatal(err)
	}
	if changes := templates.Diff(s, lc); len(changes) > 0 {
		t.Errorf("live version drifts from the spec: %v", changes)
	}
	// GTM replaces the workspace a version was made from; the next push
	// finds the new one and has nothing to do.
	if again := h.plan(t, "spec.yaml"); !again.Empty() {
		t.Errorf("plan after publishing is not empty:\n%s", planText(t, again))
	}
}

// formatRequests writes requests the way the golden files keep them.
func formatRequests(reqs []gtmapitest.Request) []byte {
	var b bytes.Buffer
	for _, r := range reqs {
		fmt.Fprintf(&b, "%s %s", r.Method, r.Path)
		if r.Query != "" {
			fmt.Fprintf(&b, "?%s", r.Query)
		}
		fmt.Fprintf(&b, "  [%s] -> %d\n", r.MethodID, r.Status)
		if len(r.Body) > 0 {
			b.Write(r.Body)
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// TestStarterRequestCount pins the request count docs/gtm-api.md quotes
// for pushing the b2b-saas starter into an empty workspace, and for the
// no-op re-run.
func TestStarterRequestCount(t *testing.T) {
	h := newHarness(t)
	h.srv.PageSize = 100
	s, _, err := spec.Load(filepath.Join("..", "starters", "b2b-saas.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := templates.Build(s, templates.Options{AccountID: "1001", ContainerID: "2002"})
	if err != nil {
		t.Fatal(err)
	}
	push := func() int {
		h.srv.ResetRequests()
		ws, err := h.c.Workspace(t.Context(), "1001", "2002", "")
		if err != nil {
			t.Fatal(err)
		}
		w, err := h.c.ReadWorkspace(t.Context(), ws)
		if err != nil {
			t.Fatal(err)
		}
		p, err := gtmapi.ComputePlan(w, want)
		if err != nil {
			t.Fatal(err)
		}
		if err := h.c.Apply(t.Context(), p, nil); err != nil {
			t.Fatal(err)
		}
		return len(h.srv.Requests())
	}
	if n := push(); n != 37 {
		t.Errorf("first push of b2b-saas: %d requests, docs/gtm-api.md says 37", n)
	}
	if n := push(); n != 6 {
		t.Errorf("no-op re-run: %d requests, docs/gtm-api.md says 6", n)
	}
}
