package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// runCompare reads bench JSON reports given as NAME=FILE, drops the
// fields that say where the data came from (source, inputs), and compares
// every other report with the first one. It prints EQUAL, or every value
// that differs with its JSON path, and reports whether all were equal.
func runCompare(args []string, w io.Writer) (bool, error) {
	if len(args) < 2 {
		return false, fmt.Errorf("usage: bqcheck compare NAME=FILE NAME=FILE...")
	}
	type report struct {
		name string
		v    any
	}
	var reps []report
	for _, a := range args {
		name, path, ok := strings.Cut(a, "=")
		if !ok {
			return false, fmt.Errorf("%q: want NAME=FILE", a)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return false, err
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v map[string]any
		if err := dec.Decode(&v); err != nil {
			return false, fmt.Errorf("%s: %w", path, err)
		}
		delete(v, "source")
		delete(v, "inputs")
		reps = append(reps, report{name, v})
	}
	same := true
	for _, r := range reps[1:] {
		var diffs []string
		diffJSON("", reps[0].v, r.v, &diffs)
		if len(diffs) == 0 {
			continue
		}
		same = false
		fmt.Fprintf(w, "DIFFERENT: %s vs %s, %d difference(s):\n", reps[0].name, r.name, len(diffs))
		for _, d := range diffs {
			fmt.Fprintf(w, "  %s\n", d)
		}
	}
	if same {
		var names []string
		for _, r := range reps {
			names = append(names, r.name)
		}
		fmt.Fprintf(w, "EQUAL: %s (every field but source and inputs)\n", strings.Join(names, " = "))
	}
	return same, nil
}

// diffJSON appends "path: a != b" for every leaf that differs.
func diffJSON(path string, a, b any, out *[]string) {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			break
		}
		var keys []string
		for k := range x {
			keys = append(keys, k)
		}
		for k := range y {
			if _, ok := x[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			diffJSON(path+"."+k, x[k], y[k], out)
		}
		return
	case []any:
		y, ok := b.([]any)
		if !ok {
			break
		}
		for i := range max(len(x), len(y)) {
			var ea, eb any = "(absent)", "(absent)"
			if i < len(x) {
				ea = x[i]
			}
			if i < len(y) {
				eb = y[i]
			}
			diffJSON(fmt.Sprintf("%s[%d]", path, i), ea, eb, out)
		}
		return
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		*out = append(*out, fmt.Sprintf("%s: %s != %s", strings.TrimPrefix(path, "."), ja, jb))
	}
}
