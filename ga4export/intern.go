package ga4export

// maxInterned bounds an intern table; past it the table starts again, so
// a column of all-distinct values costs a bounded map, not one per value.
const maxInterned = 4096

// interner shares one string among equal values read from a file (event
// names, dates, param keys), so rows that repeat them allocate nothing.
type interner map[string]string

// get returns b as a string, the same one as for an earlier equal b.
func (in interner) get(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	if len(in) >= maxInterned {
		clear(in)
	}
	s := string(b)
	in[s] = s
	return s
}
