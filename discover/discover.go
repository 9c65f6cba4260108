package discover

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
)

// Discover finds the pages of the sites that opts.Start points at by
// reading their sitemaps and following their links, breadth first, and
// checks that every page answers.
//
// Only unusable options are errors. A broken site gives pages with a
// Problem, never an error. When ctx ends, Discover returns what it found
// so far together with ctx's error; pages it was requesting at that moment
// are listed with a Problem saying they were not checked.
//
// The result depends only on what the sites answer, never on timing or
// Concurrency: each level of the breadth-first walk is requested
// concurrently, and the next level is built by reading the level's pages
// in order, and each page's links in document order.
//
// What is a page: discovery stays on the origins (scheme, host and port)
// of its start URLs. It reads the Sitemap: lines of each origin's
// robots.txt and /sitemap.xml (a <urlset> or a <sitemapindex>, nested up
// to three levels, gzip-compressed or not), then follows <a href> and
// <area href> links, resolved against the document URL and its <base
// href>. URLs are normalized (fragment dropped, host lower-cased, default
// port dropped) and each is requested once. Only answers with an HTML
// Content-Type are pages; others (PDFs, images) are counted in
// Result.Skipped, as are links that Include or Exclude filter out and
// links beyond Depth. Level 0 of the walk holds the start URLs, then the
// URLs the sitemaps list, in sitemap order; MaxPages cuts the ordered list
// and sets Result.Limited.
//
// Broken sites: a Problem is an HTTP error status, a redirect loop, a
// redirect to another site, more than [MaxRedirects] redirects, a
// time-out or a connection error. Redirects are followed by Discover
// itself, within the page's origin, and recorded in Page.Redirects; a page
// whose final URL is already listed is a duplicate and dropped. Time-outs,
// connection errors and 5xx or 429 answers are retried up to
// Options.Retries times, after a short pause. Every request has a time
// limit and every body is read up to a bound (maxHTMLBytes for a page,
// maxSitemapBytes for a sitemap), so a hanging or endless answer cannot
// stall discovery. A sitemap that cannot be used is ignored and named in
// Result.SitemapProblems with the line and column where reading stopped.
func Discover(ctx context.Context, opts Options) (*Result, error) {
	s, err := check(opts)
	if err != nil {
		return nil, err
	}
	d := &discoverer{
		s:       s,
		f:       newFetcher(s),
		origins: map[string]bool{},
		seen:    map[string]bool{},
		owned:   map[string]int{},
		res:     &Result{},
	}
	defer d.f.close()
	for _, o := range s.origins {
		d.origins[o] = true
	}
	err = d.run(ctx)
	return d.res, err
}

// candidate is a URL waiting to be requested as a page.
type candidate struct {
	u       *url.URL
	key     string // u.String()
	depth   int
	from    string
	sitemap bool
	start   bool
}

// discoverer holds the state of one Discover call. Its maps are lookups
// only; every output is built from ordered slices.
type discoverer struct {
	s       *settings
	f       *fetcher
	origins map[string]bool
	// seen holds every URL already decided on: listed, waiting, skipped or
	// a redirect step of a listed page.
	seen map[string]bool
	// owned maps a listed page's URL and its redirect steps to the page's
	// index in res.Pages.
	owned map[string]int
	res   *Result
}

// levelCap bounds how many candidates one level keeps, so that a huge
// sitemap or link list cannot exhaust memory: twice MaxPages leaves room
// for candidates that turn out to be duplicates or not HTML.
func (d *discoverer) levelCap() int {
	return 2*d.s.MaxPages + 100
}

// run walks the sites level by level.
func (d *discoverer) run(ctx context.Context) error {
	var level []candidate
	startAt := map[string]int{}
	for _, u := range d.s.start {
		if n := len(level); d.add(&level, candidate{u: u, start: true}) {
			startAt[u.String()] = n
		}
	}
	if !d.s.NoSitemap {
		locs, err := d.readSitemaps(ctx)
		if err != nil {
			return err
		}
		for _, u := range locs {
			if i, ok := startAt[u.String()]; ok {
				level[i].sitemap = true
				continue
			}
			d.add(&level, candidate{u: u, sitemap: true})
		}
	}
	for len(level) > 0 {
		kept, err := d.fetchLevel(ctx, level)
		if err != nil {
			return err
		}
		level = level[:0:0]
		for _, k := range kept {
			p := &d.res.Pages[k.index]
			for _, l := range k.links {
				d.add(&level, candidate{u: l, depth: p.Depth + 1, from: p.URL})
			}
		}
	}
	return nil
}

// add decides what becomes of a URL discovery came across: other sites are
// ignored, URLs already decided on are dropped, excluded URLs and URLs
// beyond Depth are counted as skipped, and the rest wait in level. It
// reports whether c was appended to level.
func (d *discoverer) add(level *[]candidate, c candidate) bool {
	if !d.origins[origin(c.u)] {
		return false
	}
	c.key = c.u.String()
	if d.seen[c.key] {
		return false
	}
	if !c.start && (!d.wanted(c.u) || (d.s.Depth > 0 && c.depth > d.s.Depth)) {
		d.seen[c.key] = true
		d.res.Skipped++
		return false
	}
	if len(*level) >= d.levelCap() {
		d.res.Limited = true
		return false
	}
	d.seen[c.key] = true
	*level = append(*level, c)
	return true
}

// wanted applies Include and Exclude to u's path and query.
func (d *discoverer) wanted(u *url.URL) bool {
	pq := pathQuery(u)
	if len(d.s.Include) > 0 {
		in := false
		for _, re := range d.s.Include {
			if re.MatchString(pq) {
				in = true
				break
			}
		}
		if !in {
			return false
		}
	}
	for _, re := range d.s.Exclude {
		if re.MatchString(pq) {
			return false
		}
	}
	return true
}

// listed is a page of the current level that was added to the result,
// with the links its document holds.
type listed struct {
	index int
	links []*url.URL
}

// pageOutcome is what requesting a candidate gave.
type pageOutcome struct {
	fetchResult
	// links are the page's distinct links to the start origins that were
	// not yet seen when the page was requested, in document order.
	links     []*url.URL
	truncated bool // the page had more such links than levelCap
	mediaType string
	notHTML   bool
}

// fetchLevel requests a level's candidates, as many at a time as MaxPages
// still allows, and lists them in order. A candidate whose URL or final
// URL belongs to a page listed before it is a duplicate and dropped; a
// 2xx answer that is not HTML is skipped (a start URL is listed with a
// Problem instead).
func (d *discoverer) fetchLevel(ctx context.Context, level []candidate) ([]listed, error) {
	var kept []listed
	i := 0
	for i < len(level) {
		room := d.s.MaxPages - len(d.res.Pages)
		if room <= 0 {
			break
		}
		batch := make([]candidate, 0, min(room, len(level)-i))
		for i < len(level) && len(batch) < room {
			if _, dup := d.owned[level[i].key]; !dup {
				batch = append(batch, level[i])
			}
			i++
		}
		outs := d.fetchPages(ctx, batch)
		for j := range outs {
			c, o := batch[j], &outs[j]
			if _, dup := d.owned[c.key]; dup {
				continue
			}
			if o.Final != nil {
				if _, dup := d.owned[o.Final.String()]; dup {
					continue
				}
			}
			if o.notHTML && o.Problem == "" {
				if !c.start {
					d.res.Skipped++
					continue
				}
				o.Problem = fmt.Sprintf("not an HTML page (%s)", o.mediaType)
			}
			idx := len(d.res.Pages)
			d.res.Pages = append(d.res.Pages, Page{
				URL:       c.key,
				Depth:     c.depth,
				From:      c.from,
				Sitemap:   c.sitemap,
				Status:    o.Status,
				Redirects: o.Redirects,
				Problem:   o.Problem,
				Attempts:  o.Attempts,
				Retried:   o.Retried,
			})
			d.owned[c.key] = idx
			for _, r := range o.Redirects {
				d.seen[r] = true
				if _, dup := d.owned[r]; !dup {
					d.owned[r] = idx
				}
			}
			if o.truncated {
				d.res.Limited = true
			}
			kept = append(kept, listed{index: idx, links: o.links})
		}
		if err := ctx.Err(); err != nil {
			return kept, err
		}
	}
	for ; i < len(level); i++ {
		if _, dup := d.owned[level[i].key]; !dup {
			d.res.Limited = true
			break
		}
	}
	return kept, nil
}

// fetchPages requests batch with Concurrency workers; outcomes are in
// batch order. The workers only read d.seen and d.origins, which change
// only between batches.
func (d *discoverer) fetchPages(ctx context.Context, batch []candidate) []pageOutcome {
	outs := make([]pageOutcome, len(batch))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(d.s.Concurrency, len(batch)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(batch) {
					return
				}
				outs[i] = d.fetchPage(ctx, batch[i].u)
			}
		})
	}
	wg.Wait()
	return outs
}

// fetchPage requests one page and reads the links of an HTML answer. Of
// those it keeps the distinct ones to the start origins that are not yet
// seen, at most levelCap of them, so that the pages of a batch hold a
// bounded number of links whatever they contain.
func (d *discoverer) fetchPage(ctx context.Context, u *url.URL) pageOutcome {
	var o pageOutcome
	o.fetchResult = d.f.fetch(ctx, u, acceptHTML, func(doc *url.URL, resp *http.Response, body io.Reader) {
		o.links, o.truncated, o.notHTML = nil, false, false
		mt, body := mediaType(resp, body)
		o.mediaType = mt
		if !isHTML(mt) {
			o.notHTML = true
			return
		}
		links := extractLinks(io.LimitReader(body, maxHTMLBytes), doc)
		distinct := make(map[string]bool, len(links))
		o.links = links[:0]
		for _, l := range links {
			key := l.String()
			if distinct[key] || d.seen[key] || !d.origins[origin(l)] {
				continue
			}
			if len(o.links) == d.levelCap() {
				o.truncated = true
				break
			}
			distinct[key] = true
			o.links = append(o.links, l)
		}
	})
	if o.Problem != "" {
		o.links, o.truncated, o.notHTML = nil, false, false
	}
	return o
}

// sitemapFile is a sitemap discovery is about to read. An implicit one
// (/sitemap.xml, not listed anywhere) may be missing without that being a
// problem.
type sitemapFile struct {
	u        *url.URL
	implicit bool
}

// readSitemaps reads the Sitemap: lines of each start origin's robots.txt
// and then the sitemaps they list plus /sitemap.xml, and returns the page
// URLs the sitemaps list, in order.
func (d *discoverer) readSitemaps(ctx context.Context) ([]*url.URL, error) {
	var files []sitemapFile
	listed := map[string]bool{}
	for _, o := range d.s.origins {
		robots, _ := url.Parse(o + "/robots.txt")
		var lines []string
		r := d.f.fetch(ctx, robots, acceptRobots, func(_ *url.URL, _ *http.Response, body io.Reader) {
			lines = parseRobots(io.LimitReader(body, maxRobotsBytes))
		})
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if r.Problem != "" {
			lines = nil
		}
		for _, l := range lines {
			u, ok := resolve(robots, l)
			if !ok || !d.origins[origin(u)] || listed[u.String()] {
				continue
			}
			listed[u.String()] = true
			files = append(files, sitemapFile{u: u})
		}
		implicit, _ := url.Parse(o + "/sitemap.xml")
		if !listed[implicit.String()] {
			listed[implicit.String()] = true
			files = append(files, sitemapFile{u: implicit, implicit: true})
		}
	}
	var locs []*url.URL
	budget := maxSitemapFiles
	d.readSitemapFiles(ctx, files, 0, listed, &budget, &locs)
	return locs, ctx.Err()
}

// sitemapOutcome is what requesting one sitemap file gave.
type sitemapOutcome struct {
	fetchResult
	doc     *sitemapDoc
	err     error
	missing bool // an implicit sitemap answered with something else
}

// readSitemapFiles reads files (all requested at once, then used in
// order), appends the page URLs of each urlset to locs and descends into
// each sitemap index before going on with the next file.
func (d *discoverer) readSitemapFiles(ctx context.Context, files []sitemapFile, nesting int, listed map[string]bool, budget *int, locs *[]*url.URL) {
	if len(files) > *budget {
		for _, f := range files[*budget:] {
			d.res.SitemapProblems = append(d.res.SitemapProblems,
				fmt.Sprintf("%s: not read: more than %d sitemap files", f.u, maxSitemapFiles))
		}
		files = files[:*budget]
	}
	*budget -= len(files)
	outs := make([]sitemapOutcome, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(d.s.Concurrency, len(files)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				outs[i] = d.fetchSitemap(ctx, files[i])
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return
	}
	for i, f := range files {
		o := outs[i]
		if f.implicit && (o.missing || (o.Problem != "" && o.Status >= 400)) {
			continue
		}
		if o.Problem != "" {
			d.res.SitemapProblems = append(d.res.SitemapProblems, fmt.Sprintf("%s: %s", f.u, o.Problem))
			continue
		}
		d.res.Sitemaps = append(d.res.Sitemaps, f.u.String())
		if o.err != nil {
			d.res.SitemapProblems = append(d.res.SitemapProblems, fmt.Sprintf("%s:%v", f.u, o.err))
			continue
		}
		if o.doc.Truncated {
			d.res.SitemapProblems = append(d.res.SitemapProblems,
				fmt.Sprintf("%s: more than %d entries; the rest are ignored", f.u, maxSitemapEntries))
		}
		if !o.doc.Index {
			for _, l := range o.doc.Locs {
				if u, ok := resolve(o.Final, l); ok {
					*locs = append(*locs, u)
				}
			}
			continue
		}
		if nesting+1 > maxSitemapNesting {
			d.res.SitemapProblems = append(d.res.SitemapProblems,
				fmt.Sprintf("%s: sitemap indexes nested more than %d deep; its entries are ignored", f.u, maxSitemapNesting))
			continue
		}
		var children []sitemapFile
		for _, l := range o.doc.Locs {
			u, ok := resolve(o.Final, l)
			if !ok || !d.origins[origin(u)] || listed[u.String()] {
				continue
			}
			listed[u.String()] = true
			children = append(children, sitemapFile{u: u})
		}
		d.readSitemapFiles(ctx, children, nesting+1, listed, budget, locs)
		if ctx.Err() != nil {
			return
		}
	}
}

// gzipMagic starts every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// fetchSitemap requests and parses one sitemap file, gzip-compressed or
// not.
func (d *discoverer) fetchSitemap(ctx context.Context, f sitemapFile) sitemapOutcome {
	var o sitemapOutcome
	o.fetchResult = d.f.fetch(ctx, f.u, acceptSitemap, func(_ *url.URL, resp *http.Response, body io.Reader) {
		o.doc, o.err, o.missing = nil, nil, false
		mt, body := mediaType(resp, body)
		if f.implicit && isHTML(mt) {
			o.missing = true
			return
		}
		br := bufio.NewReader(body)
		var r io.Reader = br
		if magic, _ := br.Peek(2); bytes.Equal(magic, gzipMagic) {
			zr, err := gzip.NewReader(br)
			if err != nil {
				o.err = &sitemapError{Line: 1, Col: 1, Msg: "gzip: " + err.Error()}
				return
			}
			defer zr.Close()
			r = &gzipReader{zr}
		}
		o.doc, o.err = parseSitemap(newLimitReader(r, maxSitemapBytes, "sitemap"), maxSitemapEntries)
	})
	return o
}

// gzipReader names decompression errors as such ("gzip: unexpected EOF").
type gzipReader struct {
	zr *gzip.Reader
}

// Read decompresses from the wrapped reader.
func (g *gzipReader) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("gzip: %w", err)
	}
	return n, err
}
