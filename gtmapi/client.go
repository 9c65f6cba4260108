package gtmapi

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"
	tagmanager "google.golang.org/api/tagmanager/v2"
	htransport "google.golang.org/api/transport/http"
)

// Options configure a Client. The zero value uses application default
// credentials, Google's endpoint and the default pace and backoff.
type Options struct {
	// CredentialsFile is a service-account key (JSON). Empty means
	// application default credentials (GOOGLE_APPLICATION_CREDENTIALS,
	// gcloud's user credentials, or the metadata server).
	CredentialsFile string
	// NoAuth sends requests without credentials: only for a local test
	// server given as Endpoint.
	NoAuth bool
	// Endpoint replaces https://tagmanager.googleapis.com/ as the base URL.
	Endpoint string
	// Interval is the least time between two requests; DefaultInterval
	// when zero, no pacing when negative.
	Interval time.Duration
	// Backoff, MaxBackoff and MaxRetries tune the retries after a 429;
	// the Default constants when zero.
	Backoff, MaxBackoff time.Duration
	MaxRetries          int
	// Clock and Jitter replace the real clock and random jitter in tests.
	Clock  Clock
	Jitter func() float64
	// OnWait, when set, is told of every pause (pace and backoff).
	OnWait func(Wait)
	// HTTPClient is the base HTTP client (its transport is wrapped); when
	// nil, one is built from the credentials.
	HTTPClient *http.Client
}

// Client talks to the Tag Manager API for one container.
type Client struct {
	svc *tagmanager.Service
}

// Scopes are the OAuth scopes push, publish and pull need.
var Scopes = []string{
	tagmanager.TagmanagerEditContainersScope,
	tagmanager.TagmanagerEditContainerversionsScope,
	tagmanager.TagmanagerPublishScope,
	tagmanager.TagmanagerReadonlyScope,
}

// New builds a Client with paced, retrying requests.
func New(ctx context.Context, o Options) (*Client, error) {
	if o.Interval == 0 {
		o.Interval = DefaultInterval
	}
	p := &pacer{
		clock:      cmp.Or[Clock](o.Clock, realClock{}),
		interval:   max(o.Interval, 0),
		backoff:    cmp.Or(o.Backoff, DefaultBackoff),
		maxBackoff: cmp.Or(o.MaxBackoff, DefaultMaxBackoff),
		maxRetries: cmp.Or(o.MaxRetries, DefaultMaxRetries),
		jitter:     o.Jitter,
		onWait:     o.OnWait,
	}
	if p.jitter == nil {
		p.jitter = defaultJitter
	}
	base := o.HTTPClient
	if base == nil {
		var opts []option.ClientOption
		switch {
		case o.NoAuth:
			opts = append(opts, option.WithoutAuthentication())
		case o.CredentialsFile != "":
			opts = append(opts, option.WithAuthCredentialsFile(option.ServiceAccount, o.CredentialsFile), option.WithScopes(Scopes...))
		default:
			opts = append(opts, option.WithScopes(Scopes...))
		}
		hc, _, err := htransport.NewClient(ctx, opts...)
		if err != nil {
			return nil, fmt.Errorf("Tag Manager API credentials: %w", err)
		}
		base = hc
	}
	p.next = cmp.Or[http.RoundTripper](base.Transport, http.DefaultTransport)
	hc := &http.Client{Transport: p, Timeout: base.Timeout}
	opts := []option.ClientOption{option.WithHTTPClient(hc)}
	if o.Endpoint != "" {
		ep := o.Endpoint
		if !strings.HasSuffix(ep, "/") {
			ep += "/"
		}
		opts = append(opts, option.WithEndpoint(ep))
	}
	svc, err := tagmanager.NewService(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("Tag Manager API client: %w", err)
	}
	return &Client{svc: svc}, nil
}

// ContainerPath is accounts/A/containers/C.
func ContainerPath(account, container string) string {
	return "accounts/" + account + "/containers/" + container
}

// Workspace resolves the workspace to use: the one with the ID or name
// given, or, when workspace is empty, the only workspace or the one
// named "Default Workspace". It returns the workspace's path.
func (c *Client) Workspace(ctx context.Context, account, container, workspace string) (string, error) {
	if account == "" || container == "" {
		return "", errors.New("--account and --container are required (the numeric IDs in the GTM URL: #/container/accounts/A/containers/C/...)")
	}
	parent := ContainerPath(account, container)
	var all []*tagmanager.Workspace
	err := c.svc.Accounts.Containers.Workspaces.List(parent).Pages(ctx, func(r *tagmanager.ListWorkspacesResponse) error {
		all = append(all, r.Workspace...)
		return nil
	})
	if err != nil {
		return "", describe(err, "listing the workspaces of "+parent)
	}
	var names []string
	for _, w := range all {
		if workspace != "" && (w.WorkspaceId == workspace || w.Name == workspace) {
			return w.Path, nil
		}
		names = append(names, fmt.Sprintf("%s (%s)", w.WorkspaceId, w.Name))
	}
	slices.Sort(names)
	if workspace != "" {
		return "", fmt.Errorf("%s has no workspace %q; it has %s", parent, workspace, strings.Join(names, ", "))
	}
	if len(all) == 1 {
		return all[0].Path, nil
	}
	for _, w := range all {
		if w.Name == "Default Workspace" {
			return w.Path, nil
		}
	}
	if len(all) == 0 {
		return "", fmt.Errorf("%s has no workspace", parent)
	}
	return "", fmt.Errorf("%s has %d workspaces and none is named Default Workspace; choose one with --workspace: %s", parent, len(all), strings.Join(names, ", "))
}

// describe words an API error for a person: what tagspec was doing and
// what the API said.
func describe(err error, doing string) error {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		msg := ge.Message
		if msg == "" {
			msg = http.StatusText(ge.Code)
		}
		switch ge.Code {
		case http.StatusTooManyRequests:
			return fmt.Errorf("%s: the Tag Manager API still refused for quota after every retry (HTTP 429: %s); wait a few minutes and run again", doing, msg)
		case http.StatusUnauthorized, http.StatusForbidden:
			return fmt.Errorf("%s: HTTP %d: %s (check the credentials and that the account can edit this container)", doing, ge.Code, msg)
		}
		return fmt.Errorf("%s: HTTP %d: %s", doing, ge.Code, msg)
	}
	return fmt.Errorf("%s: %w", doing, err)
}
