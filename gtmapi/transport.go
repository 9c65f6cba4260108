package gtmapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// DefaultInterval is the pause between two requests: the Tag Manager API
// allows 0.25 queries per second per Google Cloud project (25 per 100
// seconds, counted over a sliding 100-second window) and 10,000 per day,
// per Google's "Tag Manager API Limits and Quotas" page
// (developers.google.com/tag-platform/tag-manager/api/v2/limits-quotas).
const DefaultInterval = 4 * time.Second

// Backoff defaults: the first retry waits about DefaultBackoff, each next
// one twice as long, never more than DefaultMaxBackoff, for at most
// DefaultMaxRetries retries of one request.
const (
	DefaultBackoff    = 5 * time.Second
	DefaultMaxBackoff = 2 * time.Minute
	DefaultMaxRetries = 8
)

// Clock tells the time and waits. Tests pass a clock whose Sleep advances
// its time at once, so pacing and backoff are checked without waiting.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, and returns ctx's error then.
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Wait is one pause the client took, for the log and for tests.
type Wait struct {
	// Reason is "pace" (keeping to the quota) or "backoff" (after a 429,
	// a rate-limit 403 or a server error).
	Reason string
	// Status is the HTTP status that caused a backoff; 0 for pace.
	Status int
	// Attempt counts the retries of the request, from 1; 0 for pace.
	Attempt int
	// Duration is how long the client waited.
	Duration time.Duration
}

// pacer is an http.RoundTripper that spaces requests by interval and
// retries rate-limited ones with capped, jittered exponential backoff.
type pacer struct {
	next       http.RoundTripper
	clock      Clock
	interval   time.Duration
	backoff    time.Duration
	maxBackoff time.Duration
	maxRetries int
	jitter     func() float64 // in [0, 1)
	onWait     func(Wait)

	mu   sync.Mutex
	last time.Time // when the last request was sent
}

func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	for attempt := 0; ; attempt++ {
		if err := p.pace(ctx); err != nil {
			return nil, err
		}
		r := req.Clone(ctx)
		if body != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		}
		resp, err := p.next.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		if attempt >= p.maxRetries || !p.retryable(req.Method, resp) {
			return resp, nil
		}
		d := p.delay(attempt, resp)
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if p.onWait != nil {
			p.onWait(Wait{Reason: "backoff", Status: resp.StatusCode, Attempt: attempt + 1, Duration: d})
		}
		if err := p.clock.Sleep(ctx, d); err != nil {
			return nil, err
		}
	}
}

// pace waits until interval has passed since the previous request.
func (p *pacer) pace(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.last.IsZero() {
		if d := p.last.Add(p.interval).Sub(p.clock.Now()); d > 0 {
			if p.onWait != nil {
				p.onWait(Wait{Reason: "pace", Duration: d})
			}
			if err := p.clock.Sleep(ctx, d); err != nil {
				return err
			}
		}
	}
	p.last = p.clock.Now()
	return nil
}

// retryable reports whether resp asks to try again later: 429, a 403
// whose reason is a rate limit (the quota page says the API answers an
// exceeded quota with 403), or a server error on a request that is safe
// to repeat. A create that failed with 5xx may have been stored, so it is
// not repeated; the next push's plan sees it.
func (p *pacer) retryable(method string, resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true
	case http.StatusForbidden:
		return isRateLimit403(resp)
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return method == http.MethodGet || method == http.MethodPut || method == http.MethodDelete
	}
	return false
}

// isRateLimit403 reads the error body of a 403 and puts it back.
func isRateLimit403(resp *http.Response) bool {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	var e struct {
		Error struct {
			Errors []struct {
				Reason string `json:"reason"`
			} `json:"errors"`
			Status string `json:"status"`
		} `json:"error"`
	}
	if json.Unmarshal(data, &e) != nil {
		return false
	}
	if e.Error.Status == "RESOURCE_EXHAUSTED" {
		return true
	}
	for _, r := range e.Error.Errors {
		switch r.Reason {
		case "rateLimitExceeded", "userRateLimitExceeded":
			return true
		}
	}
	return false
}

// delay is the backoff before retry attempt+1: base * 2^attempt, capped,
// with "equal jitter" (half fixed, half random) so that clients that were
// refused together do not retry together. A Retry-After header in seconds
// is honoured when it asks for longer.
func (p *pacer) delay(attempt int, resp *http.Response) time.Duration {
	d := p.backoff
	for range attempt {
		d *= 2
		if d >= p.maxBackoff {
			break
		}
	}
	d = min(d, p.maxBackoff)
	d = d/2 + time.Duration(p.jitter()*float64(d/2))
	if s := resp.Header.Get("Retry-After"); s != "" {
		if secs, err := strconv.Atoi(s); err == nil && secs >= 0 {
			d = max(d, min(time.Duration(secs)*time.Second, p.maxBackoff))
		}
	}
	return d
}

func defaultJitter() float64 { return rand.Float64() }

func (w Wait) String() string {
	if w.Reason == "pace" {
		return fmt.Sprintf("pace %s", w.Duration)
	}
	return fmt.Sprintf("HTTP %d, retry %d in %s", w.Status, w.Attempt, w.Duration.Round(time.Millisecond))
}
