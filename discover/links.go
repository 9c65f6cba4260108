package discover

import (
	"io"
	"net/url"

	"golang.org/x/net/html"
)

// extractLinks reads an HTML document and returns the http and https URLs
// of its <a href> and <area href> elements, in document order, resolved
// against the document's base URL (the first <base href>, itself resolved
// against doc, or doc) and normalized. Links with other schemes (mailto:,
// tel:, javascript:, data:) and hrefs that do not parse are left out;
// <link> elements (alternate languages, feeds) are not page links. The
// reader is read to its end or to the first error, which ends the
// document: callers bound it.
func extractLinks(r io.Reader, doc *url.URL) []*url.URL {
	z := html.NewTokenizer(r)
	var hrefs []string
	var base string
	haveBase := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		if !more {
			continue
		}
		tag := string(name)
		if tag != "a" && tag != "area" && (tag != "base" || haveBase) {
			continue
		}
		for more {
			var key, val []byte
			key, val, more = z.TagAttr()
			if string(key) != "href" {
				continue
			}
			if tag == "base" {
				base, haveBase = string(val), true
			} else {
				hrefs = append(hrefs, string(val))
			}
			break
		}
	}
	baseURL := doc
	if haveBase {
		// An unusable <base href> leaves the document URL as the base, as
		// browsers do.
		if b, err := url.Parse(cleanHref(base)); err == nil {
			baseURL = doc.ResolveReference(b)
		}
	}
	links := make([]*url.URL, 0, len(hrefs))
	for _, h := range hrefs {
		if u, ok := resolve(baseURL, h); ok {
			links = append(links, u)
		}
	}
	return links
}
