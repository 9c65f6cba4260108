package examplesite

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"html"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/tagspec/tagspec/examplesite/gtagstandin"

	"github.com/tagspec/tagspec/validator"
)

//go:embed audit.yaml
var auditSpec []byte

// AuditSpec returns the spec of the audit site: consent required for
// analytics_storage with the banner's selectors, the page_view-triggered
// events pricing_page_view (path_prefix /pricing/), docs_page_view
// (path_prefix /docs/) and product_page_view (path_regex
// ^/products/[0-9]+$), two interaction events the site never sends without
// a visitor, no journeys, and one environment (staging,
// http://127.0.0.1:8080). Crawls of a site served by ServeAudit pass the
// server's URL as the base URL instead.
func AuditSpec() []byte {
	return bytes.Clone(auditSpec)
}

// AuditSeed is one error finding a correct site-wide check of the audit
// site reports: the page's path, the rule id, and the event concerned (""
// for page/status).
type AuditSeed struct {
	Path  string
	Rule  string
	Event string
}

// Rule ids of the seeded problems: the validator's, and the crawler's
// page status rule. This package serves pages and must not depend on the
// browser-driving crawler, so auditRuleStatus repeats crawler.RulePageStatus;
// TestAuditSeeds keeps the two equal.
const (
	auditRuleMissing    = validator.RuleEventMissing
	auditRuleDuplicate  = validator.RuleEventDuplicate
	auditRuleUnexpected = validator.RuleEventUnexpected
	auditRulePII        = validator.RulePII
	auditRuleConsent    = validator.RuleConsentBeforeGrant
	auditRuleStatus     = "page/status"
)

// auditSiteName is the site name in page titles and the header.
const auditSiteName = "Acme Analytics"

// auditSeeds are the seeded problems: each changes one page.
var auditSeeds = []struct {
	AuditSeed
	apply func(p *auditPage)
}{
	{AuditSeed{"/help/billing/exports", auditRuleMissing, "page_view"}, func(p *auditPage) {
		p.head = inlineTag(`{ send_page_view: false }`)
	}},
	{AuditSeed{"/blog/42", auditRuleMissing, "page_view"}, func(p *auditPage) {
		p.head = inlineTag("")
	}},
	{AuditSeed{"/company/careers/data-engineer", auditRuleMissing, "page_view"}, func(p *auditPage) {
		p.head = inlineTag(`{ send_page_view: false }`)
	}},
	{AuditSeed{"/products/7", auditRuleDuplicate, "page_view"}, func(p *auditPage) {
		p.script = append(p.script, `gtag('config', 'G-TAGSPEC01');`)
	}},
	{AuditSeed{"/blog/17", auditRuleDuplicate, "page_view"}, func(p *auditPage) {
		p.script = append(p.script, `gtag('event', 'page_view');`)
	}},
	{AuditSeed{"/docs/tracking/examples", auditRuleDuplicate, "page_view"}, func(p *auditPage) {
		p.head = bootScriptTag + "\n" + standardHead
	}},
	{AuditSeed{"/company/newsletter/confirmed", auditRulePII, "page_view"}, func(p *auditPage) {
		p.before = `var subscriber = 'jane.doe@example.com';
history.replaceState(null, '', location.pathname + '?subscriber=' + subscriber);`
	}},
	{AuditSeed{"/campaigns/partner-offer", auditRuleConsent, "page_view"}, func(p *auditPage) {
		p.head = `<script src="/static/boot.js" data-consent="none"></script>` + "\n" + tagScriptTag
	}},
	{AuditSeed{"/pricing/enterprise", auditRuleMissing, "pricing_page_view"}, func(p *auditPage) {
		p.script = nil
	}},
	{AuditSeed{"/blog/30", auditRuleUnexpected, "pricing_page_view"}, func(p *auditPage) {
		p.script = append(p.script, `gtag('event', 'pricing_page_view', { page_path: '/pricing/' });`)
	}},
	{AuditSeed{"/help/troubleshooting/contact-support", auditRuleUnexpected, "chat_widget_open"}, func(p *auditPage) {
		p.script = append(p.script, `gtag('event', 'chat_widget_open', { widget: 'support' });`)
	}},
	{AuditSeed{"/help/status", auditRuleStatus, ""}, func(p *auditPage) {
		p.status = http.StatusInternalServerError
		p.title = "Something went wrong"
		p.intro = "The status service did not answer. Please try again in a few minutes."
	}},
}

// AuditSeeds returns the error findings a correct site-wide check of the
// audit site reports, and no others, sorted by path, rule and event. Each
// seeded page carries one problem: page_view missing or sent twice, an
// email address in the page URL, a hit before consent, a page-view event
// missing or sent on the wrong page, an event outside the spec, or an
// HTTP 500.
func AuditSeeds() []AuditSeed {
	out := make([]AuditSeed, 0, len(auditSeeds))
	for _, s := range auditSeeds {
		out = append(out, s.AuditSeed)
	}
	slices.SortFunc(out, cmpSeed)
	return out
}

// cmpSeed orders seeds by path, rule and event.
func cmpSeed(a, b AuditSeed) int {
	if c := strings.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	if c := strings.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	return strings.Compare(a.Event, b.Event)
}

// AuditPages returns the path of every HTML page of the audit site that a
// discovery from "/" (links, robots.txt and its sitemaps) must find,
// sorted: the orphans and the page answering HTTP 500 included, the PDF
// and the sitemap files not.
func AuditPages() []string {
	site := auditSiteOnce()
	out := make([]string, 0, len(site.pages))
	for _, p := range site.pages {
		out = append(out, p.path)
	}
	slices.Sort(out)
	return out
}

// NewAuditHandler returns the audit site as an http.Handler: a generated
// marketing site of a little over 330 pages
// for site-wide checks (`tagspec crawl SPEC --discover`): discovery follows
// its links and sitemaps, and every page is opened with no script, consent
// accepted on its banner, and judged by the page rules.
//
// # Structure
//
// Sections: the home page "/"; /pricing/ (plans, comparison, FAQ);
// /docs/<category>/ with ten articles each; /blog/ with four more listing
// pages (/blog/page/2 to /blog/page/5, each linking only to its neighbours)
// and 80 posts /blog/<n>; /products/ with categories and 32 products, each
// with /products/<n>/specs and /products/<n>/reviews; /help/<topic>/ with
// nine questions each; /company/ and /legal/. Every page carries the same
// header navigation and footer, so the deepest pages (the posts listed on
// /blog/page/5) are six links away from "/".
//
// Discovery has to cope with:
//   - /robots.txt names a sitemap index (/sitemaps/index.xml) that lists two
//     urlsets (/sitemaps/pages-1.xml and /sitemaps/pages-2.xml) with
//     absolute URLs on the host the request came to; /sitemap.xml does not
//     exist;
//   - orphans: the three /campaigns/ landing pages are listed in the
//     sitemap and linked from nowhere;
//   - link-only pages, absent from the sitemap: the four job offers under
//     /company/careers/, /company/newsletter/confirmed and /help/status;
//   - links that are not pages: a PDF (/downloads/acme-analytics-datasheet.pdf
//     on /docs/), an external link (https://community.acme.example/ in every
//     footer), mailto: links (every footer, /company/contact);
//   - fragment links to existing pages (/pricing/compare#growth,
//     /docs/<category>/reference#options, and "#main" on every page) and
//     relative links in the documentation ("overview", "../").
//
// # Tagging
//
// Every page loads the Google tag snippet (/static/boot.js) and tagspec's
// gtag.js stand-in (/gtag/js) in its head, with consent denied by
// default, and shows the consent banner (#cookie-accept, #cookie-deny;
// /static/audit.js sends the consent update). Nothing is sent before the
// accept click; then page_view goes out once, at once, and the page's own
// events (queued by tag.js, so they need a flush) follow: pricing_page_view
// on every page under /pricing/, docs_page_view on every page under /docs/,
// product_page_view on /products/<n>. AuditSpec is the matching spec.
//
// # Seeded problems
//
// Exactly these pages break a rule, each one rule, and no other page does
// (AuditSeeds lists the same, with the rule and event a correct check
// reports):
//
//   - /help/billing/exports configures the tag with send_page_view: false:
//     no page_view (event-missing page_view).
//   - /blog/42 loads the tag but its template lost the config command:
//     nothing is sent (event-missing page_view).
//   - /company/careers/data-engineer, a job page from a recruiting vendor's
//     template, configures the tag with send_page_view: false
//     (event-missing page_view).
//   - /products/7 runs the config command a second time from a product
//     widget: two page_view hits (event-duplicate page_view).
//   - /blog/17 sends page_view by hand on top of the automatic one
//     (event-duplicate page_view).
//   - /docs/tracking/examples includes the Google tag snippet twice
//     (event-duplicate page_view).
//   - /company/newsletter/confirmed writes the subscriber's email address
//     into its own URL (history.replaceState) before the tag reads the page
//     location: the page_view carries it in dl (pii).
//   - /campaigns/partner-offer, an orphan landing page, loads the tag with
//     data-consent="none" (no consent default), so its page_view leaves at
//     load, before the banner is answered, as an ordinary hit with no gcs
//     (consent-before-grant page_view).
//   - /pricing/enterprise is built from the contact template and does not
//     send pricing_page_view although /pricing/ matches it (event-missing
//     pricing_page_view).
//   - /blog/30, a post about pricing, carries a copy of the pricing pages'
//     snippet and sends pricing_page_view outside /pricing/
//     (event-unexpected pricing_page_view).
//   - /help/troubleshooting/contact-support opens a chat widget that sends
//     chat_widget_open, an event the spec does not define
//     (event-unexpected chat_widget_open).
//   - /help/status, linked from /help/, answers HTTP 500 with the site's
//     error template, which is tagged like any page (page/status).
//
// # Serving
//
// The handler serves the pages, /robots.txt, the sitemaps under
// /sitemaps/, the PDF under /downloads/ and the scripts and stylesheet
// under /static/; anything else answers 404 with an untagged page. It
// keeps no state: the same request always gets the same bytes.
func NewAuditHandler() http.Handler {
	site := auditSiteOnce()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "User-agent: *\nAllow: /\n\nSitemap: %s/sitemaps/index.xml\n", requestOrigin(r))
	})
	mux.HandleFunc("GET /sitemaps/{file}", func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		switch r.PathValue("file") {
		case "index.xml":
			body = sitemapIndex(requestOrigin(r))
		case "pages-1.xml":
			body = site.urlset(requestOrigin(r), 1)
		case "pages-2.xml":
			body = site.urlset(requestOrigin(r), 2)
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		_, _ = w.Write(body)
	})
	mux.HandleFunc("GET /downloads/acme-analytics-datasheet.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write(samplePDF)
	})
	mux.HandleFunc("GET "+gtagstandin.Path, serveStandIn)
	mux.HandleFunc("GET /static/{file}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		var b []byte
		var err error
		switch name {
		case "audit.js":
			b = []byte(auditJS)
		case "boot.js", "site.css":
			b, err = files.ReadFile("site/static/" + name)
		default:
			err = errors.New("not an audit site file")
		}
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(name, ".css") {
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		}
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(b)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		p, ok := site.byPath[r.URL.Path]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write(auditNotFound)
			return
		}
		w.WriteHeader(p.status)
		_, _ = w.Write(p.html)
	})
	return mux
}

// ServeAudit starts the audit site on addr (use "127.0.0.1:0" for a free
// port) and serves it until ctx ends or Close is called.
func ServeAudit(ctx context.Context, addr string) (*Server, error) {
	return serve(ctx, "audit site", addr, NewAuditHandler(), make(chan struct{}))
}

// requestOrigin returns the scheme and host a request was sent to, for
// the absolute URLs of robots.txt and the sitemaps.
func requestOrigin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// sitemapIndex returns the sitemap index that lists the two urlsets.
func sitemapIndex(origin string) []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader + "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
	for _, f := range []string{"pages-1.xml", "pages-2.xml"} {
		fmt.Fprintf(&b, "  <sitemap><loc>%s</loc><lastmod>%s</lastmod></sitemap>\n", html.EscapeString(origin+"/sitemaps/"+f), auditLastMod)
	}
	b.WriteString("</sitemapindex>\n")
	return b.Bytes()
}

// urlset returns sitemap n (1 or 2): the pages listed in it, in site order.
func (s *auditSite) urlset(origin string, n int) []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
	for _, p := range s.pages {
		if p.sitemap == n {
			fmt.Fprintf(&b, "  <url><loc>%s</loc><lastmod>%s</lastmod></url>\n", html.EscapeString(origin+p.path), auditLastMod)
		}
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

const (
	xmlHeader    = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	auditLastMod = "2026-01-15"
)

// auditJS is /static/audit.js: the consent banner of the audit pages. The
// choice is not stored, so every fresh browser context starts with consent
// denied.
const auditJS = `/*
 * tagspec audit site: the consent banner. Accepting or refusing sends the
 * consent update for every storage type and hides the banner.
 */
(function () {
  'use strict';
  var g = window.gtag || function () { (window.dataLayer = window.dataLayer || []).push(arguments); };
  function choose(value) {
    g('consent', 'update', { ad_storage: value, analytics_storage: value, ad_user_data: value, ad_personalization: value });
    var banner = document.getElementById('consent-banner');
    if (banner) { banner.hidden = true; }
  }
  var accept = document.getElementById('cookie-accept'), deny = document.getElementById('cookie-deny');
  if (accept) { accept.addEventListener('click', function () { choose('granted'); }); }
  if (deny) { deny.addEventListener('click', function () { choose('denied'); }); }
}());
`

// Tagging markup of a page's head.
const (
	bootScriptTag = `<script src="/static/boot.js"></script>`
	tagScriptTag  = `<script src="/gtag/js?id=G-TAGSPEC01"></script>`
	standardHead  = bootScriptTag + "\n" + tagScriptTag
)

// inlineTag is the Google tag snippet written inline, with consent denied
// by default, followed by tag.js: with config "" the snippet has no config
// command at all, otherwise config is the command's options object.
func inlineTag(config string) string {
	var b strings.Builder
	b.WriteString("<script>\nwindow.dataLayer = window.dataLayer || [];\nfunction gtag() { window.dataLayer.push(arguments); }\n")
	b.WriteString("gtag('consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' });\n")
	b.WriteString("gtag('js', new Date());\n")
	if config != "" {
		fmt.Fprintf(&b, "gtag('config', '%s', %s);\n", MeasurementID, config)
	}
	b.WriteString("</script>\n" + tagScriptTag)
	return b.String()
}

// auditPage is one page of the audit site.
type auditPage struct {
	path  string
	title string
	intro string
	links []auditLink // the page's own links, after the intro
	extra string      // more body markup (a form)
	// head is the tagging markup in <head>; before is a script that runs
	// before it; script lists the page's own measurement calls, run at the
	// end of the body.
	head   string
	before string
	script []string
	// sitemap says which urlset lists the page: 1, 2, or 0 for none.
	sitemap int
	status  int
	html    []byte
}

// auditLink is one link of a page.
type auditLink struct {
	href, text string
	class      string
}

// auditSite is the generated site: pages in generation order.
type auditSite struct {
	pages  []*auditPage
	byPath map[string]*auditPage
}

var auditSiteOnce = sync.OnceValue(buildAuditSite)

// Names the generator combines; slices, so the site is the same on every run.
var (
	auditPlans        = []string{"starter", "growth", "scale", "enterprise", "nonprofit", "education", "agency", "startup"}
	auditDocCats      = []string{"getting-started", "tracking", "consent", "containers", "crawling", "benchmarks"}
	auditDocArticles  = []string{"overview", "quick-start", "configuration", "examples", "troubleshooting", "reference", "best-practices", "migration", "faq", "limits"}
	auditProductCats  = []string{"analytics", "tag-management", "consent", "reporting"}
	auditHelpTopics   = []string{"account", "billing", "integrations", "privacy", "troubleshooting"}
	auditHelpArticles = []string{"getting-started", "common-errors", "settings", "limits", "permissions", "exports", "notifications", "security", "contact-support"}
	auditJobs         = []string{"analytics-consultant", "data-engineer", "frontend-developer", "product-marketer"}
	auditCampaigns    = []string{"analytics-audit", "partner-offer", "spring-webinar"}
	auditLegal        = []string{"cookies", "privacy", "terms"}
	auditWords        = []string{"conversion", "funnel", "consent", "pricing", "attribution", "engagement", "retention", "benchmark", "dashboard", "segment", "cohort", "journey"}
)

const (
	auditBlogPosts    = 80
	auditBlogPerPage  = 16
	auditProducts     = 32
	auditDatasheetPDF = "/downloads/acme-analytics-datasheet.pdf"
)

// titleCase turns a slug into words with a capital first letter.
func titleCase(slug string) string {
	s := strings.ReplaceAll(slug, "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// filler returns deterministic text for page n, about as long as a real
// page's copy.
func filler(n int) string {
	var b strings.Builder
	for i := range 6 {
		w1 := auditWords[(n+i)%len(auditWords)]
		w2 := auditWords[(n*7+i*5+3)%len(auditWords)]
		fmt.Fprintf(&b, "Teams that measure %s alongside %s find problems before their customers do. ", w1, w2)
	}
	return strings.TrimSpace(b.String())
}

func buildAuditSite() *auditSite {
	s := &auditSite{byPath: map[string]*auditPage{}}
	add := func(path, title string, sitemap int, links ...auditLink) *auditPage {
		p := &auditPage{
			path:    path,
			title:   title,
			intro:   filler(len(s.pages)),
			links:   links,
			head:    standardHead,
			sitemap: sitemap,
			status:  http.StatusOK,
		}
		s.pages = append(s.pages, p)
		s.byPath[path] = p
		return p
	}
	link := func(href, text string) auditLink { return auditLink{href: href, text: text} }

	// Home.
	add("/", auditSiteName+": measure what matters", 1,
		link("/pricing/growth", "The Growth plan"),
		link("/docs/getting-started/", "Get started"),
		link("/blog/1", "Latest article"),
		link("/products/category/analytics/", "Analytics products"),
		link("/company/about", "About us"))

	// Pricing: every page sends pricing_page_view.
	pricingView := `gtag('event', 'pricing_page_view', { page_path: location.pathname });`
	var planLinks []auditLink
	for _, plan := range auditPlans {
		planLinks = append(planLinks, link("/pricing/"+plan, titleCase(plan)+" plan"))
	}
	p := add("/pricing/", "Pricing", 1, append(slices.Clone(planLinks),
		link("/pricing/compare", "Compare plans"), link("/pricing/faq", "Pricing questions"),
		auditLink{href: "/company/contact", text: "Book a demo", class: "book-demo"})...)
	p.script = []string{pricingView}
	for _, plan := range auditPlans {
		p := add("/pricing/"+plan, titleCase(plan)+" plan", 1,
			link("/pricing/", "All plans"),
			link("/pricing/compare#"+plan, "How "+titleCase(plan)+" compares"),
			auditLink{href: "/company/contact", text: "Book a demo", class: "book-demo"})
		p.script = []string{pricingView}
	}
	p = add("/pricing/compare", "Compare plans", 1, planLinks...)
	p.script = []string{pricingView}
	p = add("/pricing/faq", "Pricing questions", 1, link("/pricing/", "All plans"), link("/help/billing/", "Billing help"))
	p.script = []string{pricingView}

	// Documentation: every page sends docs_page_view. Articles link to
	// their neighbours and their category with relative URLs.
	docsView := `gtag('event', 'docs_page_view', { page_path: location.pathname });`
	var catLinks []auditLink
	for _, c := range auditDocCats {
		catLinks = append(catLinks, link("/docs/"+c+"/", titleCase(c)))
	}
	p = add("/docs/", "Documentation", 1, append(slices.Clone(catLinks),
		link(auditDatasheetPDF, "Product datasheet (PDF)"))...)
	p.script = []string{docsView}
	for _, c := range auditDocCats {
		var links []auditLink
		for _, a := range auditDocArticles {
			links = append(links, link(a, titleCase(a)))
		}
		p := add("/docs/"+c+"/", titleCase(c), 1, links...)
		p.script = []string{docsView}
		for i, a := range auditDocArticles {
			links := []auditLink{link("../", "Back to "+titleCase(c))}
			if i > 0 {
				links = append(links, link(auditDocArticles[i-1], "Previous: "+titleCase(auditDocArticles[i-1])))
			}
			if i+1 < len(auditDocArticles) {
				links = append(links, link(auditDocArticles[i+1], "Next: "+titleCase(auditDocArticles[i+1])))
			}
			if a != "reference" {
				links = append(links, link("/docs/"+c+"/reference#options", "Options reference"))
			}
			p := add("/docs/"+c+"/"+a, titleCase(a)+" ("+titleCase(c)+")", 1, links...)
			p.script = []string{docsView}
		}
	}

	// Blog: listing pages that link only to their neighbours, so the posts
	// of the last one are the deepest pages of the site.
	pages := auditBlogPosts / auditBlogPerPage
	for pg := 1; pg <= pages; pg++ {
		path, title := "/blog/", "Blog"
		if pg > 1 {
			path, title = fmt.Sprintf("/blog/page/%d", pg), fmt.Sprintf("Blog, page %d", pg)
		}
		var links []auditLink
		for n := (pg-1)*auditBlogPerPage + 1; n <= pg*auditBlogPerPage; n++ {
			links = append(links, link(fmt.Sprintf("/blog/%d", n), blogTitle(n)))
		}
		switch {
		case pg == 2:
			links = append(links, link("/blog/", "Newer articles"))
		case pg > 2:
			links = append(links, link(fmt.Sprintf("/blog/page/%d", pg-1), "Newer articles"))
		}
		if pg < pages {
			links = append(links, link(fmt.Sprintf("/blog/page/%d", pg+1), "Older articles"))
		}
		p := add(path, title, 2, links...)
		if pg == 1 {
			p.extra = `<form id="newsletter" data-form-location="blog" method="post" action="/company/newsletter/confirmed"><label>Newsletter <input name="email" type="email"></label> <button type="submit">Subscribe</button></form>`
		}
	}
	for n := 1; n <= auditBlogPosts; n++ {
		links := []auditLink{link("/blog/", "All articles")}
		if n > 1 {
			links = append(links, link(fmt.Sprintf("/blog/%d", n-1), "Previous: "+blogTitle(n-1)))
		}
		if n < auditBlogPosts {
			links = append(links, link(fmt.Sprintf("/blog/%d", n+1), "Next: "+blogTitle(n+1)))
		}
		c := auditDocCats[n%len(auditDocCats)]
		links = append(links,
			link("/docs/"+c+"/"+auditDocArticles[n%len(auditDocArticles)]+"#examples", "Related documentation"),
			link(fmt.Sprintf("/products/%d", n%auditProducts+1), "A product this article uses"))
		add(fmt.Sprintf("/blog/%d", n), blogTitle(n), 2, links...)
	}

	// Products: categories, then each product with its specs and reviews;
	// only /products/<n> sends product_page_view.
	var pcLinks []auditLink
	for _, c := range auditProductCats {
		pcLinks = append(pcLinks, link("/products/category/"+c+"/", titleCase(c)))
	}
	add("/products/", "Products", 1, pcLinks...)
	for i, c := range auditProductCats {
		var links []auditLink
		for n := i + 1; n <= auditProducts; n += len(auditProductCats) {
			links = append(links, link(fmt.Sprintf("/products/%d", n), productTitle(n)))
		}
		add("/products/category/"+c+"/", titleCase(c)+" products", 1, links...)
	}
	for n := 1; n <= auditProducts; n++ {
		base := fmt.Sprintf("/products/%d", n)
		cat := "/products/category/" + auditProductCats[(n-1)%len(auditProductCats)] + "/"
		p := add(base, productTitle(n), 1,
			link(base+"/specs", "Specifications"), link(base+"/reviews", "Reviews"), link(cat, "More in this category"))
		p.script = []string{fmt.Sprintf(`gtag('event', 'product_page_view', { item_id: 'P-%03d' });`, n)}
		add(base+"/specs", productTitle(n)+": specifications", 1, link(base, productTitle(n)))
		add(base+"/reviews", productTitle(n)+": reviews", 1, link(base, productTitle(n)), link(base+"/specs", "Specifications"))
	}

	// Help centre; /help/status is the page that answers HTTP 500.
	var topicLinks []auditLink
	for _, t := range auditHelpTopics {
		topicLinks = append(topicLinks, link("/help/"+t+"/", titleCase(t)))
	}
	add("/help/", "Help centre", 2, append(slices.Clone(topicLinks), link("/help/status", "Service status"))...)
	for _, t := range auditHelpTopics {
		var links []auditLink
		for _, a := range auditHelpArticles {
			links = append(links, link("/help/"+t+"/"+a, titleCase(a)))
		}
		add("/help/"+t+"/", titleCase(t)+" help", 2, links...)
		for i, a := range auditHelpArticles {
			c := auditDocCats[i%len(auditDocCats)]
			add("/help/"+t+"/"+a, titleCase(a)+" ("+titleCase(t)+")", 2,
				link("/help/"+t+"/", "Back to "+titleCase(t)),
				link("/docs/"+c+"/overview#summary", "Read the documentation"))
		}
	}
	add("/help/status", "Service status", 0, link("/help/", "Help centre"))

	// Company and legal pages; job offers and the newsletter confirmation
	// are linked but left out of the sitemap.
	add("/company/", "Company", 2,
		link("/company/about", "About us"), link("/company/careers", "Careers"),
		link("/company/press", "Press"), link("/company/contact", "Contact"),
		link("/company/newsletter/confirmed", "Newsletter"))
	add("/company/about", "About us", 2, link("/company/careers", "We are hiring"))
	var jobLinks []auditLink
	for _, j := range auditJobs {
		jobLinks = append(jobLinks, link("/company/careers/"+j, titleCase(j)))
	}
	add("/company/careers", "Careers", 2, jobLinks...)
	for _, j := range auditJobs {
		add("/company/careers/"+j, titleCase(j), 0, link("/company/careers", "All open positions"))
	}
	add("/company/contact", "Contact", 2,
		link("mailto:sales@acme.example", "sales@acme.example"), link("/pricing/", "Pricing"))
	add("/company/press", "Press", 2, link(auditDatasheetPDF+"#page=1", "Press kit (PDF)"))
	add("/company/newsletter/confirmed", "You are subscribed", 0, link("/blog/", "Read the blog"))
	for _, l := range auditLegal {
		add("/legal/"+l, titleCase(l)+" policy", 2)
	}

	// Campaign landing pages: in the sitemap, linked from nowhere.
	for _, c := range auditCampaigns {
		add("/campaigns/"+c, titleCase(c), 1, link("/pricing/", "See pricing"), link("/company/contact", "Talk to us"))
	}

	for _, seed := range auditSeeds {
		p, ok := s.byPath[seed.Path]
		if !ok {
			panic("examplesite: audit seed on a page the site lacks: " + seed.Path)
		}
		seed.apply(p)
	}
	for _, p := range s.pages {
		p.html = renderAuditPage(p)
	}
	return s
}

func blogTitle(n int) string {
	return fmt.Sprintf("Article %d: measuring %s", n, auditWords[n%len(auditWords)])
}

func productTitle(n int) string {
	return fmt.Sprintf("Acme %s module %d", titleCase(auditProductCats[(n-1)%len(auditProductCats)]), n)
}

// auditNav and auditFooter are on every page.
var (
	auditNav = []auditLink{
		{href: "/", text: auditSiteName}, {href: "/pricing/", text: "Pricing"}, {href: "/docs/", text: "Docs"},
		{href: "/blog/", text: "Blog"}, {href: "/products/", text: "Products"}, {href: "/help/", text: "Help"},
		{href: "/company/", text: "Company"},
	}
	auditFooter = []auditLink{
		{href: "/legal/privacy", text: "Privacy"}, {href: "/legal/terms", text: "Terms"},
		{href: "/legal/cookies", text: "Cookies"}, {href: "/company/contact", text: "Contact"},
		{href: "mailto:hello@acme.example", text: "hello@acme.example"},
		{href: "https://community.acme.example/", text: "Community forum"},
	}
)

func writeLink(b *strings.Builder, l auditLink) {
	b.WriteString(`<a href="`)
	b.WriteString(html.EscapeString(l.href))
	b.WriteString(`"`)
	if l.class != "" {
		b.WriteString(` class="`)
		b.WriteString(html.EscapeString(l.class))
		b.WriteString(`"`)
	}
	b.WriteString(">")
	b.WriteString(html.EscapeString(l.text))
	b.WriteString("</a>")
}

func renderAuditPage(p *auditPage) []byte {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	fmt.Fprintf(&b, "<title>%s | %s</title>\n", html.EscapeString(p.title), auditSiteName)
	b.WriteString("<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"/static/site.css\">\n")
	if p.before != "" {
		b.WriteString("<script>\n" + p.before + "\n</script>\n")
	}
	b.WriteString(p.head + "\n</head>\n<body>\n")
	b.WriteString("<header><a href=\"#main\">Skip to content</a> <nav>")
	for i, l := range auditNav {
		if i > 0 {
			b.WriteString(" ")
		}
		writeLink(&b, l)
	}
	b.WriteString("</nav></header>\n")
	b.WriteString(`<div id="consent-banner"><p>We use cookies to measure how the site is used.</p><button id="cookie-accept" type="button">Accept</button> <button id="cookie-deny" type="button">Refuse</button></div>` + "\n")
	fmt.Fprintf(&b, "<main id=\"main\">\n<h1>%s</h1>\n<p>%s</p>\n", html.EscapeString(p.title), html.EscapeString(p.intro))
	if len(p.links) > 0 {
		b.WriteString("<ul>\n")
		for _, l := range p.links {
			b.WriteString("<li>")
			writeLink(&b, l)
			b.WriteString("</li>\n")
		}
		b.WriteString("</ul>\n")
	}
	if p.extra != "" {
		b.WriteString(p.extra + "\n")
	}
	b.WriteString("</main>\n<footer>")
	for i, l := range auditFooter {
		if i > 0 {
			b.WriteString(" ")
		}
		writeLink(&b, l)
	}
	b.WriteString("</footer>\n<script src=\"/static/audit.js\"></script>\n")
	if len(p.script) > 0 {
		b.WriteString("<script>\n" + strings.Join(p.script, "\n") + "\n</script>\n")
	}
	b.WriteString("</body>\n</html>\n")
	return []byte(b.String())
}

// auditNotFound is the body of every path the audit site does not have:
// an untagged page, as a real site's bare error page.
var auditNotFound = []byte("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><h1>Not found</h1><p><a href=\"/\">Home</a></p></body></html>\n")
