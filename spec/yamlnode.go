package spec

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// document is the parsed YAML behind a Spec: it keeps every node's
// position so that a JSON pointer can be turned back into file:line:col.
type document struct {
	file string
	root *yaml.Node // the top-level mapping
	// keys indexes the mappings with many keys (key -> position of the
	// key in Content), so that placing a finding under each of n keys
	// costs n lookups, not n scans of the mapping. Built by newDocument;
	// read-only afterwards, so a Spec is safe for concurrent reads.
	keys map[*yaml.Node]map[string]int
}

// indexFrom is the number of keys from which a mapping is indexed; below
// it a scan is as quick as a map lookup.
const indexFrom = 16

// newDocument returns the document of file with the top-level mapping
// root, indexing every mapping of indexFrom keys or more.
func newDocument(file string, root *yaml.Node) *document {
	d := &document{file: file, root: root}
	d.indexMappings(root, 0)
	return d
}

func (d *document) indexMappings(n *yaml.Node, depth int) {
	if n == nil || depth > maxDepth {
		return
	}
	if n.Kind == yaml.MappingNode && len(n.Content) >= 2*indexFrom {
		idx := make(map[string]int, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			if _, dup := idx[n.Content[i].Value]; !dup {
				idx[n.Content[i].Value] = i // the first, as mappingGet finds
			}
		}
		if d.keys == nil {
			d.keys = make(map[*yaml.Node]map[string]int)
		}
		d.keys[n] = idx
	}
	for _, c := range n.Content {
		d.indexMappings(c, depth+1)
	}
}

// get is mappingGet through the index of large mappings.
func (d *document) get(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = deref(m)
	if idx, ok := d.keys[m]; ok {
		i, found := idx[key]
		if !found {
			return nil, nil
		}
		return m.Content[i], m.Content[i+1]
	}
	return mappingGet(m, key)
}

// MaxAliasValues is the most values a spec's aliases (*name) may repeat
// in total, however large the file: a small file cannot expand into an
// enormous value (the "billion laughs" shape). Below it, the values
// aliases repeat may be at most [AliasRatio] times the values the file
// writes out itself, plus [AliasAllowance], so that the work of loading a
// spec grows in step with the file's size.
const MaxAliasValues = 1_000_000

// AliasRatio and AliasAllowance set how many values a spec's aliases may
// repeat compared with the values the file writes out: at most
// AliasRatio times as many, plus AliasAllowance (and never more than
// [MaxAliasValues]). Real specs that share a parameter block between
// events stay far below it.
const (
	AliasRatio     = 10
	AliasAllowance = 10_000
)

// MaxDepth is how deeply a spec's values may nest (a mapping inside a
// list inside a mapping, ...); the top level is depth 0. Real specs need
// fewer than ten levels; the bound also stops an alias used inside itself.
const MaxDepth = 200

// maxDepth is MaxDepth under the name the loader's walks use.
const maxDepth = MaxDepth

var nestingMessage = fmt.Sprintf("values are nested more than %d levels deep, the most a spec may nest (is an alias used inside itself?)", MaxDepth)

// Position returns the position of the value at the JSON pointer ptr
// (for example "/events/3/name"). When ptr does not resolve completely, it
// returns the position of the deepest node that does.
func (s *Spec) Position(ptr string) Pos {
	if s == nil || s.doc == nil {
		return Pos{}
	}
	_, val := s.doc.locate(ptr)
	return s.doc.pos(val)
}

// KeyPosition returns the position of the mapping key at the JSON pointer ptr
// (for example "/events/3/params/email" points at the "email" key). For a
// sequence element it returns the element's position.
func (s *Spec) KeyPosition(ptr string) Pos {
	if s == nil || s.doc == nil {
		return Pos{}
	}
	key, val := s.doc.locate(ptr)
	if key != nil {
		return s.doc.pos(key)
	}
	return s.doc.pos(val)
}

// Len returns the number of elements of the list, or of keys of the
// mapping, at the JSON pointer ptr. ok is false when the file has no list
// or mapping there (an absent key, a scalar, an empty value, or a spec
// built in Go code).
func (s *Spec) Len(ptr string) (n int, ok bool) {
	if s == nil || s.doc == nil {
		return 0, false
	}
	val := s.doc.root
	if ptr != "" && ptr != "/" {
		for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
			tok = unescapePointer(tok)
			switch m := deref(val); m.Kind {
			case yaml.MappingNode:
				if _, val = s.doc.get(m, tok); val == nil {
					return 0, false
				}
			case yaml.SequenceNode:
				i, err := strconv.Atoi(tok)
				if err != nil || i < 0 || i >= len(m.Content) {
					return 0, false
				}
				val = m.Content[i]
			default:
				return 0, false
			}
		}
	}
	switch v := deref(val); {
	case v == nil:
		return 0, false
	case v.Kind == yaml.SequenceNode:
		return len(v.Content), true
	case v.Kind == yaml.MappingNode:
		return len(v.Content) / 2, true
	}
	return 0, false
}

func (d *document) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: d.file}
	}
	return Pos{File: d.file, Line: n.Line, Col: n.Column}
}

// locate walks ptr from the root and returns the key node (nil for sequence
// elements and the root) and the value node of the deepest element reached.
func (d *document) locate(ptr string) (key, val *yaml.Node) {
	val = d.root
	if ptr == "" || ptr == "/" {
		return nil, val
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		n := deref(val)
		switch n.Kind {
		case yaml.MappingNode:
			k, v := d.get(n, tok)
			if v == nil {
				return key, val
			}
			key, val = k, v
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Content) {
				return key, val
			}
			key, val = nil, n.Content[i]
		default:
			return key, val
		}
	}
	return key, val
}

// deref follows alias nodes to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}

// mappingGet returns the key and value nodes of key in mapping m.
func mappingGet(m *yaml.Node, key string) (k, v *yaml.Node) {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// mappingPairs calls fn for each key/value pair of mapping m, in order.
func mappingPairs(m *yaml.Node, fn func(k, v *yaml.Node)) {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		fn(m.Content[i], m.Content[i+1])
	}
}

// toValue converts a YAML node into the JSON data model that the schema
// validator works on: map[string]any, []any, string, json.Number, float64,
// bool and nil.
//
// It counts the values it reaches through aliases and stops at
// aliasLimit, which newConverter sets from the values the file writes out.
type converter struct {
	inAlias    int // how many aliases the value being converted is inside
	aliased    int // values converted while inside an alias
	aliasLimit int
}

// newConverter returns a converter for the document under root, with
// the alias limit that [MaxAliasValues], [AliasRatio] and
// [AliasAllowance] give for it.
func newConverter(root *yaml.Node) *converter {
	return &converter{aliasLimit: aliasLimit(writtenValues(root, 0))}
}

// aliasLimit is how many values aliases may repeat in a file that writes
// out written values itself.
func aliasLimit(written int) int {
	return min(MaxAliasValues, AliasRatio*written+AliasAllowance)
}

// writtenValues counts the values written out under n: every mapping,
// list, scalar and alias except mapping keys, without following aliases.
func writtenValues(n *yaml.Node, depth int) int {
	if n == nil || depth > maxDepth {
		return 0
	}
	count := 1
	switch n.Kind {
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			count += writtenValues(n.Content[i], depth+1)
		}
	case yaml.SequenceNode, yaml.DocumentNode:
		for _, c := range n.Content {
			count += writtenValues(c, depth+1)
		}
	}
	return count
}

// nodeError is a problem the converter found at a node's position.
type nodeError struct {
	line, col int
	msg       string
}

func (e *nodeError) Error() string { return fmt.Sprintf("line %d column %d: %s", e.line, e.col, e.msg) }

func errorAt(n *yaml.Node, format string, args ...any) error {
	return &nodeError{line: n.Line, col: n.Column, msg: fmt.Sprintf(format, args...)}
}

func (c *converter) value(n *yaml.Node, depth int) (any, error) {
	if depth > maxDepth {
		return nil, errorAt(n, "%s", nestingMessage)
	}
	if c.inAlias > 0 {
		c.aliased++
		if c.aliased > c.aliasLimit {
			return nil, errorAt(n, "the aliases (*name) in this file copy in more than %d values, the most a spec of its size may copy (%d times the values the file writes out, plus %d, and never more than %d): write the repeated part out, or use fewer aliases", c.aliasLimit, AliasRatio, AliasAllowance, MaxAliasValues)
		}
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, errorAt(n, "unknown alias")
		}
		c.inAlias++
		v, err := c.value(n.Alias, depth+1)
		c.inAlias--
		return v, err
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.value(n.Content[0], depth+1)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Tag == "!!merge" {
				merged, err := c.value(v, depth+1)
				if err != nil {
					return nil, err
				}
				if mm, ok := merged.(map[string]any); ok {
					for mk, mv := range mm {
						if _, exists := m[mk]; !exists {
							m[mk] = mv
						}
					}
				}
				continue
			}
			if k.Kind != yaml.ScalarNode {
				return nil, errorAt(k, "a mapping key must be a plain value, not a %s", kindName(k))
			}
			val, err := c.value(v, depth+1)
			if err != nil {
				return nil, err
			}
			m[k.Value] = val
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, e := range n.Content {
			val, err := c.value(e, depth+1)
			if err != nil {
				return nil, err
			}
			s = append(s, val)
		}
		return s, nil
	case yaml.ScalarNode:
		return scalarValue(n), nil
	}
	return nil, errorAt(n, "unsupported YAML node")
}

func scalarValue(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return json.Number(strconv.FormatInt(i, 10))
		}
		var u uint64
		if n.Decode(&u) == nil {
			return json.Number(strconv.FormatUint(u, 10))
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	}
	return n.Value
}

func kindName(n *yaml.Node) string {
	switch deref(n).Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "null"
		case "!!bool":
			return "boolean"
		case "!!int", "!!float":
			return "number"
		}
		return "string"
	}
	return "value"
}

// checkDuplicateKeys returns an error for the first mapping key that appears
// twice in one mapping, naming both positions.
func checkDuplicateKeys(file string, n *yaml.Node, depth int) error {
	if n == nil || depth > maxDepth {
		return nil
	}
	if n.Kind == yaml.MappingNode {
		seen := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind == yaml.ScalarNode && k.Tag != "!!merge" {
				if first, ok := seen[k.Value]; ok {
					return &Error{Pos: Pos{File: file, Line: k.Line, Col: k.Column},
						Message: fmt.Sprintf("duplicate key %q (first defined at line %d, column %d)", k.Value, first.Line, first.Column)}
				}
				seen[k.Value] = k
			}
		}
	}
	for _, c := range n.Content {
		if err := checkDuplicateKeys(file, c, depth+1); err != nil {
			return err
		}
	}
	return nil
}
