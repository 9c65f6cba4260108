package report

import (
	"os"
	"path/filepath"
	"testing"
)

// sparseFile is a file of size zero bytes that takes no disk space.
func sparseFile(t *testing.T, size int64) *os.File {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestReadJSONSizeBound feeds a report file one byte past MaxJSONBytes: it
// is refused from its size, before any of it is read (the file offset
// stays at 0).
func TestReadJSONSizeBound(t *testing.T) {
	f := sparseFile(t, MaxJSONBytes+1)
	_, err := ReadJSON(t.Context(), f, testRules)
	want := "read JSON report: 536870913 bytes, larger than the 536870912 bytes (512 MiB) tagspec reads: is this the JSON report of a tagspec crawl?"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	if off, err := f.Seek(0, 1); err != nil || off != 0 {
		t.Fatalf("read %d bytes of a file refused by its size (%v)", off, err)
	}
}

// TestReadJSONAtSizeBound feeds a report file of exactly MaxJSONBytes: the
// size check lets it through, and the document check that follows
// refuses it (the file holds zero bytes, not JSON) after reading only its
// first block, so the test costs no memory.
func TestReadJSONAtSizeBound(t *testing.T) {
	f := sparseFile(t, MaxJSONBytes)
	_, err := ReadJSON(t.Context(), f, testRules)
	want := `read JSON report: line 1, column 1: not JSON: it starts with "\x00", where a JSON report starts with {`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	if off, err := f.Seek(0, 1); err != nil || off > 4096 {
		t.Fatalf("read %d bytes of a file that is not JSON (%v)", off, err)
	}
}
