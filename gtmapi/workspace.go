package gtmapi

import (
	"context"

	tagmanager "google.golang.org/api/tagmanager/v2"
)

// Workspace is everything push reads from a GTM workspace: all of its
// tags, triggers, variables, folders and enabled built-in variables, each
// list read to its last page.
type Workspace struct {
	Path      string
	Tags      []*tagmanager.Tag
	Triggers  []*tagmanager.Trigger
	Variables []*tagmanager.Variable
	Folders   []*tagmanager.Folder
	BuiltIns  []*tagmanager.BuiltInVariable
}

// ReadWorkspace lists every entity of the workspace at path
// (accounts/A/containers/C/workspaces/W), following nextPageToken.
func (c *Client) ReadWorkspace(ctx context.Context, path string) (*Workspace, error) {
	ws := &Workspace{Path: path}
	w := c.svc.Accounts.Containers.Workspaces
	if err := w.Folders.List(path).Pages(ctx, func(r *tagmanager.ListFoldersResponse) error {
		ws.Folders = append(ws.Folders, r.Folder...)
		return nil
	}); err != nil {
		return nil, describe(err, "listing the folders of "+path)
	}
	if err := w.BuiltInVariables.List(path).Pages(ctx, func(r *tagmanager.ListEnabledBuiltInVariablesResponse) error {
		ws.BuiltIns = append(ws.BuiltIns, r.BuiltInVariable...)
		return nil
	}); err != nil {
		return nil, describe(err, "listing the built-in variables of "+path)
	}
	if err := w.Variables.List(path).Pages(ctx, func(r *tagmanager.ListVariablesResponse) error {
		ws.Variables = append(ws.Variables, r.Variable...)
		return nil
	}); err != nil {
		return nil, describe(err, "listing the variables of "+path)
	}
	if err := w.Triggers.List(path).Pages(ctx, func(r *tagmanager.ListTriggersResponse) error {
		ws.Triggers = append(ws.Triggers, r.Trigger...)
		return nil
	}); err != nil {
		return nil, describe(err, "listing the triggers of "+path)
	}
	if err := w.Tags.List(path).Pages(ctx, func(r *tagmanager.ListTagsResponse) error {
		ws.Tags = append(ws.Tags, r.Tag...)
		return nil
	}); err != nil {
		return nil, describe(err, "listing the tags of "+path)
	}
	return ws, nil
}
