package gtmapi

import (
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/go-json-experiment/json"

	"github.com/tagspec/tagspec/templates"
)

// Action is what a change does to one entity.
type Action string

// The three actions of a plan.
const (
	Create Action = "create"
	Update Action = "update"
	Delete Action = "delete"
)

// Kind names an entity type as the plan prints it.
type Kind string

// The entity types push writes, in the order it creates them.
const (
	KindFolder   Kind = "folder"
	KindBuiltIn  Kind = "built-in variable"
	KindVariable Kind = "variable"
	KindTrigger  Kind = "trigger"
	KindTag      Kind = "tag"
)

// Change is one write of a plan.
type Change struct {
	Action Action
	Kind   Kind
	// Name is the entity's name (the type, such as PAGE_URL, for a
	// built-in variable).
	Name string
	// Path and Fingerprint identify the workspace entity an update or
	// delete writes, as the plan read it.
	Path, Fingerprint string
	// Fields lists the members an update changes.
	Fields []string

	tag      *templates.Tag
	trigger  *templates.Trigger
	variable *templates.Variable
	folder   *templates.Folder
}

// Plan is what push will write to a workspace so that the entities
// tagspec owns match the generated container.
type Plan struct {
	// Workspace is the workspace's path.
	Workspace string
	// Changes are in the order Apply makes them: creates and updates of
	// folders, built-in variables, variables, triggers and tags (so every
	// reference exists before it is used), then deletes of tags,
	// triggers, variables and folders (so nothing is removed while a
	// remaining entity still refers to it).
	Changes []Change
	// Unchanged counts owned entities that already match.
	Unchanged int
	// Foreign counts workspace entities tagspec does not own and leaves alone.
	Foreign int

	// IDs of the workspace's triggers and folders by name, filled in as
	// Apply creates them; and the generated container's names by ID.
	wsTrigger, wsFolder   map[string]string
	genTrigger, genFolder map[string]string
}

// Empty reports whether the plan writes nothing.
func (p *Plan) Empty() bool { return len(p.Changes) == 0 }

// Count returns how many changes have the action.
func (p *Plan) Count(a Action) int {
	n := 0
	for _, c := range p.Changes {
		if c.Action == a {
			n++
		}
	}
	return n
}

// Owned reports whether an entity's notes carry tagspec's ownership line.
func Owned(notes string) bool {
	for line := range strings.SplitSeq(notes, "\n") {
		if strings.TrimSpace(line) == templates.ManagedMarker {
			return true
		}
	}
	return false
}

// markNotes puts the ownership line first in notes.
func markNotes(notes string) string {
	if Owned(notes) {
		return notes
	}
	if notes == "" {
		return templates.ManagedMarker
	}
	return templates.ManagedMarker + "\n" + notes
}

// ErrNameTaken is wrapped by the error ComputePlan returns when the
// workspace has an entity tagspec does not own under a name it needs.
var ErrNameTaken = errors.New("name taken by an entity tagspec does not own")

// ComputePlan compares the workspace with the container generated from
// the spec and returns the changes that make tagspec's entities match.
// Entities without the ownership line are counted and left alone; when
// one of them has a name the container needs, ComputePlan returns an
// error naming every such entity rather than touch or shadow it.
func ComputePlan(ws *Workspace, want *templates.Container) (*Plan, error) {
	ws = ws.withoutNils()
	v := &want.Version
	p := &Plan{
		Workspace:  ws.Path,
		wsTrigger:  map[string]string{},
		wsFolder:   map[string]string{},
		genTrigger: map[string]string{},
		genFolder:  map[string]string{},
	}
	wsTriggerName := map[string]string{}
	wsFolderName := map[string]string{}
	for _, t := range ws.Triggers {
		wsTriggerName[t.TriggerId] = t.Name
	}
	for _, f := range ws.Folders {
		wsFolderName[f.FolderId] = f.Name
	}
	for _, t := range v.Triggers {
		p.genTrigger[t.TriggerID] = t.Name
	}
	for _, f := range v.Folders {
		p.genFolder[f.FolderID] = f.Name
	}
	var taken []string
	var deletes []Change

	// diffKind plans one entity type from the workspace's entities of
	// that type and the wanted names with their canonical forms.
	diffKind := func(kind Kind, curs []current, wants []string, wantCanon []map[string]any, mk func(i int) Change) {
		byName := map[string][]current{}
		for _, c := range curs {
			byName[c.name] = append(byName[c.name], c)
		}
		wanted := map[string]bool{}
		for i, name := range wants {
			wanted[name] = true
			var owned *current
			for j, c := range byName[name] {
				if Owned(c.notes) {
					if owned == nil {
						owned = &byName[name][j]
					}
				} else {
					taken = append(taken, fmt.Sprintf("%s %q (%s)", kind, name, c.path))
				}
			}
			ch := mk(i)
			ch.Kind, ch.Name = kind, name
			if owned == nil {
				ch.Action = Create
				p.Changes = append(p.Changes, ch)
				continue
			}
			if fields := changedFields(owned.canon, wantCanon[i]); len(fields) > 0 {
				ch.Action, ch.Path, ch.Fingerprint, ch.Fields = Update, owned.path, owned.fp, fields
				p.Changes = append(p.Changes, ch)
			} else {
				p.Unchanged++
			}
		}
		for _, c := range curs {
			if !Owned(c.notes) {
				if !wanted[c.name] {
					p.Foreign++
				}
				continue
			}
			// Owned but no longer generated, or a second owned entity of
			// the same name: delete it.
			if wanted[c.name] && firstOwned(byName[c.name]) == c.path {
				continue
			}
			deletes = append(deletes, Change{Action: Delete, Kind: kind, Name: c.name, Path: c.path, Fingerprint: c.fp})
		}
	}
	// Folders.
	var curs []current
	for _, f := range ws.Folders {
		ef, err := folderFromAPI(f)
		if err != nil {
			return nil, err
		}
		curs = append(curs, current{name: f.Name, notes: f.Notes, path: f.Path, fp: f.Fingerprint, id: f.FolderId, canon: canonFolder(ef)})
		if Owned(f.Notes) {
			p.wsFolder[f.Name] = f.FolderId
		}
	}
	var names []string
	var canons []map[string]any
	folders := make([]templates.Folder, len(v.Folders))
	for i, f := range v.Folders {
		f.Notes = markNotes(f.Notes)
		folders[i] = f
		names = append(names, f.Name)
		canons = append(canons, canonFolder(f))
	}
	diffKind(KindFolder, curs, names, canons, func(i int) Change { return Change{folder: &folders[i]} })

	// Built-in variables: enabled when missing, never disabled (tagspec
	// cannot tell which of them people rely on).
	enabled := map[string]bool{}
	for _, b := range ws.BuiltIns {
		enabled[exportEnum(b.Type)] = true
	}
	for _, b := range v.BuiltInVariables {
		if enabled[b.Type] {
			p.Unchanged++
			continue
		}
		p.Changes = append(p.Changes, Change{Action: Create, Kind: KindBuiltIn, Name: b.Type})
	}

	// Variables.
	curs, names, canons = nil, nil, nil
	for _, x := range ws.Variables {
		ev, err := variableFromAPI(x)
		if err != nil {
			return nil, err
		}
		curs = append(curs, current{name: x.Name, notes: x.Notes, path: x.Path, fp: x.Fingerprint, id: x.VariableId, canon: canonVariable(ev, wsFolderName)})
	}
	vars := make([]templates.Variable, len(v.Variables))
	for i, x := range v.Variables {
		x.Notes = markNotes(x.Notes)
		vars[i] = x
		names = append(names, x.Name)
		canons = append(canons, canonVariable(x, p.genFolder))
	}
	diffKind(KindVariable, curs, names, canons, func(i int) Change { return Change{variable: &vars[i]} })

	// Triggers.
	curs, names, canons = nil, nil, nil
	for _, x := range ws.Triggers {
		et, err := triggerFromAPI(x)
		if err != nil {
			return nil, err
		}
		curs = append(curs, current{name: x.Name, notes: x.Notes, path: x.Path, fp: x.Fingerprint, id: x.TriggerId, canon: canonTrigger(et, wsFolderName)})
		if Owned(x.Notes) {
			p.wsTrigger[x.Name] = x.TriggerId
		}
	}
	trigs := make([]templates.Trigger, len(v.Triggers))
	for i, x := range v.Triggers {
		x.Notes = markNotes(x.Notes)
		trigs[i] = x
		names = append(names, x.Name)
		canons = append(canons, canonTrigger(x, p.genFolder))
	}
	diffKind(KindTrigger, curs, names, canons, func(i int) Change { return Change{trigger: &trigs[i]} })

	// Tags.
	curs, names, canons = nil, nil, nil
	for _, x := range ws.Tags {
		et, err := tagFromAPI(x)
		if err != nil {
			return nil, err
		}
		curs = append(curs, current{name: x.Name, notes: x.Notes, path: x.Path, fp: x.Fingerprint, id: x.TagId, canon: canonTag(et, wsTriggerName, wsFolderName)})
	}
	tags := make([]templates.Tag, len(v.Tags))
	for i, x := range v.Tags {
		x.Notes = markNotes(x.Notes)
		tags[i] = x
		names = append(names, x.Name)
		canons = append(canons, canonTag(x, p.genTrigger, p.genFolder))
	}
	diffKind(KindTag, curs, names, canons, func(i int) Change { return Change{tag: &tags[i]} })

	if len(taken) > 0 {
		return nil, fmt.Errorf("%w: the workspace already has %s; tagspec creates entities under these names but only writes entities whose notes have the line %q: rename or delete them in GTM, or add that line to their notes to hand them to tagspec",
			ErrNameTaken, strings.Join(taken, ", "), templates.ManagedMarker)
	}
	order := map[Kind]int{KindTag: 0, KindTrigger: 1, KindVariable: 2, KindFolder: 3}
	slices.SortStableFunc(deletes, func(a, b Change) int {
		if d := order[a.Kind] - order[b.Kind]; d != 0 {
			return d
		}
		return strings.Compare(a.Name, b.Name)
	})
	p.Changes = append(p.Changes, deletes...)
	return p, nil
}

// firstOwned is the path of the first owned entity in cs: the one push
// keeps when a name is owned twice.
func firstOwned(cs []current) string {
	for _, c := range cs {
		if Owned(c.notes) {
			return c.path
		}
	}
	return ""
}

// current is one workspace entity as the plan compares it.
type current struct {
	name, notes, path, fp, id string
	canon                     map[string]any
}

// ids that are the workspace's, not the entity's content.
var idMembers = []string{"accountId", "containerId", "tagId", "triggerId", "variableId", "folderId", "fingerprint", "path", "workspaceId", "tagManagerUrl"}

// canon turns an entity in export form into a map of its members
// without IDs and fingerprints, for comparison.
func canon(v any) map[string]any {
	data, err := json.Marshal(v, json.Deterministic(true))
	if err != nil {
		return map[string]any{"unreadable": err.Error()}
	}
	m := map[string]any{}
	if err := stdjson.Unmarshal(data, &m); err != nil {
		return map[string]any{"unreadable": err.Error()}
	}
	for _, k := range idMembers {
		delete(m, k)
	}
	return m
}

// nameOf replaces an ID by its entity's name; built-in trigger IDs and
// unknown IDs stay as they are.
func nameOf(names map[string]string, id string) string {
	if n, ok := names[id]; ok {
		return "name:" + n
	}
	return id
}

func canonFolder(f templates.Folder) map[string]any { return canon(&f) }

func canonVariable(v templates.Variable, folders map[string]string) map[string]any {
	if v.ParentFolderID != "" {
		v.ParentFolderID = nameOf(folders, v.ParentFolderID)
	}
	return canon(&v)
}

func canonTrigger(t templates.Trigger, folders map[string]string) map[string]any {
	if t.ParentFolderID != "" {
		t.ParentFolderID = nameOf(folders, t.ParentFolderID)
	}
	return canon(&t)
}

func canonTag(t templates.Tag, triggers, folders map[string]string) map[string]any {
	if t.ParentFolderID != "" {
		t.ParentFolderID = nameOf(folders, t.ParentFolderID)
	}
	t.FiringTriggerID = mapIDs(t.FiringTriggerID, triggers)
	t.BlockingTriggerID = mapIDs(t.BlockingTriggerID, triggers)
	return canon(&t)
}

func mapIDs(ids []string, names map[string]string) []string {
	if ids == nil {
		return nil
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = nameOf(names, id)
	}
	return out
}

// changedFields lists, sorted, the members that differ.
func changedFields(cur, want map[string]any) []string {
	var out []string
	for k, w := range want {
		if !reflect.DeepEqual(cur[k], w) {
			out = append(out, k)
		}
	}
	for k := range cur {
		if _, ok := want[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// Write prints the plan for people:
//
//   - trigger "tagspec - sign_up"
//     ~ tag "GA4 - sign_up" (parameter)
//   - tag "GA4 - old_event"
func (p *Plan) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "plan for %s:\n", p.Workspace)
	for _, c := range p.Changes {
		sign := map[Action]string{Create: "+", Update: "~", Delete: "-"}[c.Action]
		fmt.Fprintf(&b, "  %s %s %q", sign, c.Kind, c.Name)
		if len(c.Fields) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(c.Fields, ", "))
		}
		b.WriteByte('\n')
	}
	if p.Empty() {
		b.WriteString("  no changes: the workspace matches the spec\n")
	}
	fmt.Fprintf(&b, "%d to create, %d to update, %d to delete; %d unchanged; %d not owned by tagspec, left alone\n",
		p.Count(Create), p.Count(Update), p.Count(Delete), p.Unchanged, p.Foreign)
	_, err := io.WriteString(w, b.String())
	return err
}

// withoutNils returns the workspace without null list entries, which a
// list response may hold and which name no entity.
func (ws *Workspace) withoutNils() *Workspace {
	return &Workspace{Path: ws.Path, Tags: nonNil(ws.Tags), Triggers: nonNil(ws.Triggers),
		Variables: nonNil(ws.Variables), Folders: nonNil(ws.Folders), BuiltIns: nonNil(ws.BuiltIns)}
}

func nonNil[T any](xs []*T) []*T {
	return slices.DeleteFunc(slices.Clone(xs), func(x *T) bool { return x == nil })
}
