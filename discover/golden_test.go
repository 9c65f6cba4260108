package discover

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/golden"
)

// fileSite serves a directory the way a static web server does: "/" and
// "/dir/" serve index.html, "/dir" redirects to "/dir/", a NAME.redirect
// file answers 301 to the path it holds, and "BASE" in .txt and .xml files
// is replaced by the server's origin.
type fileSite string

func (dir fileSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	clean := path.Clean(r.URL.Path)
	file := filepath.Join(string(dir), filepath.FromSlash(clean))
	if target, err := os.ReadFile(file + ".redirect"); err == nil {
		http.Redirect(w, r, strings.TrimSpace(string(target)), http.StatusMovedPermanently)
		return
	}
	if fi, err := os.Stat(file); err == nil && fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, clean+"/", http.StatusMovedPermanently)
			return
		}
		file = filepath.Join(file, "index.html")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, "<!DOCTYPE html><title>Not found</title><a href=\"/\">Home</a>")
		return
	}
	ext := filepath.Ext(file)
	if ext == ".txt" || ext == ".xml" {
		data = bytes.ReplaceAll(data, []byte("BASE"), []byte("http://"+r.Host))
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(ext))
	w.Write(data)
}

// TestGoldenSite discovers the example site in testdata/site and compares
// the result with testdata/site.golden.json (TAGSPEC_UPDATE=1 refreshes
// it).
func TestGoldenSite(t *testing.T) {
	srv := httptest.NewServer(fileSite(filepath.Join("testdata", "site")))
	t.Cleanup(srv.Close)
	res, err := Discover(t.Context(), Options{Start: []string{srv.URL + "/"}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(relative(res, srv.URL), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden.Check(t, "testdata/site.golden.json", got)
}
