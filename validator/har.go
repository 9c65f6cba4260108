package validator

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tagspec/tagspec/hits"
)

// MaxHARBytes bounds the size of a HAR file ReadHAR accepts: 256 MiB, a
// recording of some hours of browsing with the responses' content.
// ReadHAR refuses a larger file before reading any of it when the reader
// knows how much it holds (a file, or a bytes or strings reader), and
// after reading one byte past the bound otherwise (a pipe).
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
	size, known := remaining(r)
	if known && size > MaxHARBytes {
		return nil, nil, harTooLarge(fmt.Sprintf("is %d bytes", size))
	}
	var data []byte
	if known {
		// One buffer of the right size, with room to see the end.
		data = make([]byte, 0, size+1)
	}
	data, err := readUpTo(data, r, MaxHARBytes+1)
	if err != nil {
		return nil, nil, fmt.Errorf("read HAR: %w", err)
	}
	if len(data) > MaxHARBytes {
		return nil, nil, harTooLarge("is larger than that")
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

// harTooLarge is the error for a HAR file past MaxHARBytes; what says
// how large it is.
// CheckHARSize returns ReadHAR's error for a HAR file of size bytes
// when it is past MaxHARBytes, so that a caller holding the file can
// refuse it before reading any of it.
func CheckHARSize(size int64) error {
	if size > MaxHARBytes {
		return harTooLarge(fmt.Sprintf("is %d bytes", size))
	}
	return nil
}

func harTooLarge(what string) error {
	return fmt.Errorf("read HAR: tagspec reads HAR files of at most %d bytes (256 MiB), and this one %s: record a shorter session", MaxHARBytes, what)
}

// remaining returns how many bytes r holds from where it stands, when it
// can tell without reading: a regular file, or a reader with a Len
// method (bytes.Reader, strings.Reader, bytes.Buffer).
func remaining(r io.Reader) (int64, bool) {
	switch x := r.(type) {
	case interface{ Len() int }:
		return int64(x.Len()), true
	case *os.File:
		fi, err := x.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return 0, false
		}
		at, err := x.Seek(0, io.SeekCurrent)
		if err != nil {
			return 0, false
		}
		return max(fi.Size()-at, 0), true
	}
	return 0, false
}

// readUpTo appends what r holds to data, stopping after limit bytes.
func readUpTo(data []byte, r io.Reader, limit int64) ([]byte, error) {
	lr := io.LimitReader(r, limit)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := lr.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return data, err
		}
	}
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
