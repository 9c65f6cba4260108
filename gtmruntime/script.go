package gtmruntime

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagspec/tagspec/templates"
)

// runtimeJS is the container runtime, tagspec's own JavaScript; Script
// puts the container's model in it at containerMarker.
//
// What it emulates:
//
// Tags: the Google tag (googtag, and the older gaawc), GA4 event tags
// (gaawe: event name, event settings table or legacy eventParameters,
// user properties, event settings variables, ecommerce data from the data
// layer) and Custom HTML (html: the markup is inserted and its scripts run
// in order, so the listener tags tagspec generates work). Firing options
// (once per event, once per page, unlimited), blocking triggers, priority
// and consent settings are honoured.
//
// Triggers: page view (gtm.js), DOM ready (gtm.dom), window loaded
// (gtm.load), Initialization and Consent Initialization, custom event,
// all-elements click (gtm.click) and just-links click (gtm.linkClick) with
// their filters, form submission (gtm.formSubmit), scroll depth, YouTube
// video, element visibility, timer and history change; filter conditions
// equals, contains, starts with, ends with, matches regex (ignore case),
// CSS selector, the four numeric comparisons, and their negations.
//
// Variables: data layer (version 2, dots for nesting, version 1 flat),
// constant, URL (every component, query key, custom URL source, strip
// www), auto-event (element, classes, id, target, text, URL, attribute,
// history), JavaScript variable, first-party cookie, custom JavaScript,
// lookup table, the Google tag settings variables, undefined value, and
// the built-in variables of page, click, form, scroll, video, visibility,
// history and container.
//
// Where GTM's documented behaviour leaves room, it does this:
//
// Where GTM's documented behaviour leaves room, the runtime does this:
//
//   - The container starts when the document's <head> has been parsed
//     (when <body> appears), like a GTM snippet at the end of the head: data
//     layer pushes and consent defaults made by head scripts are processed
//     first, so page view tags read them. The order of the start events is
//     gtm.init_consent, gtm.init, gtm.js; then gtm.dom at DOMContentLoaded
//     and gtm.load at the window's load event.
//   - The data layer is GTM's: pushes made before the runtime started are
//     replayed in order; messages merge into one model (plain objects and
//     arrays recursively, key by key; any other value replaces); a message
//     is processed completely, with the tags it fires, before the next one
//     (a push made by a tag is queued). gtag() argument lists are read as
//     commands: consent default/update, set, and event (which becomes an
//     event message whose parameters are data layer keys, so a custom event
//     trigger fires on it); js, config and get are ignored, as the
//     container, not gtag.js, decides what is sent. A function pushed to
//     the data layer runs with this.get and this.set. A message's
//     eventCallback runs after its tags have fired. A page that assigns a
//     new array to window.dataLayer is followed to the new array. The
//     runtime pushes gtm.dom, gtm.load and the auto-events (gtm.click,
//     gtm.linkClick, gtm.formSubmit, gtm.scrollDepth, gtm.timer,
//     gtm.elementVisibility, gtm.video, gtm.historyChange) through
//     window.dataLayer, so a capture hook sees them as the page's own pushes
//     would be seen with GTM; gtm.init_consent, gtm.init and gtm.js are
//     processed internally. An auto-event names the triggers it is for in
//     gtm.triggers, so one trigger's threshold never fires another.
//   - {{Page URL}} is the page's URL without its fragment; the hit's dl
//     keeps the fragment. A condition compares strings (undefined and null
//     as the empty string), numbers for the four comparisons; a bad regular
//     expression never matches. A {{reference}} that is the whole value
//     keeps the variable's type (a number stays a number and is sent as
//     epn.); inside a longer text it becomes a string. In Custom HTML a
//     reference is written as a JavaScript literal.
//   - Every GA4 event is sent at once as a single-event hit (no 5-second
//     queue, no batching): the event part moves into a POST body only when
//     the URL would pass 2048 characters. Hits go out with
//     navigator.sendBeacon, or fetch with keepalive when a beacon is refused.
//     A parameter whose value is undefined or null is left out; a number is
//     sent as epn., anything else as ep. (objects as JSON).
//   - The Google tag sends page_view when it fires unless its configuration
//     says send_page_view false. Enhanced measurement (automatic scroll,
//     outbound click, site search, video and file download events) is a GA4
//     property setting, not part of the container, and is not emulated.
//   - Consent: a tag whose consent settings need consent types waits until
//     every one of them is granted (by gtag('consent', 'default' or
//     'update', ...)), then fires with the values of the moment its trigger
//     fired. A denial keeps it waiting; it never fires if consent is not
//     granted on that page. A default never overrides an update. gcs
//     carries the consent state on every hit once any consent command has
//     been seen.
//   - Thresholds fire once per page: each scroll depth threshold (and each
//     YouTube progress threshold per video) fires once per page load, in
//     ascending order; thresholds already reached when the listener starts
//     (a short page, a restored scroll position) fire at once. A threshold
//     counts as reached when the seen part of the page (scroll offset plus
//     viewport) is within half a percent of it. Scroll and YouTube
//     listeners start at the trigger's triggerStartOption (window load when
//     absent).
//   - Link clicks: the listener runs in the bubble phase on document, on
//     the closest link of the clicked element. Without "wait for tags" the
//     click proceeds untouched; with it, a same-window left click on an
//     http(s) link is held, the tags fire (they send synchronously), then
//     the runtime navigates to the link. With "check validation" the trigger
//     fires only when the page did not cancel the click (defaultPrevented).
//     A trigger with "enable when" conditions (autoEventFilter) listens only
//     if those held at gtm.js.
//   - Form submission: the submit event, bubble phase on document. Without
//     "check validation" the trigger fires for every submit event, even one
//     the page cancels; with it, only when the page did not cancel it.
//     Browser constraint validation runs before the submit event, so an
//     invalid form never fires. With "wait for tags" the submission is held
//     and resumed with HTMLFormElement.submit (the submitter button's value
//     is then not sent). Forms submitted by script with form.submit() fire
//     no submit event and are not seen.
//   - Element visibility uses IntersectionObserver: an element counts as
//     visible when the visible part of its area reaches the trigger's
//     on-screen ratio (an element taller than the viewport can therefore
//     miss a high ratio, as in GTM). The minimum on-screen duration is cumulative: time
//     adds up over separate periods of visibility (for "every time" triggers
//     it restarts each time the element leaves the screen). "Once" fires
//     once per page, "once per element" once per matching element; with the
//     DOM change listener, elements added later are observed too.
//   - Timers start at gtm.js when their "enable when" conditions hold, push
//     gtm.timer (or the trigger's event name) every interval, up to the
//     limit (no limit when empty or 0).
//   - History change: pushState and replaceState (always), popstate and
//     hashchange (when the URL changed) push gtm.historyChange with the old
//     and new URL, fragment and state.
//   - YouTube: the runtime speaks the embed's postMessage protocol directly
//     instead of loading the iframe API; with fixMissingApi it adds
//     enablejsapi=1 to embeds that lack it. Start, pause, progress
//     thresholds and completion push gtm.video with the video built-ins.
//   - HTML5 video, form start, form abandonment and time on an element are
//     not GTM triggers: tagspec generates Custom HTML listener tags for
//     them, and the runtime runs those tags like any other Custom HTML.
//   - Each lifecycle event (gtm.init_consent, gtm.init, gtm.js, gtm.dom,
//     gtm.load) fires its tags once per page, so a page that still carries a
//     GTM snippet (pushing gtm.js itself) does not double its page views.
//     The site's own container or gtag.js should be blocked while the
//     container under test runs (crawl and preview take --block).
//   - Errors inside the runtime (a bad regular expression, a failing custom
//     JavaScript variable, a tag that throws) never break the page; they are
//     logged in window.__tagspecRuntime.log with every event and tag fired.
//
//go:embed runtime.js
var runtimeJS string

// containerMarker is where Script puts the container model in runtime.js.
const containerMarker = "/*TAGSPEC_CONTAINER*/null"

// CollectURL is where the runtime sends GA4 hits: Google's collection
// endpoint, which the crawler (and the preview command) intercept and
// answer inside the browser, so nothing leaves the machine.
//
// The runtime sends GA4 hits in the /g/collect v=2 wire format: request and
// shared parameters (v, tid, gtm, _p, cid, ul, sr, gcs, _s, sid, sct, seg,
// dl, dr, dt), then en, _ee, _fv, _ss, _et, ep.<name> for strings,
// epn.<name> for numbers, up./upn. for user properties, cu for currency,
// uid for user_id and pr1..pr200 for items. The client ID lives in the _ga
// cookie and each measurement ID's session in a _ga_<ID> cookie (a session
// ends after 30 minutes without a hit), written only while
// analytics_storage is not denied; _fv marks the first event of a new
// client ID and _ss the first event of a session.
const CollectURL = "https://www.google-analytics.com/g/collect"

// Script parses a GTM container export and returns one JavaScript source
// that runs the container in a page: evaluate it before any page script
// (for example with page.AddScriptToEvaluateOnNewDocument or
// crawler.Options.InitScripts). It also returns every part of the
// container the runtime does not emulate, in container order (tags,
// triggers, variables, then custom templates and references). A container
// that cannot be read gives an error naming the line and column.
func Script(container []byte) (js string, unsupported []Unsupported, err error) {
	c, err := templates.ParseContainer(container, "container")
	if err != nil {
		return "", nil, err
	}
	return ScriptFor(c)
}

// ScriptFor is Script for a container already parsed with
// templates.ParseContainer or built with templates.Build.
func ScriptFor(c *templates.Container) (js string, unsupported []Unsupported, err error) {
	if c == nil {
		return "", nil, fmt.Errorf("no container to run")
	}
	m, un := compile(c)
	data, err := json.Marshal(m, json.Deterministic(true), jsontext.EscapeForHTML(true), jsontext.EscapeForJS(true))
	if err != nil {
		return "", nil, fmt.Errorf("encoding the container for the runtime: %w", err)
	}
	return strings.Replace(runtimeJS, containerMarker, string(data), 1), un, nil
}
