package pii

import "strings"

// URL appends the personal data in a URL (a page location, a referrer, a
// link): in its path, in each query value (read with what its key says,
// so ?zip=94103 is a postcode and ?page=94103 is not) and in its fragment.
func URL(dst []Match, u string) []Match {
	return URLWith(dst, u, nil)
}

// URLWith is URL with the query keys' hints read through hs (nil reads
// each afresh).
func URLWith(dst []Match, u string, hs *Hints) []Match {
	// Skip the scheme and host: one pass, no searching twice.
	i := 0
	if k := strings.IndexByte(u, ':'); k > 0 && k < 12 && k+2 < len(u) && u[k+1] == '/' && u[k+2] == '/' {
		i = k + 3
		for i < len(u) && u[i] != '/' && u[i] != '?' && u[i] != '#' {
			i++
		}
	}
	j := i
	for j < len(u) && u[j] != '?' && u[j] != '#' {
		j++
	}
	if j-i > 1 {
		dst = part(dst, u[i:j], "path")
	}
	if j < len(u) && u[j] == '?' {
		k := j + 1
		for k < len(u) && u[k] != '#' {
			k++
		}
		dst = pairs(dst, u[j+1:k], "query", hs)
		j = k
	}
	if j < len(u) {
		fragment := u[j+1:]
		if strings.IndexByte(fragment, '=') >= 0 {
			if q := strings.IndexByte(fragment, '?'); q >= 0 {
				dst = part(dst, fragment[:q], "fragment")
				fragment = fragment[q+1:]
			}
			dst = pairs(dst, fragment, "fragment", hs)
		} else {
			dst = part(dst, fragment, "fragment")
		}
	}
	return dst
}

func part(dst []Match, s, where string) []Match {
	n := len(dst)
	dst = Value(dst, s, Hint{})
	for i := n; i < len(dst); i++ {
		dst[i].Part = where
	}
	return dst
}

// pairs reads key=value pairs separated by & or ;.
func pairs(dst []Match, q, where string, hs *Hints) []Match {
	for len(q) > 0 {
		i, eq := 0, -1
		for i < len(q) && q[i] != '&' && q[i] != ';' {
			if q[i] == '=' && eq < 0 {
				eq = i
			}
			i++
		}
		kv := q[:i]
		if i < len(q) {
			q = q[i+1:]
		} else {
			q = ""
		}
		if eq < 0 || eq == len(kv)-1 {
			continue
		}
		k, v := kv[:eq], kv[eq+1:]
		if dk, ok := unescape(k); ok {
			k = dk
		}
		if strings.IndexByte(v, '+') >= 0 || strings.IndexByte(v, '%') >= 0 {
			// Form encoding: + is a space. What stays encoded after one
			// decoding (an address encoded twice) Value decodes again.
			v = formDecode(v)
		}
		var h Hint
		if hs != nil {
			h = hs.Of(k)
		} else {
			h = NameHint(k)
		}
		n := len(dst)
		dst = Value(dst, v, h)
		for i := n; i < len(dst); i++ {
			dst[i].Key, dst[i].Part = k, where
		}
	}
	return dst
}

// formDecode decodes a query value once: %XX escapes and + for a space.
func formDecode(v string) string {
	if u, ok := unescape(v); ok {
		return u
	}
	return strings.ReplaceAll(v, "+", " ")
}
