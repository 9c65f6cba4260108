package discover

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Accept headers sent with page and sitemap requests.
const (
	acceptHTML    = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
	acceptSitemap = "application/xml,text/xml;q=0.9,*/*;q=0.5"
	acceptRobots  = "text/plain,*/*;q=0.5"
)

// fetcher makes discovery's GET requests: one timeout per request, its own
// handling of redirects, and retries of transient failures.
type fetcher struct {
	client    *http.Client
	own       *http.Transport // the transport of a client made here, closed by close
	timeout   time.Duration
	retries   int
	userAgent string
}

// newFetcher returns a fetcher for s. A client given in the options is
// copied so that it never follows redirects itself.
func newFetcher(s *settings) *fetcher {
	f := &fetcher{timeout: s.Timeout, retries: s.Retries, userAgent: s.UserAgent}
	var c http.Client
	if s.Client != nil {
		c = *s.Client
	} else {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = s.Concurrency
		c.Transport, f.own = t, t
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	f.client = &c
	return f
}

// close releases the idle connections of a transport made by newFetcher.
func (f *fetcher) close() {
	if f.own != nil {
		f.own.CloseIdleConnections()
	}
}

// readFunc consumes the body of a final 2xx response to a request for doc
// while the request's timeout still runs. It is called again, from the
// start, for every retried attempt.
type readFunc func(doc *url.URL, resp *http.Response, body io.Reader)

// fetchResult is the outcome of requesting one URL, redirects and retries
// included.
type fetchResult struct {
	Status    int
	Final     *url.URL // the last URL requested
	Redirects []string
	Problem   string
	Attempts  int
	Retried   []string
	retry     bool // the last attempt failed in a way worth retrying
}

// fetch requests u, follows its same-origin redirects, hands the final 2xx
// body to read, and retries the whole chain while it fails in a transient
// way (time-out, connection error, 5xx, 429) and retries remain.
func (f *fetcher) fetch(ctx context.Context, u *url.URL, accept string, read readFunc) fetchResult {
	var retried []string
	for attempt := 1; ; attempt++ {
		r := f.chain(ctx, u, accept, read)
		r.Attempts, r.Retried = attempt, retried
		if !r.retry || attempt > f.retries || ctx.Err() != nil {
			return r
		}
		retried = append(retried, r.Problem)
		t := time.NewTimer(time.Duration(attempt) * retryBackoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return r
		case <-t.C:
		}
	}
}

// chain requests start and follows its redirects, at most MaxRedirects, as
// long as they stay on start's origin.
func (f *fetcher) chain(ctx context.Context, start *url.URL, accept string, read readFunc) fetchResult {
	var r fetchResult
	cur := start
	visited := []*url.URL{start}
	for {
		h := f.hop(ctx, cur, accept, read)
		r.Status, r.Final = h.status, cur
		if h.problem != "" {
			r.Problem, r.retry = h.problem, h.retry
			return r
		}
		if !isRedirect(h.status) {
			if h.status >= 300 {
				r.Problem = fmt.Sprintf("answered HTTP %d", h.status)
				r.retry = h.status >= 500 || h.status == http.StatusTooManyRequests
			}
			return r
		}
		if strings.TrimSpace(h.location) == "" {
			r.Problem = fmt.Sprintf("answered HTTP %d without a Location header", h.status)
			return r
		}
		next, ok := resolve(cur, h.location)
		if !ok || origin(next) != origin(start) {
			target := h.location
			if next != nil {
				target = next.String()
			}
			r.Problem = "redirects to another site: " + target
			return r
		}
		for i, v := range visited {
			if v.String() == next.String() {
				r.Redirects = append(r.Redirects, next.String())
				steps := make([]string, 0, len(visited)-i+1)
				for _, w := range visited[i:] {
					steps = append(steps, pathQuery(w))
				}
				steps = append(steps, pathQuery(next))
				r.Problem = "redirect loop: " + strings.Join(steps, " -> ")
				return r
			}
		}
		if len(r.Redirects) == MaxRedirects {
			r.Problem = fmt.Sprintf("too many redirects (more than %d)", MaxRedirects)
			return r
		}
		r.Redirects = append(r.Redirects, next.String())
		visited = append(visited, next)
		cur = next
	}
}

// isRedirect reports whether status asks the client to follow Location.
func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// hopOutcome is the outcome of one request.
type hopOutcome struct {
	status   int
	location string
	problem  string
	retry    bool
}

// hop makes one GET request for u under its own timeout. A 2xx body goes
// to read; a little of any other body is drained so that the connection
// can be reused.
func (f *fetcher) hop(ctx context.Context, u *url.URL, accept string, read readFunc) hopOutcome {
	rctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return hopOutcome{problem: "cannot request this URL: " + err.Error()}
	}
	req.Header.Set("User-Agent", f.userAgent)
	req.Header.Set("Accept", accept)
	resp, err := f.client.Do(req)
	if err != nil {
		return f.failure(ctx, err)
	}
	defer resp.Body.Close()
	body := &errReader{r: resp.Body}
	h := hopOutcome{status: resp.StatusCode}
	switch {
	case isRedirect(resp.StatusCode):
		h.location = resp.Header.Get("Location")
	case resp.StatusCode >= 200 && resp.StatusCode < 300 && read != nil:
		read(u, resp, body)
	}
	if body.err == nil {
		io.CopyN(io.Discard, body, 32<<10)
	}
	if body.err != nil {
		// The answer began but its body was cut short.
		h = f.failure(ctx, body.err)
		h.status = resp.StatusCode
	}
	return h
}

// failure describes a request that got no usable answer and says whether
// it is worth retrying.
func (f *fetcher) failure(ctx context.Context, err error) hopOutcome {
	if ctx.Err() != nil {
		return hopOutcome{problem: "not checked: discovery stopped (" + context.Cause(ctx).Error() + ")"}
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return hopOutcome{problem: fmt.Sprintf("timed out after %s", f.timeout), retry: true}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return hopOutcome{problem: "request failed: " + err.Error(), retry: true}
}

// errReader remembers the first error other than io.EOF its reader
// returned, so that a body cut short by a time-out or a broken connection
// is told apart from a complete one.
type errReader struct {
	r   io.Reader
	err error
}

// Read reads from the wrapped reader.
func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF && e.err == nil {
		e.err = err
	}
	return n, err
}

// mediaType returns the media type of resp ("text/html"), sniffed from the
// first bytes of body when the response does not say, and a reader that
// still yields the whole body.
func mediaType(resp *http.Response, body io.Reader) (string, io.Reader) {
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil {
			mt, _, _ = strings.Cut(ct, ";")
		}
		return strings.ToLower(strings.TrimSpace(mt)), body
	}
	br := bufio.NewReaderSize(body, 512)
	head, _ := br.Peek(512)
	mt, _, _ := mime.ParseMediaType(http.DetectContentType(head))
	return mt, br
}

// isHTML reports whether media type mt is an HTML document.
func isHTML(mt string) bool {
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// limitReader returns the first limit bytes of its reader and then fails
// with an error naming the limit, instead of the silent end io.LimitReader
// gives.
type limitReader struct {
	r     io.Reader
	left  int64
	limit int64
	what  string
}

// newLimitReader returns a limitReader for the first limit bytes of r;
// what names the content in the error ("sitemap").
func newLimitReader(r io.Reader, limit int64, what string) *limitReader {
	return &limitReader{r: r, left: limit, limit: limit, what: what}
}

// Read reads from the wrapped reader until the limit is passed.
func (l *limitReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if l.left <= 0 {
		var one [1]byte
		if n, err := l.r.Read(one[:]); n == 0 && err != nil {
			return 0, err
		}
		return 0, fmt.Errorf("%s larger than %d MB", l.what, l.limit>>20)
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}
