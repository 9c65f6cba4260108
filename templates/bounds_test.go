package templates

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// spaceReader yields size bytes of JSON whitespace and counts how many
// bytes it was asked for, so that a test can see where reading stopped
// without a file of that size on disk.
type spaceReader struct {
	size, read int
}

func (r *spaceReader) Read(p []byte) (int, error) {
	if r.read >= r.size {
		return 0, io.EOF
	}
	n := min(len(p), r.size-r.read)
	for i := range n {
		p[i] = ' '
	}
	r.read += n
	return n, nil
}

func TestReadContainerFileBound(t *testing.T) {
	// The bound is read with a small limit: the code path is the one
	// ReadContainerFile takes with MaxContainerBytes.
	const limit = 1 << 20
	r := &spaceReader{size: limit}
	data, err := readBounded("GTM-X.json", r, limit)
	if err != nil || len(data) != limit {
		t.Fatalf("a file of exactly the bound: %d bytes, err %v", len(data), err)
	}
	for _, size := range []int{limit + 1, 3 * limit} {
		r := &spaceReader{size: size}
		_, err := readBounded("GTM-X.json", r, limit)
		want := "GTM-X.json: the file is larger than 1 MiB (1048576 bytes), the largest container tagspec reads: is it a GTM container export?"
		if err == nil || err.Error() != want {
			t.Errorf("%d bytes: err = %v\nwant %s", size, err, want)
		}
		if r.read > limit+1 {
			t.Errorf("%d bytes: read %d before refusing, want at most the bound + 1", size, r.read)
		}
	}
	// A file on disk is read to its end, past the buffer it sized itself.
	path := filepath.Join(t.TempDir(), "GTM-X.json")
	if err := os.WriteFile(path, bytes.Repeat([]byte(" "), limit+1), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := readBounded("GTM-X.json", f, limit); err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Errorf("a file one byte past the bound: err = %v", err)
	}
	// ParseContainer holds the same bound for bytes read some other way.
	// (The slice is never written: its pages are not touched.)
	_, err = ParseContainer(make([]byte, MaxContainerBytes+1), "GTM-X.json")
	if err == nil || !strings.Contains(err.Error(), "larger than 512 MiB") {
		t.Errorf("ParseContainer of MaxContainerBytes+1 bytes: err = %v", err)
	}
}

// nestedContainer returns a container whose containerVersion holds
// arrays nested so that the innermost opens at the given level (the
// outer object is level 1, containerVersion level 2).
func nestedContainer(level int) string {
	n := level - 2
	return nestedPrefix + strings.Repeat("[", n) + strings.Repeat("]", n) + "}}"
}

const nestedPrefix = `{"exportFormatVersion": 2, "containerVersion": {"tag": [], "extra": `

func TestContainerDepthBound(t *testing.T) {
	if _, err := ParseContainer([]byte(nestedContainer(MaxContainerDepth)), "GTM-X.json"); err != nil {
		t.Fatalf("nesting of exactly MaxContainerDepth levels: %v", err)
	}
	for _, level := range []int{MaxContainerDepth + 1, 10_000, 100_000} {
		_, err := ParseContainer([]byte(nestedContainer(level)), "GTM-X.json")
		// The first array of "extra" is level 3, right after the prefix;
		// the one past the bound is MaxContainerDepth-2 columns further on.
		col := len(nestedPrefix) + 1 + MaxContainerDepth - 2
		want := fmt.Sprintf("GTM-X.json:1:%d: the container nests values more than 64 levels deep, the most tagspec reads (GTM's own exports nest about 10): is it a GTM container export?", col)
		if err == nil || err.Error() != want {
			t.Errorf("level %d: err = %v\nwant %s", level, err, want)
		}
	}
	// Brackets inside strings, escaped quotes included, are not nesting.
	deepString := `{"exportFormatVersion": 2, "containerVersion": {"tag": [{"name": "\"` + strings.Repeat("[{", 200) + `"}]}}`
	if _, err := ParseContainer([]byte(deepString), "GTM-X.json"); err != nil {
		t.Errorf("brackets inside a string: %v", err)
	}
}
