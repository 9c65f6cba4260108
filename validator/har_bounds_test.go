package validator

import (
	"io"
	"strings"
	"testing"
)

// sizedHAR produces a HAR file of exactly size bytes without holding it:
// an empty log, then spaces. It says how much it holds (Len), as a file
// or a bytes reader does, and counts what was read from it.
type sizedHAR struct{ size, read int }

const emptyHAR = `{"log":{"version":"1.2","entries":[]}}`

var spaces = []byte(strings.Repeat(" ", 64<<10))

func (p *sizedHAR) Len() int { return p.size - p.read }

func (p *sizedHAR) Read(b []byte) (int, error) {
	if p.read == p.size {
		return 0, io.EOF
	}
	b = b[:min(len(b), p.size-p.read)]
	n := 0
	if p.read < len(emptyHAR) {
		n = copy(b, emptyHAR[p.read:])
	}
	for n < len(b) {
		n += copy(b[n:], spaces)
	}
	p.read += n
	return n, nil
}

// TestReadHARBound feeds ReadHAR a file one byte past MaxHARBytes, which is
// refused before any of it is read, and one exactly at it, which is read
// (into one buffer of its size). A stream of unknown size is refused
// after the bound and one byte more are read, which is the same check
// with 256 MiB more memory, so it is not run here.
func TestReadHARBound(t *testing.T) {
	const want = "read HAR: tagspec reads HAR files of at most 268435456 bytes (256 MiB), and this one "
	t.Run("one byte past, size known", func(t *testing.T) {
		r := &sizedHAR{size: MaxHARBytes + 1}
		_, _, err := ReadHAR(t.Context(), r, "j", nil)
		if err == nil || err.Error() != want+"is 268435457 bytes: record a shorter session" {
			t.Fatalf("err = %v", err)
		}
		if r.read != 0 {
			t.Errorf("read %d bytes of a file it could refuse unread", r.read)
		}
	})
	t.Run("at the bound", func(t *testing.T) {
		r := &sizedHAR{size: MaxHARBytes}
		obs, bad, err := ReadHAR(t.Context(), r, "j", nil)
		if err != nil || len(bad) != 0 || len(obs.Events) != 0 {
			t.Fatalf("ReadHAR = %v, %d undecoded, error %v", obs, len(bad), err)
		}
		if r.read != MaxHARBytes {
			t.Errorf("read %d bytes, want all %d", r.read, MaxHARBytes)
		}
	})
}
