package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxImplicitKey is the longest key YAML reads without explicit markers.
const maxImplicitKey = 1024

// yamlLineRE reads the line number the YAML parser puts in its errors.
var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns a YAML parser error into an *Error in tagspec's words.
// The parser says where it gave up, which is often a line or more after
// the mistake; yamlError looks at the text for the usual mistakes (a tab
// in the indentation, an unclosed quote or bracket, a missing colon, a line
// indented to no level, a value with ": " in it) and points at the
// mistake itself, with what to do about it.
func yamlError(filename string, data []byte, err error) error {
	if errors.Is(err, io.EOF) {
		return &Error{Pos: Pos{File: filename}, Message: "file has no YAML document"}
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if strings.HasPrefix(msg, "exceeded max depth") {
		// The YAML reader's own bound, far past MaxDepth: say it the
		// same way as the loader does.
		return &Error{Pos: Pos{File: filename, Line: line}, Message: nestingMessage}
	}
	lines := splitLines(data)
	if l, col, hint, ok := diagnoseYAML(lines, line, msg); ok {
		return &Error{Pos: Pos{File: filename, Line: l, Col: col}, Message: hint}
	}
	return &Error{Pos: Pos{File: filename, Line: line},
		Message: "this is not valid YAML: check the indentation (spaces, lined up under the key above), the colons after keys and the closing quotes and brackets near here"}
}

func splitLines(data []byte) []string {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return strings.Split(string(data), "\n")
}

// diagnoseYAML finds the mistake behind a parser error. line is the
// parser's 1-based line (0 when it gave none) and msg its complaint. It
// returns the 1-based line and column of the mistake and the message.
func diagnoseYAML(lines []string, line int, msg string) (int, int, string, bool) {
	// A tab in the indentation is always wrong, whatever the parser says.
	for i, l := range lines {
		for j := 0; j < len(l) && (l[j] == ' ' || l[j] == '\t'); j++ {
			if l[j] == '\t' && j+1 < len(l) && strings.TrimSpace(l) != "" && !strings.HasPrefix(strings.TrimSpace(l), "#") {
				return i + 1, j + 1, "a tab indents this line, and tabs cannot indent YAML: use spaces", true
			}
		}
	}
	// YAML reads a key without quotes or a "?" only up to 1024 characters.
	for i, l := range lines {
		if k, _, ok := strings.Cut(l, ": "); ok && len(k) > maxImplicitKey && !strings.ContainsAny(k, "{[") {
			ind := indentOf(k)
			return i + 1, ind + 1, fmt.Sprintf("this key is %d characters long, and YAML reads keys of up to %d: shorten it", utf8.RuneCountInString(k[ind:]), maxImplicitKey), true
		}
	}
	switch {
	case strings.Contains(msg, "unexpected end of stream") || strings.Contains(msg, "found unexpected end of stream"),
		strings.Contains(msg, "while scanning a quoted scalar"):
		if l, col, q, ok := unclosedQuote(lines, line); ok {
			return l, col, fmt.Sprintf("the quoted value that starts here is never closed: add the closing %s where the value ends", q), true
		}
	case strings.Contains(msg, "did not find expected ',' or ']'") || strings.Contains(msg, "did not find expected ',' or '}'"):
		if l, col, ok := unclosedQuoteAnywhere(lines); ok {
			return l, col, "the quoted value that starts here is never closed: add the closing quote where the value ends", true
		}
		if l, col, open, ok := unclosedBracket(lines); ok {
			if open == '[' {
				return l, col, `the list that starts here with "[" is never closed: add "]" after its last item`, true
			}
			return l, col, `the mapping that starts here with "{" is never closed: add "}" after its last entry`, true
		}
	case strings.Contains(msg, "could not find expected ':'"):
		if l, col, hint, ok := missingColon(lines, line); ok {
			return l, col, hint, true
		}
	}
	if l, col, hint, ok := badIndent(lines); ok {
		return l, col, hint, true
	}
	if strings.Contains(msg, "mapping values are not allowed") && line > 0 && line <= len(lines) {
		if col, key, value, ok := colonInValue(lines[line-1]); ok {
			return line, col, fmt.Sprintf("the value of %q contains \": \", which YAML reads as another key: put the value in quotes (%s: %q)", key, key, value), true
		}
	}
	if l, col, ok := unclosedQuoteAnywhere(lines); ok {
		return l, col, "the quoted value that starts here is never closed: add the closing quote where the value ends", true
	}
	return 0, 0, "", false
}

// content returns a line without its comment and trailing spaces, and
// whether anything is left.
func content(l string) (string, bool) {
	inQuote := byte(0)
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case inQuote != 0:
			if c == inQuote {
				inQuote = 0
			}
		case c == '"' || c == '\'':
			if i == 0 || strings.ContainsRune(" :[{,-", rune(l[i-1])) {
				inQuote = c
			}
		case c == '#' && (i == 0 || l[i-1] == ' '):
			l = l[:i]
		}
	}
	l = strings.TrimRight(l, " \t")
	return l, strings.TrimSpace(l) != ""
}

// openQuote returns the column (0-based) of a quote that opens a value on
// l and is not closed on the same line, or -1.
func openQuote(l string) (int, byte) {
	for i := 0; i < len(l); i++ {
		c := l[i]
		if c == '#' && (i == 0 || l[i-1] == ' ') {
			return -1, 0
		}
		if c != '"' && c != '\'' {
			continue
		}
		if i > 0 && !strings.ContainsRune(" [{,", rune(l[i-1])) {
			continue // a quote inside a plain value, such as don't
		}
		end := -1
		for j := i + 1; j < len(l); j++ {
			if l[j] == '\\' && c == '"' {
				j++
				continue
			}
			if l[j] == c {
				if c == '\'' && j+1 < len(l) && l[j+1] == '\'' {
					j++ // '' is an escaped quote
					continue
				}
				end = j
				break
			}
		}
		if end < 0 {
			return i, c
		}
		i = end
	}
	return -1, 0
}

func unclosedQuote(lines []string, line int) (int, int, string, bool) {
	if line > 0 && line <= len(lines) {
		if col, q := openQuote(lines[line-1]); col >= 0 {
			return line, col + 1, string(q), true
		}
	}
	if l, col, ok := unclosedQuoteAnywhere(lines); ok {
		_, q := openQuote(lines[l-1])
		return l, col, string(q), true
	}
	return 0, 0, "", false
}

// unclosedQuoteAnywhere finds the first line with a quote that is not
// closed on it. A spec's quoted values fit on one line, so that is the
// likely mistake.
func unclosedQuoteAnywhere(lines []string) (int, int, bool) {
	for i, l := range lines {
		if col, _ := openQuote(l); col >= 0 {
			return i + 1, col + 1, true
		}
	}
	return 0, 0, false
}

// unclosedBracket finds the first [ or { that is not closed, outside
// quotes and comments.
func unclosedBracket(lines []string) (int, int, byte, bool) {
	type open struct {
		line, col int
		c         byte
	}
	var stack []open
	for i, raw := range lines {
		l, _ := content(raw)
		inQuote := byte(0)
		for j := 0; j < len(l); j++ {
			c := l[j]
			switch {
			case inQuote != 0:
				if c == inQuote {
					inQuote = 0
				}
			case c == '"' || c == '\'':
				if j == 0 || strings.ContainsRune(" [{,", rune(l[j-1])) {
					inQuote = c
				}
			case c == '[' || c == '{':
				if j == 0 || strings.ContainsRune(" [{,:-", rune(l[j-1])) {
					stack = append(stack, open{i + 1, j + 1, c})
				}
			case (c == ']' || c == '}') && len(stack) > 0:
				stack = stack[:len(stack)-1]
			}
		}
		// A block key or list item at the left of a line cannot be inside
		// a flow collection: whatever is still open was never closed.
		if len(stack) > 0 && i+1 < len(lines) {
			next, ok := content(lines[i+1])
			if ok && indentOf(next) <= indentOf(lines[stack[0].line-1]) && (isBlockKey(next) || strings.HasPrefix(strings.TrimSpace(next), "- ")) {
				break
			}
		}
	}
	if len(stack) == 0 {
		return 0, 0, 0, false
	}
	o := stack[len(stack)-1]
	return o.line, o.col, o.c, true
}

var blockKeyRE = regexp.MustCompile(`^\s*(- +)?[A-Za-z0-9_.$-]+:( |$)`)

func isBlockKey(l string) bool { return blockKeyRE.MatchString(l) }

func indentOf(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }

var bareWordsRE = regexp.MustCompile(`^(\s*(?:- +)?)([A-Za-z_][A-Za-z0-9_]*)(?:( +)(.*))?$`)

// missingColon finds a line that is a key without its colon, at or before
// the parser's line.
func missingColon(lines []string, line int) (int, int, string, bool) {
	if line <= 0 || line > len(lines) {
		line = len(lines)
	}
	for i := line - 1; i >= 0; i-- {
		l, ok := content(lines[i])
		if !ok {
			continue
		}
		m := bareWordsRE.FindStringSubmatch(l)
		if m == nil || strings.Contains(l, ":") {
			if strings.Contains(l, ":") {
				return 0, 0, "", false // the nearest line has a colon: not this mistake
			}
			continue
		}
		key, value := m[2], m[4]
		col := len(m[1]) + len(key) + 1
		if value == "" {
			return i + 1, col, fmt.Sprintf("%q has no colon after it: write %q", key, key+":"), true
		}
		return i + 1, col, fmt.Sprintf("%q has no colon after it: write %q", key, key+": "+value), true
	}
	return 0, 0, "", false
}

// badIndent finds the first line indented to a column that no key or list
// item above it uses, where the line before does not open a block.
func badIndent(lines []string) (int, int, string, bool) {
	type level struct {
		col  int
		line int
		name string
	}
	levels := []level{{0, 0, ""}}
	dashes := map[int]int{} // column of a list item's dash -> its line
	opens := true           // the line before ends with ":" (or "-"), so deeper is fine
	blockScalar := -1
	for i, raw := range lines {
		l, ok := content(raw)
		if !ok {
			continue
		}
		ind := indentOf(l)
		if blockScalar >= 0 {
			if ind > blockScalar {
				continue
			}
			blockScalar = -1
		}
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, "---") || strings.HasPrefix(trimmed, "...") {
			continue
		}
		var popped []level
		for len(levels) > 1 && levels[len(levels)-1].col > ind {
			popped = append(popped, levels[len(levels)-1])
			levels = levels[:len(levels)-1]
		}
		top := levels[len(levels)-1]
		switch {
		case ind == top.col:
		case ind > top.col && opens:
			levels = append(levels, level{ind, i + 1, keyName(trimmed)})
		default:
			want := top
			if len(popped) > 0 {
				want = popped[len(popped)-1]
			}
			if ind > top.col && len(popped) == 0 {
				want = top
			}
			like := ""
			if want.line > 0 {
				like = fmt.Sprintf(", like %q on line %d", want.name, want.line)
			}
			if strings.HasPrefix(trimmed, "-") {
				// A list item lines up with the items before it.
				best := -1
				for col, at := range dashes {
					if best < 0 || abs(col-ind) < abs(best-ind) || (abs(col-ind) == abs(best-ind) && col < best) {
						best = col
						like = fmt.Sprintf(", like the list item on line %d", at)
					}
				}
				if best >= 0 {
					want.col = best
				}
			}
			fix := "indent it " + spaces(want.col)
			if want.col == 0 {
				fix = "remove its indentation"
			}
			if len(trimmed) > 1 && trimmed[0] == '-' && trimmed[1] != ' ' {
				like += `, with a space after "-"`
			}
			return i + 1, ind + 1, fmt.Sprintf("this line is indented %s, which lines it up with nothing above it: %s%s",
				spaces(ind), fix, like), true
		}
		// A list item's content is a level of its own: "- name: a" puts
		// "name" two columns right of the dash.
		rest := trimmed
		col := ind
		if strings.HasPrefix(rest, "- ") || rest == "-" {
			dashes[ind] = i + 1
		}
		// Every level a line of dashes opens has the same name, the key
		// after the last dash: read it once, not once per dash (which
		// grew with the square of the dashes on a line).
		name := ""
		if rest != "" {
			name = keyName(rest)
		}
		for strings.HasPrefix(rest, "- ") || rest == "-" {
			after := strings.TrimLeft(strings.TrimPrefix(rest, "-"), " ")
			col += len(rest) - len(after)
			rest = after
			if rest != "" {
				levels = append(levels, level{col, i + 1, name})
			}
		}
		if strings.HasPrefix(rest, "[") || strings.HasPrefix(rest, "{") {
			return 0, 0, "", false // flow collections over several lines: leave them to the other checks
		}
		if _, v, ok := strings.Cut(rest, ": "); ok && (strings.HasPrefix(strings.TrimSpace(v), "[") || strings.HasPrefix(strings.TrimSpace(v), "{")) {
			if strings.Count(v, "[")+strings.Count(v, "{") != strings.Count(v, "]")+strings.Count(v, "}") {
				return 0, 0, "", false
			}
		}
		opens = strings.HasSuffix(rest, ":") || rest == "" || strings.HasSuffix(trimmed, "-")
		if v := rest[strings.LastIndex(rest, " ")+1:]; strings.HasSuffix(rest, ": "+v) && strings.Trim(v, "|>-+0123456789") == "" && v != "" {
			blockScalar = ind
		}
	}
	return 0, 0, "", false
}

// keyName is the key a line starts with, or the line itself.
func keyName(l string) string {
	l = strings.TrimLeft(l, "- ")
	if k, _, ok := strings.Cut(l, ":"); ok {
		return k
	}
	return l
}

var keyValueRE = regexp.MustCompile(`^\s*(?:- +)?([A-Za-z0-9_.-]+): +(.*)$`)

// colonInValue finds a plain value that contains ": ", which YAML reads
// as a nested key. It returns the column of the value, the key and the
// value.
func colonInValue(l string) (int, string, string, bool) {
	l, _ = content(l)
	m := keyValueRE.FindStringSubmatchIndex(l)
	if m == nil {
		return 0, "", "", false
	}
	key, value := l[m[2]:m[3]], l[m[4]:m[5]]
	if !strings.Contains(value, ": ") || strings.HasPrefix(value, "\"") || strings.HasPrefix(value, "'") || strings.HasPrefix(value, "{") {
		return 0, "", "", false
	}
	return m[4] + 1, key, value, true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func spaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return fmt.Sprintf("%d spaces", n)
}
