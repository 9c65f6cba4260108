package gtmapi

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	tagmanager "google.golang.org/api/tagmanager/v2"

	"github.com/tagspec/tagspec/templates"
)

// PullWorkspace reads a workspace and returns it as a container export
// file (format 2, containerVersionId "0" as GTM writes for a workspace
// export), with enum values in the file's UPPER_SNAKE spelling.
// exportTime is written as the file's export time.
func (c *Client) PullWorkspace(ctx context.Context, workspace string, exportTime time.Time) (*templates.Container, error) {
	ws, err := c.ReadWorkspace(ctx, workspace)
	if err != nil {
		return nil, err
	}
	info, err := c.containerInfo(ctx, workspace)
	if err != nil {
		return nil, err
	}
	v := templates.ContainerVersion{
		Path: info.Path + "/versions/0", AccountID: info.AccountID, ContainerID: info.ContainerID,
		ContainerVersionID: "0", Container: info, Fingerprint: fmt.Sprint(exportTime.UnixMilli()),
	}
	if err := fill(&v, ws.Tags, ws.Triggers, ws.Variables, ws.Folders, ws.BuiltIns); err != nil {
		return nil, err
	}
	return wrap(v, exportTime), nil
}

// PullLive reads the container's published version as an export file.
func (c *Client) PullLive(ctx context.Context, account, container string, exportTime time.Time) (*templates.Container, error) {
	parent := ContainerPath(account, container)
	cv, err := c.svc.Accounts.Containers.Versions.Live(parent).Context(ctx).Do()
	if err != nil {
		return nil, describe(err, "reading the live version of "+parent)
	}
	var info templates.ContainerInfo
	if cv.Container != nil {
		if info, err = convertContainer(cv.Container); err != nil {
			return nil, err
		}
	}
	v := templates.ContainerVersion{
		Path: cv.Path, AccountID: cv.AccountId, ContainerID: cv.ContainerId, ContainerVersionID: cv.ContainerVersionId,
		Name: cv.Name, Description: cv.Description, Container: info, Fingerprint: cv.Fingerprint,
	}
	if err := fill(&v, cv.Tag, cv.Trigger, cv.Variable, cv.Folder, cv.BuiltInVariable); err != nil {
		return nil, err
	}
	return wrap(v, exportTime), nil
}

func (c *Client) containerInfo(ctx context.Context, workspace string) (templates.ContainerInfo, error) {
	// The container's path is the workspace's without /workspaces/W.
	parent, _, ok := strings.Cut(workspace, "/workspaces/")
	if !ok {
		return templates.ContainerInfo{}, fmt.Errorf("%q is not a workspace path (accounts/A/containers/C/workspaces/W)", workspace)
	}
	ct, err := c.svc.Accounts.Containers.Get(parent).Context(ctx).Do()
	if err != nil {
		return templates.ContainerInfo{}, describe(err, "reading container "+parent)
	}
	return convertContainer(ct)
}

func convertContainer(ct *tagmanager.Container) (templates.ContainerInfo, error) {
	c := *ct
	c.Features, c.Notes = nil, ""
	var info templates.ContainerInfo
	if err := recode(&c, &info); err != nil {
		return info, err
	}
	for i, u := range info.UsageContext {
		info.UsageContext[i] = exportEnum(u)
	}
	return info, nil
}

func fill(v *templates.ContainerVersion, tags []*tagmanager.Tag, triggers []*tagmanager.Trigger,
	vars []*tagmanager.Variable, folders []*tagmanager.Folder, builtIns []*tagmanager.BuiltInVariable) error {
	tags, triggers, vars, folders, builtIns = nonNil(tags), nonNil(triggers), nonNil(vars), nonNil(folders), nonNil(builtIns)
	for _, t := range tags {
		et, err := tagFromAPI(t)
		if err != nil {
			return err
		}
		v.Tags = append(v.Tags, et)
	}
	for _, t := range triggers {
		et, err := triggerFromAPI(t)
		if err != nil {
			return err
		}
		v.Triggers = append(v.Triggers, et)
	}
	for _, x := range vars {
		ev, err := variableFromAPI(x)
		if err != nil {
			return err
		}
		v.Variables = append(v.Variables, ev)
	}
	for _, f := range folders {
		ef, err := folderFromAPI(f)
		if err != nil {
			return err
		}
		v.Folders = append(v.Folders, ef)
	}
	for _, b := range builtIns {
		v.BuiltInVariables = append(v.BuiltInVariables, builtInFromAPI(b))
	}
	return nil
}

func wrap(v templates.ContainerVersion, exportTime time.Time) *templates.Container {
	return &templates.Container{
		ExportFormatVersion: jsontext.Value("2"),
		ExportTime:          exportTime.UTC().Format("2006-01-02 15:04:05"),
		Version:             v,
	}
}
