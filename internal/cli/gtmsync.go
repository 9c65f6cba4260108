package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/gtmapi"
	"github.com/tagspec/tagspec/lint"
	"github.com/tagspec/tagspec/templates"
)

func newPushCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "push",
		Short: "Write the spec's GTM container into a GTM workspace through the Tag Manager API",
		Long: `Push brings a Google Tag Manager workspace in line with the spec through the
Tag Manager API v2 (push gtm). See docs/gtm-api.md.`,
		Example: `  tagspec push gtm --account 6000000001 --container 90000001
  tagspec push gtm --account 6000000001 --container 90000001 --apply --publish`,
		Args: usageArgs(cobra.NoArgs),
	}
	cmd.AddCommand(newPushGTMCmd(a))
	return cmd
}

func newPullCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pull",
		Short: "Read a GTM workspace or live version as a container file through the Tag Manager API",
		Long: `Pull reads a Google Tag Manager workspace, or the published version, through
the Tag Manager API v2 and writes it as a container export file (pull gtm), so
that tagspec diff can check it against the spec in CI. See docs/gtm-api.md.`,
		Example: `  tagspec pull gtm --account 6000000001 --container 90000001 -o workspace.json
  tagspec pull gtm --account 6000000001 --container 90000001 --live -o live.json`,
		Args: usageArgs(cobra.NoArgs),
	}
	cmd.AddCommand(newPullGTMCmd(a))
	return cmd
}

// gtmAPIConfig holds the settings every Tag Manager API command shares.
type gtmAPIConfig struct {
	Account     string
	Container   string
	Workspace   string
	Credentials string
	Endpoint    string
	Pace        time.Duration
}

func (c *gtmAPIConfig) declare(d *settingSet) {
	d.String(&c.Account, "account", "", "", "GTM account ID (the number after accounts/ in the GTM URL)")
	d.String(&c.Container, "container", "", "", "GTM container ID (the number after containers/ in the GTM URL, not GTM-XXXX)")
	d.String(&c.Workspace, "workspace", "", "", `workspace ID or name (default: the only workspace, or "Default Workspace")`)
	d.String(&c.Credentials, "credentials", "", "", `service-account key file (JSON); default: application default credentials; "none" sends no credentials (local test servers only)`)
	d.String(&c.Endpoint, "endpoint", "", "", "base URL of the Tag Manager API (default https://tagmanager.googleapis.com/); also TAGSPEC_ENDPOINT")
	d.Duration(&c.Pace, "pace", "", gtmapi.DefaultInterval, "least time between two API requests (the API allows 0.25 requests per second per project)")
}

// apiClient builds the Tag Manager API client from the shared flags.
func (a *app) apiClient(cfg *gtmAPIConfig) (*gtmapi.Client, error) {
	o := gtmapi.Options{
		Endpoint: cfg.Endpoint,
		Interval: cfg.Pace,
		OnWait: func(w gtmapi.Wait) {
			if w.Reason == "backoff" {
				fmt.Fprintf(a.stderr, "tagspec: Tag Manager API: %s\n", w)
			}
		},
	}
	if o.Interval == 0 {
		o.Interval = -1 // --pace 0: no pacing
	}
	switch creds := cfg.Credentials; creds {
	case "none":
		o.NoAuth = true
	default:
		o.CredentialsFile = creds
	}
	c, err := gtmapi.New(a.ctx, o)
	if err != nil {
		return nil, badInput(err)
	}
	return c, nil
}

func requireIDs(cfg *gtmAPIConfig) (account, container string, err error) {
	account, container = cfg.Account, cfg.Container
	var missing []string
	if account == "" {
		missing = append(missing, "--account")
	}
	if container == "" {
		missing = append(missing, "--container")
	}
	if len(missing) > 0 {
		return "", "", badInputf("%s required: the numeric IDs in the GTM URL, #/container/accounts/ACCOUNT/containers/CONTAINER/...", strings.Join(missing, " and ")+map[bool]string{true: " is", false: " are"}[len(missing) == 1])
	}
	for _, id := range []struct{ flag, v string }{{"--account", account}, {"--container", container}} {
		if strings.Trim(id.v, "0123456789") != "" {
			return "", "", badInputf("%s %q: want the numeric ID from the GTM URL (not a GTM-XXXX public ID)", id.flag, id.v)
		}
	}
	return account, container, nil
}

// pushGTMConfig holds the settings of tagspec push gtm.
type pushGTMConfig struct {
	Config
	gtmAPIConfig
	Apply   bool
	Publish bool
}

func (c *pushGTMConfig) declare(d *settingSet) {
	c.gtmAPIConfig.declare(d)
	d.Bool(&c.Apply, "apply", "", false, "write the plan to the workspace (default: only print it)")
	d.Bool(&c.Publish, "publish", "", false, "after --apply, create a version and publish it")
}

func newPushGTMCmd(a *app) *cobra.Command {
	var cfg pushGTMConfig
	cmd := &cobra.Command{
		Use:   "gtm [flags] [SPEC]",
		Short: "Plan, and with --apply write, the spec's container into a GTM workspace",
		Long: `Push gtm reads a GTM workspace through the Tag Manager API v2, builds the
container from the spec (the same one generate gtm writes) and prints a plan:
"+" creates, "~" updates (with the members that change), "-" deletes.

tagspec owns only the entities whose notes carry the line "managed by
tagspec", which push writes into everything it creates. Everything else in
the workspace is read and left alone; when an entity tagspec does not own has
a name the spec needs, push stops and names it.

Without --apply, push only prints the plan. With --apply it writes the plan in
dependency order (folders, built-in variables, variables, triggers, tags, then
deletes in reverse), each update carrying the fingerprint it read: an entity
changed in GTM meanwhile stops push with an error naming it. Push never
publishes unless --publish: then it creates a version named after the spec
and publishes it. Publishing publishes the whole workspace, including other
people's unpublished changes in it.

Requests are paced (--pace, 4s: the API allows 0.25 requests per second per
Google Cloud project) and retried with jittered exponential backoff on 429.
A push that stops half-way is finished by running it again: the plan is
always computed afresh from the workspace.

Credentials: application default credentials (gcloud auth
application-default login, or GOOGLE_APPLICATION_CREDENTIALS), or a
service-account key with --credentials.

Exit status: 0 on success (or a printed plan), 2 on bad input or a name taken
by an entity tagspec does not own, 3 when the API fails or refuses.`,
		Example: `  tagspec push gtm --account 6000000001 --container 90000001
  tagspec push gtm --account 6000000001 --container 90000001 --workspace Staging --apply
  tagspec push gtm --env production --account 6000000001 --container 90000001 --apply --publish
  tagspec push gtm --credentials sa-key.json --account 6000000001 --container 90000001`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			account, container, err := requireIDs(&cfg.gtmAPIConfig)
			if err != nil {
				return err
			}
			apply, publish := cfg.Apply, cfg.Publish
			if publish && !apply {
				return badInputf("--publish needs --apply: push publishes only what it has just written")
			}
			s, err := a.loadContainerSpec(&cfg.Config, args)
			if err != nil {
				return err
			}
			if publish && lint.PlaceholderMeasurementID(s.MeasurementID) {
				return badInputf("measurement ID %q is a placeholder: push --publish does not put a container live that sends to no GA4 property", s.MeasurementID)
			}
			want, err := templates.Build(s, templates.Options{AccountID: account, ContainerID: container})
			if err != nil {
				return badInput(err)
			}
			if err := checkGenerated(want); err != nil {
				return err
			}
			client, err := a.apiClient(&cfg.gtmAPIConfig)
			if err != nil {
				return err
			}
			ws, err := client.Workspace(a.ctx, account, container, cfg.Workspace)
			if err != nil {
				return failure(err)
			}
			current, err := client.ReadWorkspace(a.ctx, ws)
			if err != nil {
				return failure(err)
			}
			plan, err := gtmapi.ComputePlan(current, want)
			if errors.Is(err, gtmapi.ErrNameTaken) {
				return badInput(err)
			} else if err != nil {
				return failure(err)
			}
			if err := plan.Write(a.stdout); err != nil {
				return failure(err)
			}
			if !apply {
				if !plan.Empty() {
					fmt.Fprintln(a.stderr, "tagspec: nothing written; run again with --apply to make these changes")
				}
				return nil
			}
			total := len(plan.Changes)
			err = client.Apply(a.ctx, plan, func(done int, ch gtmapi.Change) {
				fmt.Fprintf(a.stderr, "[%d/%d] %s %s %q\n", done, total, ch.Action, ch.Kind, ch.Name)
			})
			if err != nil {
				return failure(err)
			}
			if total > 0 {
				fmt.Fprintf(a.stderr, "tagspec: wrote %s to %s\n", plural(total, "change"), ws)
			}
			if !publish {
				return nil
			}
			pub, err := client.Publish(a.ctx, ws, "tagspec: "+s.Name, fmt.Sprintf("%s (pushed by tagspec from %s)", s.Name, s.File))
			if err != nil {
				return failure(err)
			}
			fmt.Fprintf(a.stderr, "tagspec: published %s\n", pub.VersionPath)
			return nil
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}

// checkGenerated runs the container checks generate gtm runs.
func checkGenerated(c *templates.Container) error {
	data, err := c.Marshal()
	if err != nil {
		return failure(err)
	}
	problems, err := templates.ValidateContainer(data)
	if err != nil {
		return failure(err)
	}
	if len(problems) > 0 {
		var msgs []string
		for _, p := range problems {
			msgs = append(msgs, p.String())
		}
		return failure(fmt.Errorf("generated container fails its own checks:\n%s", strings.Join(msgs, "\n")))
	}
	return nil
}

// pullGTMConfig holds the settings of tagspec pull gtm.
type pullGTMConfig struct {
	Config
	gtmAPIConfig
	Live      bool
	Output    string
	Timestamp string
}

func (c *pullGTMConfig) declare(d *settingSet) {
	c.gtmAPIConfig.declare(d)
	d.Bool(&c.Live, "live", "", false, "read the published version instead of a workspace")
	d.String(&c.Output, "output", "o", "-", "file to write, or - for stdout")
	d.String(&c.Timestamp, "timestamp", "", "", `export time: RFC 3339, Unix seconds or "now" (default: SOURCE_DATE_EPOCH, else now)`)
}

func newPullGTMCmd(a *app) *cobra.Command {
	var cfg pullGTMConfig
	cmd := &cobra.Command{
		Use:   "gtm [flags]",
		Short: "Write a GTM workspace (or the live version) as a container export file",
		Long: `Pull gtm reads a workspace (or, with --live, the published version) through the
Tag Manager API v2 and writes it in GTM's container export format, the file
Admin > Export Container gives, so that tagspec diff and tagspec import read it
in CI without a manual export.

The export time is --timestamp (RFC 3339, Unix seconds or "now"), else
SOURCE_DATE_EPOCH, else now.

Exit status: 0 on success, 2 on bad input, 3 when the API fails or refuses.`,
		Example: `  tagspec pull gtm --account 6000000001 --container 90000001 -o workspace.json
  tagspec pull gtm --account 6000000001 --container 90000001 --live -o live.json && tagspec diff tagspec.yaml live.json`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			account, container, err := requireIDs(&cfg.gtmAPIConfig)
			if err != nil {
				return err
			}
			live := cfg.Live
			if live && cfg.Workspace != "" {
				return badInputf("--live and --workspace exclude each other: the live version is not a workspace")
			}
			ts, err := generateTimestamp(cfg.Timestamp, os.Getenv("SOURCE_DATE_EPOCH"))
			if err != nil {
				return badInput(err)
			}
			if ts.IsZero() {
				ts = time.Now().UTC().Truncate(time.Second)
			}
			client, err := a.apiClient(&cfg.gtmAPIConfig)
			if err != nil {
				return err
			}
			var c *templates.Container
			if live {
				c, err = client.PullLive(a.ctx, account, container, ts)
			} else {
				var ws string
				if ws, err = client.Workspace(a.ctx, account, container, cfg.Workspace); err == nil {
					c, err = client.PullWorkspace(a.ctx, ws, ts)
				}
			}
			if err != nil {
				return failure(err)
			}
			data, err := c.Marshal()
			if err != nil {
				return failure(err)
			}
			output := cfg.Output
			if err := a.writeOutput(output, data); err != nil {
				return err
			}
			if output != "" && output != "-" {
				summary, err := containerSummary(data)
				if err != nil {
					return failure(err)
				}
				fmt.Fprintf(a.stderr, "wrote %s (%d bytes): %s\n", output, len(data), summary)
			}
			return nil
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}
