package templates

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Container is a Google Tag Manager container export file (Admin > Export
// Container), as GTM writes it and as Admin > Import Container reads it.
//
// Every struct keeps the members tagspec does not model in an Unknown
// field, so reading a container and writing it back loses nothing.
type Container struct {
	// ExportFormatVersion is kept verbatim: 2 for current exports, 1.3 for
	// files written before 2016.
	ExportFormatVersion jsontext.Value   `json:"exportFormatVersion,omitempty"`
	ExportTime          string           `json:"exportTime,omitempty"`
	Version             ContainerVersion `json:"containerVersion"`
	Unknown             jsontext.Value   `json:",unknown"`
}

// ContainerVersion is the containerVersion member: the container itself and
// all of its entities.
type ContainerVersion struct {
	Path               string            `json:"path,omitempty"`
	AccountID          string            `json:"accountId,omitempty"`
	ContainerID        string            `json:"containerId,omitempty"`
	ContainerVersionID string            `json:"containerVersionId,omitempty"`
	Name               string            `json:"name,omitempty"`
	Description        string            `json:"description,omitempty"`
	Container          ContainerInfo     `json:"container"`
	Tags               []Tag             `json:"tag,omitempty"`
	Triggers           []Trigger         `json:"trigger,omitempty"`
	Variables          []Variable        `json:"variable,omitempty"`
	Folders            []Folder          `json:"folder,omitempty"`
	BuiltInVariables   []BuiltInVariable `json:"builtInVariable,omitempty"`
	Fingerprint        string            `json:"fingerprint,omitempty"`
	TagManagerURL      string            `json:"tagManagerUrl,omitempty"`
	Unknown            jsontext.Value    `json:",unknown"`
}

// ContainerInfo describes the container a version belongs to.
type ContainerInfo struct {
	Path          string         `json:"path,omitempty"`
	AccountID     string         `json:"accountId,omitempty"`
	ContainerID   string         `json:"containerId,omitempty"`
	Name          string         `json:"name,omitempty"`
	PublicID      string         `json:"publicId,omitempty"`
	UsageContext  []string       `json:"usageContext,omitempty"`
	Fingerprint   string         `json:"fingerprint,omitempty"`
	TagManagerURL string         `json:"tagManagerUrl,omitempty"`
	Unknown       jsontext.Value `json:",unknown"`
}

// Tag is a GTM tag (a GA4 event tag, the Google tag, a Custom HTML tag, ...).
type Tag struct {
	AccountID         string           `json:"accountId,omitempty"`
	ContainerID       string           `json:"containerId,omitempty"`
	TagID             string           `json:"tagId,omitempty"`
	Name              string           `json:"name"`
	Type              string           `json:"type"`
	Notes             string           `json:"notes,omitempty"`
	Priority          *Parameter       `json:"priority,omitempty"`
	Parameter         []Parameter      `json:"parameter,omitempty"`
	Fingerprint       string           `json:"fingerprint,omitempty"`
	FiringTriggerID   []string         `json:"firingTriggerId,omitempty"`
	BlockingTriggerID []string         `json:"blockingTriggerId,omitempty"`
	ParentFolderID    string           `json:"parentFolderId,omitempty"`
	TagFiringOption   string           `json:"tagFiringOption,omitempty"`
	Monitoring        *Parameter       `json:"monitoringMetadata,omitempty"`
	ConsentSettings   *ConsentSettings `json:"consentSettings,omitempty"`
	Unknown           jsontext.Value   `json:",unknown"`
}

// ConsentSettings says which consent types a tag needs before it may fire.
type ConsentSettings struct {
	// ConsentStatus is NOT_SET, NOT_NEEDED or NEEDED.
	ConsentStatus string `json:"consentStatus,omitempty"`
	// ConsentType is a key-less LIST of TEMPLATE values such as analytics_storage.
	ConsentType *Parameter     `json:"consentType,omitempty"`
	Unknown     jsontext.Value `json:",unknown"`
}

// Trigger is a GTM trigger.
type Trigger struct {
	AccountID          string         `json:"accountId,omitempty"`
	ContainerID        string         `json:"containerId,omitempty"`
	TriggerID          string         `json:"triggerId,omitempty"`
	Name               string         `json:"name"`
	Type               string         `json:"type"`
	CustomEventFilter  []Condition    `json:"customEventFilter,omitempty"`
	Filter             []Condition    `json:"filter,omitempty"`
	AutoEventFilter    []Condition    `json:"autoEventFilter,omitempty"`
	WaitForTags        *Parameter     `json:"waitForTags,omitempty"`
	CheckValidation    *Parameter     `json:"checkValidation,omitempty"`
	WaitForTagsTimeout *Parameter     `json:"waitForTagsTimeout,omitempty"`
	UniqueTriggerID    *Parameter     `json:"uniqueTriggerId,omitempty"`
	EventName          *Parameter     `json:"eventName,omitempty"`
	Interval           *Parameter     `json:"interval,omitempty"`
	Limit              *Parameter     `json:"limit,omitempty"`
	Fingerprint        string         `json:"fingerprint,omitempty"`
	ParentFolderID     string         `json:"parentFolderId,omitempty"`
	Parameter          []Parameter    `json:"parameter,omitempty"`
	Notes              string         `json:"notes,omitempty"`
	Unknown            jsontext.Value `json:",unknown"`
}

// Condition is one condition of a trigger filter: a comparison type such as
// EQUALS or CSS_SELECTOR and its arg0/arg1 (plus ignore_case and negate).
type Condition struct {
	Type      string         `json:"type"`
	Parameter []Parameter    `json:"parameter,omitempty"`
	Unknown   jsontext.Value `json:",unknown"`
}

// Variable is a user-defined GTM variable.
type Variable struct {
	AccountID      string         `json:"accountId,omitempty"`
	ContainerID    string         `json:"containerId,omitempty"`
	VariableID     string         `json:"variableId,omitempty"`
	Name           string         `json:"name"`
	Type           string         `json:"type"`
	Notes          string         `json:"notes,omitempty"`
	Parameter      []Parameter    `json:"parameter,omitempty"`
	Fingerprint    string         `json:"fingerprint,omitempty"`
	ParentFolderID string         `json:"parentFolderId,omitempty"`
	Unknown        jsontext.Value `json:",unknown"`
}

// Folder groups tags, triggers and variables in the GTM web UI.
type Folder struct {
	AccountID   string         `json:"accountId,omitempty"`
	ContainerID string         `json:"containerId,omitempty"`
	FolderID    string         `json:"folderId,omitempty"`
	Name        string         `json:"name"`
	Fingerprint string         `json:"fingerprint,omitempty"`
	Notes       string         `json:"notes,omitempty"`
	Unknown     jsontext.Value `json:",unknown"`
}

// BuiltInVariable is an enabled built-in variable, such as
// {"type":"PAGE_PATH","name":"Page Path"}.
type BuiltInVariable struct {
	AccountID   string         `json:"accountId,omitempty"`
	ContainerID string         `json:"containerId,omitempty"`
	Type        string         `json:"type"`
	Name        string         `json:"name"`
	Unknown     jsontext.Value `json:",unknown"`
}

// Parameter is GTM's universal value: a TEMPLATE, BOOLEAN or INTEGER with a
// string Value, a LIST of key-less items or a MAP of keyed children.
type Parameter struct {
	Type    string         `json:"type"`
	Key     string         `json:"key,omitempty"`
	Value   string         `json:"value,omitempty"`
	List    []Parameter    `json:"list,omitempty"`
	Map     []Parameter    `json:"map,omitempty"`
	Unknown jsontext.Value `json:",unknown"`
}

// Param returns the parameter with the given key from params, or nil.
func Param(params []Parameter, key string) *Parameter {
	for i := range params {
		if params[i].Key == key {
			return &params[i]
		}
	}
	return nil
}

// ParamValue returns the value of the parameter with the given key, or "".
func ParamValue(params []Parameter, key string) string {
	if p := Param(params, key); p != nil {
		return p.Value
	}
	return ""
}

// Rows reads a LIST of MAP parameter (a GTM table such as
// eventSettingsTable) as rows of key/value pairs named by keyCol and valueCol.
func (p *Parameter) Rows(keyCol, valueCol string) [][2]string {
	if p == nil {
		return nil
	}
	rows := make([][2]string, 0, len(p.List))
	for _, item := range p.List {
		rows = append(rows, [2]string{ParamValue(item.Map, keyCol), ParamValue(item.Map, valueCol)})
	}
	return rows
}

// MaxContainerBytes is the largest container file tagspec reads: 512 MiB.
// GTM's own exports are a few megabytes at most (GTM will not publish a
// container past GTMSizeLimit), but tagspec generate gtm --allow-oversize
// writes about 11 KB of export per event, some 220 MB for a spec of
// 20,000 events, and every file tagspec writes must read back. The bound
// keeps a file that is not a container from taking all memory: reading a
// container takes about three times its size.
const MaxContainerBytes = 512 << 20

// MaxContainerDepth is how deeply a container file's JSON may nest
// (objects and arrays inside each other, the outermost object being
// level 1). GTM's own exports nest about ten levels.
const MaxContainerDepth = 64

// ReadContainerFile reads the container file name from r. It stops with
// an error as soon as r holds more than MaxContainerBytes, having read at
// most one byte past the bound.
func ReadContainerFile(name string, r io.Reader) ([]byte, error) {
	return readBounded(name, r, MaxContainerBytes)
}

// readBounded is ReadContainerFile with the bound as a parameter.
func readBounded(name string, r io.Reader, limit int) ([]byte, error) {
	var buf bytes.Buffer
	// A file says how large it is: one allocation, not a doubling buffer
	// that holds twice a large container for a moment.
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			buf.Grow(int(min(fi.Size(), int64(limit))) + 1)
		}
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, int64(limit)+1)); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if buf.Len() > limit {
		return nil, containerTooLarge(name, limit)
	}
	return buf.Bytes(), nil
}

func containerTooLarge(name string, limit int) error {
	return fmt.Errorf("%s: the file is larger than %d MiB (%d bytes), the largest container tagspec reads: is it a GTM container export?", name, limit>>20, limit)
}

// ParseContainer reads a container export file. A malformed file gives an
// error that names the line and column of the problem; a file larger than
// MaxContainerBytes or nested deeper than MaxContainerDepth is refused.
func ParseContainer(data []byte, filename string) (*Container, error) {
	if len(data) > MaxContainerBytes {
		return nil, containerTooLarge(filename, MaxContainerBytes)
	}
	if off := tooDeep(data, MaxContainerDepth); off >= 0 {
		line, col := lineCol(data, off)
		return nil, fmt.Errorf("%s:%d:%d: the container nests values more than %d levels deep, the most tagspec reads (GTM's own exports nest about 10): is it a GTM container export?", filename, line, col, MaxContainerDepth)
	}
	// Editors on Windows may add a UTF-8 byte order mark; GTM never writes one.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%s: empty file, expected a GTM container export (JSON)", filename)
	}
	if trimmed[0] != '{' {
		return nil, fmt.Errorf("%s:1:1: not a GTM container export: expected a JSON object", filename)
	}
	var c Container
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, describeJSONError(data, filename, err)
	}
	if c.ExportFormatVersion == nil && c.Version.Container.PublicID == "" && len(c.Version.Tags) == 0 &&
		len(c.Version.Triggers) == 0 && len(c.Version.Variables) == 0 {
		return nil, fmt.Errorf("%s: not a GTM container export: no exportFormatVersion and no containerVersion entities", filename)
	}
	return &c, nil
}

// describeJSONError turns a JSON decoding error into file:line:col: message.
func describeJSONError(data []byte, filename string, err error) error {
	var off int64 = -1
	var ptr string
	msg := err.Error()
	var syn *jsontext.SyntacticError
	var sem *json.SemanticError
	switch {
	case errors.As(err, &syn):
		off, ptr = syn.ByteOffset, string(syn.JSONPointer)
		if syn.Err != nil {
			msg = syn.Err.Error()
		}
	case errors.As(err, &sem):
		off, ptr = sem.ByteOffset, string(sem.JSONPointer)
		switch {
		case sem.GoType != nil && sem.JSONKind != 0:
			msg = fmt.Sprintf("cannot read JSON %s as %s", kindWord(sem.JSONKind), goTypeWord(sem.GoType.Kind().String()))
		case sem.Err != nil:
			msg = sem.Err.Error()
		}
	}
	where := filename
	if off >= 0 {
		line, col := lineCol(data, int(off))
		where = fmt.Sprintf("%s:%d:%d", filename, line, col)
	}
	if ptr != "" {
		return fmt.Errorf("%s: invalid container at %s: %s", where, ptr, msg)
	}
	return fmt.Errorf("%s: invalid container JSON: %s", where, msg)
}

// kindWord names a JSON kind in words.
func kindWord(k jsontext.Kind) string {
	switch k {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case '0':
		return "number"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "value"
}

func goTypeWord(kind string) string {
	switch kind {
	case "slice":
		return "array"
	case "struct", "map":
		return "object"
	}
	return kind
}

// tooDeep returns the offset of the first JSON object or array in data
// that opens more than max levels deep, or -1 when there is none. It reads
// data once, skipping strings; malformed JSON is left to the decoder.
func tooDeep(data []byte, max int) int {
	depth := 0
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			if depth++; depth > max {
				return i
			}
		case '}', ']':
			depth--
		}
	}
	return -1
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	col = off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// Marshal writes the container the way GTM exports it: four-space indent,
// raw UTF-8, '<' and '>' not escaped, a final newline.
func (c *Container) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	// About 8 KB per tag in generated containers; one allocation up front
	// keeps large containers from being copied as the buffer grows.
	buf.Grow(4096 + 8192*len(c.Version.Tags))
	if err := json.MarshalWrite(&buf, c, jsontext.WithIndent("    "), jsontext.EscapeForHTML(false), json.Deterministic(true)); err != nil {
		return nil, fmt.Errorf("writing container: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// legacyBuiltIns returns the enabledBuiltInVariable list of a format 1.3
// container (built-in types enabled in the container rather than listed
// in builtInVariable[]).
func legacyBuiltIns(c *Container) []string {
	if len(c.Version.Container.Unknown) == 0 {
		return nil
	}
	var legacy struct {
		Enabled []string `json:"enabledBuiltInVariable"`
	}
	if err := json.Unmarshal(c.Version.Container.Unknown, &legacy); err != nil {
		return nil
	}
	return legacy.Enabled
}
