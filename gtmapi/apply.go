package gtmapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"google.golang.org/api/googleapi"
	tagmanager "google.golang.org/api/tagmanager/v2"
)

// ConflictError is returned when an update's fingerprint no longer
// matches the workspace: someone changed the entity after push read it.
type ConflictError struct {
	Kind Kind
	Name string
	Path string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s %q (%s) was changed in GTM after push read the workspace (fingerprint mismatch)", e.Kind, e.Name, e.Path)
}

// ApplyError reports where Apply stopped: Done changes of Total were
// written, in plan order, and the rest were not tried.
type ApplyError struct {
	Done, Total int
	Change      Change
	Err         error
}

func (e *ApplyError) Error() string {
	return fmt.Sprintf("%v; push stopped there: %d of %d changes were written (in dependency order, so every reference in the workspace resolves), the rest were not tried, and nothing was published; run push again: it re-reads the workspace and plans only what is still missing",
		e.Err, e.Done, e.Total)
}

func (e *ApplyError) Unwrap() error { return e.Err }

// Apply makes the plan's changes in order. progress, when not nil, is
// called after each change is written. Apply stops at the first error
// and returns an *ApplyError; a fingerprint mismatch is a *ConflictError
// inside it. Every change is one API request, so each entity is either
// fully written or not at all.
func (c *Client) Apply(ctx context.Context, p *Plan, progress func(done int, ch Change)) error {
	w := c.svc.Accounts.Containers.Workspaces
	done := 0
	builtInsDone := false
	for _, ch := range p.Changes {
		var err error
		switch {
		case ch.Kind == KindBuiltIn:
			if !builtInsDone {
				err = c.enableBuiltIns(ctx, p)
				builtInsDone = true
			}
		case ch.Action == Delete:
			err = c.delete(ctx, ch)
		case ch.Kind == KindFolder:
			f := *ch.folder
			f.FolderID, f.Fingerprint, f.AccountID, f.ContainerID = "", "", "", ""
			var api *tagmanager.Folder
			if api, err = folderToAPI(f); err == nil {
				var res *tagmanager.Folder
				if ch.Action == Create {
					res, err = w.Folders.Create(p.Workspace, api).Context(ctx).Do()
				} else {
					res, err = w.Folders.Update(ch.Path, api).Fingerprint(ch.Fingerprint).Context(ctx).Do()
				}
				if err == nil {
					p.wsFolder[ch.Name] = res.FolderId
				}
			}
		case ch.Kind == KindVariable:
			v := *ch.variable
			v.VariableID, v.Fingerprint, v.AccountID, v.ContainerID = "", "", "", ""
			v.ParentFolderID = p.folderID(v.ParentFolderID)
			var api *tagmanager.Variable
			if api, err = variableToAPI(v); err == nil {
				if ch.Action == Create {
					_, err = w.Variables.Create(p.Workspace, api).Context(ctx).Do()
				} else {
					_, err = w.Variables.Update(ch.Path, api).Fingerprint(ch.Fingerprint).Context(ctx).Do()
				}
			}
		case ch.Kind == KindTrigger:
			t := *ch.trigger
			t.TriggerID, t.Fingerprint, t.AccountID, t.ContainerID = "", "", "", ""
			t.ParentFolderID = p.folderID(t.ParentFolderID)
			var api *tagmanager.Trigger
			if api, err = triggerToAPI(t); err == nil {
				var res *tagmanager.Trigger
				if ch.Action == Create {
					res, err = w.Triggers.Create(p.Workspace, api).Context(ctx).Do()
				} else {
					res, err = w.Triggers.Update(ch.Path, api).Fingerprint(ch.Fingerprint).Context(ctx).Do()
				}
				if err == nil {
					p.wsTrigger[ch.Name] = res.TriggerId
				}
			}
		case ch.Kind == KindTag:
			t := *ch.tag
			t.TagID, t.Fingerprint, t.AccountID, t.ContainerID = "", "", "", ""
			t.ParentFolderID = p.folderID(t.ParentFolderID)
			t.FiringTriggerID, err = p.triggerIDs(t.FiringTriggerID)
			if err == nil {
				t.BlockingTriggerID, err = p.triggerIDs(t.BlockingTriggerID)
			}
			var api *tagmanager.Tag
			if err == nil {
				api, err = tagToAPI(t)
			}
			if err == nil {
				if ch.Action == Create {
					_, err = w.Tags.Create(p.Workspace, api).Context(ctx).Do()
				} else {
					_, err = w.Tags.Update(ch.Path, api).Fingerprint(ch.Fingerprint).Context(ctx).Do()
				}
			}
		}
		if err != nil {
			return &ApplyError{Done: done, Total: len(p.Changes), Change: ch, Err: describeChange(err, ch)}
		}
		done++
		if progress != nil {
			progress(done, ch)
		}
	}
	return nil
}

// enableBuiltIns enables every built-in variable of the plan in one request.
func (c *Client) enableBuiltIns(ctx context.Context, p *Plan) error {
	var types []string
	for _, ch := range p.Changes {
		if ch.Kind == KindBuiltIn {
			types = append(types, apiEnum(ch.Name))
		}
	}
	_, err := c.svc.Accounts.Containers.Workspaces.BuiltInVariables.Create(p.Workspace).Type(types...).Context(ctx).Do()
	return err
}

func (c *Client) delete(ctx context.Context, ch Change) error {
	w := c.svc.Accounts.Containers.Workspaces
	switch ch.Kind {
	case KindTag:
		return w.Tags.Delete(ch.Path).Context(ctx).Do()
	case KindTrigger:
		return w.Triggers.Delete(ch.Path).Context(ctx).Do()
	case KindVariable:
		return w.Variables.Delete(ch.Path).Context(ctx).Do()
	case KindFolder:
		return w.Folders.Delete(ch.Path).Context(ctx).Do()
	}
	return fmt.Errorf("cannot delete a %s", ch.Kind)
}

// folderID maps a generated folder ID to the workspace's.
func (p *Plan) folderID(gen string) string {
	if gen == "" {
		return ""
	}
	return p.wsFolder[p.genFolder[gen]]
}

// triggerIDs maps generated trigger IDs to the workspace's; GTM's
// built-in triggers (All Pages, Initialization) keep their IDs.
func (p *Plan) triggerIDs(gen []string) ([]string, error) {
	if gen == nil {
		return nil, nil
	}
	out := make([]string, len(gen))
	for i, id := range gen {
		name, ok := p.genTrigger[id]
		if !ok {
			out[i] = id
			continue
		}
		ws, ok := p.wsTrigger[name]
		if !ok {
			return nil, fmt.Errorf("trigger %q has no ID in the workspace yet", name)
		}
		out[i] = ws
	}
	return out, nil
}

// describeChange words an error of one change.
func describeChange(err error, ch Change) error {
	var ge *googleapi.Error
	if errors.As(err, &ge) && (ge.Code == http.StatusConflict || ge.Code == http.StatusPreconditionFailed) {
		return &ConflictError{Kind: ch.Kind, Name: ch.Name, Path: ch.Path}
	}
	what := fmt.Sprintf("%s %s %q", ch.Action, ch.Kind, ch.Name)
	if ch.Path != "" {
		what += " (" + ch.Path + ")"
	}
	return describe(err, what)
}

// Published is the result of Publish.
type Published struct {
	// VersionPath is accounts/A/containers/C/versions/N.
	VersionPath string
	// NewWorkspace is the workspace GTM opened in place of the one the
	// version was made from, when it says so.
	NewWorkspace string
}

// Publish creates a container version from the workspace, named name with
// notes, and publishes it. A workspace that does not compile is not
// published: the error carries GTM's compiler message.
func (c *Client) Publish(ctx context.Context, workspace, name, notes string) (*Published, error) {
	res, err := c.svc.Accounts.Containers.Workspaces.CreateVersion(workspace,
		&tagmanager.CreateContainerVersionRequestVersionOptions{Name: name, Notes: notes}).Context(ctx).Do()
	if err != nil {
		return nil, describe(err, "creating a version from "+workspace)
	}
	if res.CompilerError || res.ContainerVersion == nil {
		return nil, fmt.Errorf("creating a version from %s: GTM reports a compiler error in the workspace (sync status: %s); nothing was published: open the workspace in GTM to see it", workspace, syncMessage(res.SyncStatus))
	}
	cv := res.ContainerVersion
	if _, err := c.svc.Accounts.Containers.Versions.Publish(cv.Path).Fingerprint(cv.Fingerprint).Context(ctx).Do(); err != nil {
		return nil, describe(err, "publishing "+cv.Path)
	}
	return &Published{VersionPath: cv.Path, NewWorkspace: res.NewWorkspacePath}, nil
}

func syncMessage(s *tagmanager.SyncStatus) string {
	if s == nil {
		return "none given"
	}
	if s.SyncError {
		return "sync error"
	}
	if s.MergeConflict {
		return "merge conflict"
	}
	return "ok"
}
