package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/tagspec/tagspec/diag"
)

// Error is a spec that cannot be read at all: a missing file, a directory,
// an empty file, broken YAML or a duplicate key. It carries the position of
// the problem where one is known.
type Error struct {
	Pos     Pos
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Pos, e.Message)
}

// MaxFileSize is the largest spec file Load reads: 32 MiB, hundreds of
// times the size of the largest real tracking plan.
const MaxFileSize = 32 << 20

// Load reads and checks the spec at path. It returns an *Error when the file
// cannot be read as a spec at all; otherwise it returns the spec together
// with the diagnostics of the schema and of the loader's own rules (which do
// not stop loading: as much of the spec as is well-formed is returned).
func Load(path string) (*Spec, []Diagnostic, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, &Error{Pos: Pos{File: path}, Message: "no such file"}
	case err != nil:
		return nil, nil, &Error{Pos: Pos{File: path}, Message: err.Error()}
	case info.IsDir():
		return nil, nil, &Error{Pos: Pos{File: path}, Message: "is a directory, not a spec file"}
	case info.Size() > MaxFileSize:
		return nil, nil, tooLarge(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, &Error{Pos: Pos{File: path}, Message: err.Error()}
	}
	defer f.Close()
	// The size can change between Stat and reading, and a named pipe has
	// none: readSpec holds the bound itself.
	data, err := readSpec(path, f)
	if err != nil {
		return nil, nil, err
	}
	return Parse(path, data)
}

// readSpec reads the spec file name from r, and stops with an *Error as
// soon as r holds more than MaxFileSize bytes: it reads at most one byte
// past the bound.
func readSpec(name string, r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, &Error{Pos: Pos{File: name}, Message: err.Error()}
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(name)
	}
	return data, nil
}

func tooLarge(name string) *Error {
	return &Error{Pos: Pos{File: name}, Message: fmt.Sprintf("the file is larger than %d MiB (%d bytes), the largest spec tagspec reads: is it the right file?", MaxFileSize>>20, MaxFileSize)}
}

// Parse reads a spec from data; filename is used in positions. See Load.
func Parse(filename string, data []byte) (*Spec, []Diagnostic, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, &Error{Pos: Pos{File: filename}, Message: "file is empty: a spec needs at least `version: 1` and `events:`"}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docNode yaml.Node
	if err := decodeYAML(dec, &docNode); err != nil {
		return nil, nil, yamlError(filename, data, err)
	}
	var extra yaml.Node
	if err := decodeYAML(dec, &extra); err == nil {
		return nil, nil, &Error{Pos: Pos{File: filename, Line: extra.Line, Col: extra.Column}, Message: "more than one YAML document: a spec file holds exactly one"}
	}
	if docNode.Kind != yaml.DocumentNode || len(docNode.Content) == 0 || docNode.Content[0].ShortTag() == "!!null" {
		return nil, nil, &Error{Pos: Pos{File: filename}, Message: "file has no content: a spec needs at least `version: 1` and `events:`"}
	}
	root := docNode.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, nil, &Error{Pos: Pos{File: filename, Line: root.Line, Col: root.Column},
			Message: fmt.Sprintf("the top level of a spec must be a mapping (version:, events:, ...), not a %s", kindName(root))}
	}
	if err := checkDuplicateKeys(filename, root, 0); err != nil {
		return nil, nil, err
	}
	value, err := newConverter(root).value(root, 0)
	if err != nil {
		if ne, ok := err.(*nodeError); ok {
			return nil, nil, &Error{Pos: Pos{File: filename, Line: ne.line, Col: ne.col}, Message: ne.msg}
		}
		return nil, nil, &Error{Pos: Pos{File: filename}, Message: err.Error()}
	}
	doc := newDocument(filename, root)
	s := &Spec{File: filename, doc: doc}
	diags := validateSchema(doc, value)
	decodeSpec(s, root)
	diags = append(diags, checkReferences(s)...)
	return s, diag.Sort(diags), nil
}

// decodeYAML decodes one document, turning a panic inside the YAML library
// into an error so that no input can crash the loader.
func decodeYAML(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return dec.Decode(n)
}
