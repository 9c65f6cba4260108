package gtmruntime

import (
	"encoding/binary"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/spec"
)

// TestScrollDepthOncePerPage: thresholds fire in ascending order when
// reached, each once per page, with {{Scroll Depth Threshold}}.
func TestScrollDepthOncePerPage(t *testing.T) {
	s := &spec.Spec{Name: "scroll", MeasurementID: mid, Events: []spec.Event{
		ev("article_scroll", spec.Trigger{Kind: spec.TriggerScroll, Percent: []int{25, 50, 90}}, from("percent", "builtin:Scroll Depth Threshold")),
	}}
	sess := openSession(t, containerFor(t, s), map[string]string{
		"/": pageHTML("Article", "<style>body{margin:0} .tall{height:3000px}</style>", `<div class="tall">Long article</div>`),
	})
	sess.visit("/")
	scroll := func(pct int) {
		sess.eval(`window.scrollTo(0, Math.round((document.documentElement.scrollHeight - innerHeight) * ` + itoa(pct) + ` / 100)); true`)
		time.Sleep(150 * time.Millisecond)
	}
	scroll(50)
	sess.waitFor("article_scroll", 2)
	scroll(100)
	scroll(0)
	scroll(100)
	sess.waitFor("article_scroll", 3)
	evs := sess.settle(300 * time.Millisecond)
	var got []string
	for _, e := range evs {
		if e.Name == "article_scroll" {
			v, num := param(t, e, "percent")
			if !num {
				t.Errorf("percent %q sent as a string, want epn.", v)
			}
			got = append(got, v)
		}
	}
	if diff := cmp.Diff([]string{"25", "50", "90"}, got); diff != "" {
		t.Errorf("thresholds (-want +got):\n%s", diff)
	}
}

// TestTimerFiresOnce: a timer with limit 1 fires once after its interval.
func TestTimerFiresOnce(t *testing.T) {
	s := &spec.Spec{Name: "timer", MeasurementID: mid, Events: []spec.Event{
		ev("engaged_half_second", spec.Trigger{Kind: spec.TriggerTimer, Seconds: 0.4}),
		ev("never_here", spec.Trigger{Kind: spec.TriggerTimer, Seconds: 0.2, Pages: "^/elsewhere$"}),
	}}
	sess := openSession(t, containerFor(t, s), map[string]string{"/": pageHTML("Timer", "", "<p>Wait</p>")})
	start := time.Now()
	sess.visit("/")
	sess.waitFor("engaged_half_second", 1)
	if el := time.Since(start); el < 400*time.Millisecond {
		t.Errorf("timer fired after %v, before its 400ms interval", el)
	}
	evs := sess.settleAfter(2, 1200*time.Millisecond)
	if diff := cmp.Diff([]string{"page_view", "engaged_half_second"}, names(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

// TestElementVisibilityRatioAndDuration: an element below the fold fires
// once it has been at least half visible for the on-screen duration, once
// per page; a glimpse shorter than the duration does not fire, and counts
// towards it (the duration is cumulative). Times are taken in the page.
func TestElementVisibilityRatioAndDuration(t *testing.T) {
	s := &spec.Spec{Name: "visibility", MeasurementID: mid, Events: []spec.Event{
		ev("pricing_table_seen", spec.Trigger{Kind: spec.TriggerVisibility, Selector: "#plans", Ratio: 0.5, Seconds: 3},
			from("visible", "builtin:Percent Visible"), from("element_id", "element:id")),
	}}
	sess := openSession(t, containerFor(t, s), map[string]string{
		"/": pageHTML("Plans", "<style>body{margin:0}</style>", `<div style="height:1500px">Intro</div><div id="plans" style="height:300px">Plans</div><div style="height:1500px">Footer</div>`),
	})
	sess.visit("/")
	show := func(ms int) {
		t.Helper()
		js := `new Promise(function (done) {
  document.getElementById('plans').scrollIntoView({block: 'center'});
  window.shownAt = Date.now();
  setTimeout(function () { window.scrollTo(0, 0); window.glimpse = Date.now() - window.shownAt; done(true); }, ` + itoa(ms) + `);
})`
		if ms == 0 {
			js = `document.getElementById('plans').scrollIntoView({block: 'center'}); window.shownAt = Date.now(); true`
		}
		if _, err := chromedp.Run(sess.ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise)); err != nil {
			t.Fatal(err)
		}
	}
	show(1500) // a glimpse, half the duration
	glimpse, err := chromedp.Run(sess.ctx, chromedp.Evaluate[float64](`window.glimpse`))
	if err != nil {
		t.Fatal(err)
	}
	if glimpse >= 3000 {
		// The page's own timer ran so late that the glimpse was no glimpse.
		t.Fatalf("the 1500ms glimpse lasted %vms: the page's timers ran later than any busy machine makes them", glimpse)
	}
	evs := sess.settle(1700 * time.Millisecond)
	if n := count(evs, "pricing_table_seen"); n != 0 {
		t.Fatalf("fired after a %vms glimpse of a 3000ms duration: %v", glimpse, names(evs))
	}
	show(0) // back on screen for good
	sess.waitFor("pricing_table_seen", 1)
	took, err := chromedp.Run(sess.ctx, chromedp.Evaluate[float64](`(function () {
  var log = window.__tagspecRuntime.log;
  for (var i = 0; i < log.length; i++) { if (log[i].kind === 'hit' && log[i].detail === 'pricing_table_seen') { return log[i].t - window.shownAt; } }
  return -1;
})()`))
	if err != nil {
		t.Fatal(err)
	}
	// Cumulative: it fires once the glimpse and the time since coming back
	// add up to 3000ms, about 1500ms after coming back; a continuous
	// duration would need the full 3000ms. Timers that run late on a busy
	// machine only make it later, so the bounds are: not before the sum
	// is reached (100ms for the two clocks' rounding), and before a
	// continuous duration could have been met.
	if took < 3000-glimpse-100 || took >= 3000 {
		t.Errorf("fired %vms after coming back on screen after a %vms glimpse, want %v to 3000 (the glimpse counts)", took, glimpse, 3000-glimpse)
	}
	show(200)
	show(0)
	evs = sess.settle(1700 * time.Millisecond)
	if n := count(evs, "pricing_table_seen"); n != 1 {
		t.Errorf("fired %d times, want once per page", n)
	}
	e := find(t, evs, "pricing_table_seen")
	if v, num := param(t, e, "visible"); v != "100" || !num {
		t.Errorf("Percent Visible = %q (numeric %v), want 100", v, num)
	}
	if v, _ := param(t, e, "element_id"); v != "plans" {
		t.Errorf("element id = %q", v)
	}
}

// TestHistoryChange: pushState and a fragment change fire the history
// change trigger with {{History Source}} and {{New History Fragment}}.
func TestHistoryChange(t *testing.T) {
	s := &spec.Spec{Name: "history", MeasurementID: mid, Events: []spec.Event{
		ev("virtual_page", spec.Trigger{Kind: spec.TriggerHistoryChange},
			from("source", "builtin:History Source"), from("fragment", "builtin:New History Fragment"), from("path", "builtin:Page Path")),
	}}
	sess := openSession(t, containerFor(t, s), map[string]string{"/app": pageHTML("App", "", "<p>App</p>")})
	sess.visit("/app")
	sess.eval(`history.pushState({step: 2}, '', '/app/step2'); true`)
	sess.waitFor("virtual_page", 1)
	sess.eval(`location.hash = 'details'; true`)
	sess.waitFor("virtual_page", 2)
	evs := sess.settle(300 * time.Millisecond)
	var got [][3]string
	for _, e := range evs {
		if e.Name == "virtual_page" {
			src, _ := param(t, e, "source")
			path, _ := param(t, e, "path")
			frag, _ := e.Get("ep.fragment")
			got = append(got, [3]string{src, path, frag})
		}
	}
	want := [][3]string{{"pushState", "/app/step2", ""}, {"popstate", "/app/step2", "details"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("history changes (-want +got):\n%s", diff)
	}
}

// TestListenerTags: the Custom HTML listener tags tagspec generates run in
// the runtime: form start and HTML5 video progress reach GA4.
func TestListenerTags(t *testing.T) {
	s := &spec.Spec{Name: "listeners", MeasurementID: mid, Events: []spec.Event{
		ev("contact_form_start", spec.Trigger{Kind: spec.TriggerFormStart, Selector: "form#contact"}, from("form_id", "element:id")),
		ev("tour_progress", spec.Trigger{Kind: spec.TriggerVideo, Provider: "html5", Selector: "video#tour", Percent: []int{50, 100}},
			from("percent", "builtin:Video Percent"), from("status", "builtin:Video Status")),
	}}
	sess := openSession(t, containerFor(t, s), map[string]string{
		"/": pageHTML("Listeners", "", `<form id="contact"><input id="name" name="name"></form>
<video id="tour" src="/clip.wav" muted preload="auto" title="Product tour"></video>`),
		"/clip.wav": string(wavClip()),
	})
	sess.visit("/")
	sess.do(chromedp.SendKeys("#name", "Ada"))
	sess.waitFor("contact_form_start", 1)
	if _, err := chromedp.Run(sess.ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('tour').play()`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("play: %v", err)
	}
	sess.waitFor("tour_progress", 2)
	evs := sess.settle(300 * time.Millisecond)
	if n := count(evs, "contact_form_start"); n != 1 {
		t.Errorf("form start fired %d times, want once", n)
	}
	if v, _ := param(t, find(t, evs, "contact_form_start"), "form_id"); v != "contact" {
		t.Errorf("form_id = %q", v)
	}
	var got []string
	for _, e := range evs {
		if e.Name == "tour_progress" {
			p, _ := param(t, e, "percent")
			st, _ := param(t, e, "status")
			got = append(got, p+" "+st)
		}
	}
	if diff := cmp.Diff([]string{"50 progress", "100 complete"}, got); diff != "" {
		t.Errorf("video progress (-want +got):\n%s", diff)
	}
}

// youtubeEmbed is a stand-in for a YouTube embed, served in the browser at
// https://www.youtube.com/embed/...: it answers the "listening" message of
// the embed protocol and then reports a playback from start to end.
const youtubeEmbed = `<!doctype html><html><body><script>
var sent = false;
function post(info) { parent.postMessage(JSON.stringify({event: 'infoDelivery', info: info}), '*'); }
window.addEventListener('message', function (e) {
  var m; try { m = JSON.parse(e.data); } catch (x) { return; }
  if (!m || m.event !== 'listening' || sent) { return; }
  sent = true;
  parent.postMessage(JSON.stringify({event: 'initialDelivery', info: {duration: 200, currentTime: 0, playerState: 5,
    videoUrl: 'https://www.youtube.com/watch?v=tagspec01', videoData: {video_id: 'tagspec01', title: 'Product demo'}}}), '*');
  var steps = [{playerState: 1, currentTime: 0}, {currentTime: 60}, {currentTime: 120}, {currentTime: 160}, {playerState: 2, currentTime: 161},
    {playerState: 1, currentTime: 161}, {currentTime: 199.8}, {playerState: 0, currentTime: 200}];
  steps.forEach(function (s, i) { setTimeout(function () { post(s); }, 50 * (i + 1)); });
});
</script></body></html>`

// TestYouTubeProgress: the YouTube trigger adds enablejsapi to an embed
// that lacks it, follows the playback of an embed and fires start, each progress threshold once and
// complete, with the video built-ins.
func TestYouTubeProgress(t *testing.T) {
	s := &spec.Spec{Name: "youtube", MeasurementID: mid, Events: []spec.Event{
		ev("demo_video", spec.Trigger{Kind: spec.TriggerVideo, Provider: "youtube", Percent: []int{0, 25, 75, 100}},
			from("percent", "builtin:Video Percent"), from("status", "builtin:Video Status"), from("title", "builtin:Video Title")),
	}}
	sess := openSessionWith(t, containerFor(t, s), map[string]string{
		"/": pageHTML("Video", "", `<iframe id="demo" width="400" height="225" src="https://www.youtube.com/embed/tagspec01?enablejsapi=1"></iframe>
<iframe id="other" width="400" height="225" src="https://www.youtube.com/embed/other"></iframe>`),
	}, map[string]string{"https://www.youtube.com/embed/": youtubeEmbed})
	sess.visit("/")
	sess.waitFor("demo_video", 4)
	evs := sess.settle(500 * time.Millisecond)
	var got []string
	for _, e := range evs {
		if e.Name == "demo_video" {
			p, _ := param(t, e, "percent")
			st, _ := param(t, e, "status")
			title, _ := param(t, e, "title")
			got = append(got, p+" "+st+" "+title)
		}
	}
	want := []string{"0 start Product demo", "25 progress Product demo", "75 progress Product demo", "100 complete Product demo"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("video events (-want +got):\n%s\nlog: %s", diff, sess.runtimeLog())
	}
	src, err := chromedp.Run(sess.ctx, chromedp.Evaluate[string](`document.getElementById('other').src`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(src, "enablejsapi=1") {
		t.Errorf("embed src %q lacks enablejsapi=1", src)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// wavClip is a valid 1-second mono 8 kHz PCM WAV file of silence.
func wavClip() []byte {
	const rate, seconds = 8000, 1
	data := make([]byte, rate*seconds*2)
	var b []byte
	b = append(b, "RIFF"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(36+len(data)))
	b = append(b, "WAVEfmt "...)
	b = binary.LittleEndian.AppendUint32(b, 16)
	b = binary.LittleEndian.AppendUint16(b, 1) // PCM
	b = binary.LittleEndian.AppendUint16(b, 1) // mono
	b = binary.LittleEndian.AppendUint32(b, rate)
	b = binary.LittleEndian.AppendUint32(b, rate*2)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint16(b, 16)
	b = append(b, "data"...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

// TestFormAbandonListener: the form abandonment listener tag reports a
// started, unsubmitted form when the visitor leaves the page, and the hit
// sent during page hide arrives.
func TestFormAbandonListener(t *testing.T) {
	s := &spec.Spec{Name: "abandon", MeasurementID: mid, Events: []spec.Event{
		ev("lead_form_abandon", spec.Trigger{Kind: spec.TriggerFormAbandon, Selector: "form#lead"}, from("form_location", "element:data-form-location")),
	}}
	sess := openSession(t, containerFor(t, s), map[string]string{
		"/":      pageHTML("Lead", "", `<form id="lead" data-form-location="landing_page"><input id="company" name="company"></form><a id="away" href="/other">Leave</a>`),
		"/other": pageHTML("Other", "", "<h1>Other</h1>"),
	})
	sess.visit("/")
	sess.do(chromedp.SendKeys("#company", "Example"))
	if evs := sess.settle(300 * time.Millisecond); count(evs, "lead_form_abandon") != 0 {
		t.Fatalf("abandoned before leaving: %v", names(evs))
	}
	sess.do(chromedp.Click("#away"), chromedp.WaitVisible("h1"))
	evs := sess.waitFor("lead_form_abandon", 1)
	if v, _ := param(t, find(t, evs, "lead_form_abandon"), "form_location"); v != "landing_page" {
		t.Errorf("form_location = %q", v)
	}
}
