package starters

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// templateExt is the file extension of every embedded template.
const templateExt = ".yaml"

// describePrefix starts the first line of every template; the rest of that
// line is the template's one-line description.
const describePrefix = "# tagspec starter: "

//go:embed *.yaml
var files embed.FS

// Names returns the names of the starter templates, sorted. A name is the
// template's file name without its extension, e.g. "b2b-saas".
func Names() []string {
	// The embedded file system is fixed at build time, so reading its root
	// cannot fail; on a (theoretical) error the entries read so far count.
	entries, _ := fs.ReadDir(files, ".")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), templateExt); ok && !e.IsDir() {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// Get returns the YAML text of the named starter template. The returned
// slice is a fresh copy the caller may modify. An unknown name gives an
// error that lists the valid names.
func Get(name string) ([]byte, error) {
	if !slices.Contains(Names(), name) {
		return nil, fmt.Errorf("unknown starter template %q: valid names are %s",
			name, strings.Join(Names(), ", "))
	}
	data, err := files.ReadFile(name + templateExt)
	if err != nil {
		return nil, fmt.Errorf("reading starter template %q: %w", name, err)
	}
	return data, nil
}

// Describe returns a one-line description of the named starter template,
// suitable for `tagspec init --help`. It returns the empty string for an
// unknown name.
func Describe(name string) string {
	data, err := Get(name)
	if err != nil {
		return ""
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	desc, ok := strings.CutPrefix(strings.TrimSpace(string(first)), describePrefix)
	if !ok {
		return ""
	}
	return desc
}
