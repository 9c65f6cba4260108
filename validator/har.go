package validator

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/tagspec/tagspec/hits"
)

// MaxHARBytes bounds the size of a HAR file ReadHAR accepts.
const MaxHARBytes = 256 << 20

type harFile struct {
	Log *struct {
		Pages []struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"pages"`
		Entries []struct {
			PageRef         string `json:"pageref"`
			StartedDateTime string `json:"startedDateTime"`
			Request         *struct {
				Method   string `json:"method"`
				URL      string `json:"url"`
				PostData *struct {
					Text     string `json:"text"`
					Encoding string `json:"encoding"`
				} `json:"postData"`
			} `json:"request"`
		} `json:"entries"`
	} `json:"log"`
}

// HARHit is a GA4 request of a HAR file that could not be decoded.
type HARHit struct {
	Entry int    // 0-based index in log.entries
	URL   string // the request URL
	Err   error  // why it did not decode
}

// ReadHAR reads a HAR file (as saved by a browser's developer tools or a
// proxy) and returns an observation of its GA4 hits, in file order, for
// Check. extra are additional collection endpoints (see hits.IsCollect).
// The observation is Recorded and has no steps: expectations of a journey
// are not judged, while the per-event rules (unexpected events, params,
// consent state, personal data, wire limits) are. Requests that look like GA4 hits but do
// not decode are returned separately, so that callers can report them.
func ReadHAR(ctx context.Context, r io.Reader, journey string, extra []string) (*Observation, []HARHit, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxHARBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read HAR: %w", err)
	}
	if len(data) > MaxHARBytes {
		return nil, nil, fmt.Errorf("read HAR: file is larger than %d bytes", MaxHARBytes)
	}
	var f harFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, nil, fmt.Errorf("read HAR: %w", describeJSONError(data, err))
	}
	if f.Log == nil {
		return nil, nil, fmt.Errorf(`read HAR: no "log" object at the top level`)
	}
	obs := &Observation{Journey: journey, Recorded: true}
	var bad []HARHit
	nHits := 0
	for i, e := range f.Log.Entries {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		if e.Request == nil || !hits.IsCollect(e.Request.URL, extra) {
			continue
		}
		var at time.Time
		if e.StartedDateTime != "" {
			t, err := time.Parse(time.RFC3339Nano, e.StartedDateTime)
			if err != nil {
				return nil, nil, fmt.Errorf("read HAR: log.entries[%d].startedDateTime %q is not an RFC 3339 time", i, e.StartedDateTime)
			}
			at = t
		}
		var body []byte
		if pd := e.Request.PostData; pd != nil {
			if pd.Encoding != "" && pd.Encoding != "utf-8" && pd.Encoding != "UTF-8" {
				bad = append(bad, HARHit{Entry: i, URL: e.Request.URL, Err: fmt.Errorf("post data encoding %q is not supported", pd.Encoding)})
				continue
			}
			body = []byte(pd.Text)
		}
		h, err := hits.Decode(e.Request.Method, e.Request.URL, body, at)
		if err != nil {
			bad = append(bad, HARHit{Entry: i, URL: e.Request.URL, Err: err})
			continue
		}
		obs.Events = append(obs.Events, EventsFromHit(h, nHits, NoStep, "")...)
		nHits++
	}
	return obs, bad, nil
}

// describeJSONError adds a line and column to a JSON syntax error.
func describeJSONError(data []byte, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return err
	}
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}
