// An event path in Go with the generated SDK (sdk/go): a dataset group, an Interactions schema and dataset,
// and an event tracker whose tracking ID is the stack's output.
//
// There is no Pulumi Go language host to be had offline (the module proxy refuses it), so the program runs as an
// Automation API inline program: the host runs in this process, and the `pulumi` CLI on PATH runs the engine.
// The provider plugin is the pulumi-resource-personalize found on PATH, named in the project's plugins.providers
// (as docs/native.md says), so that the engine takes it without a warning.
//
//	go run . [up|preview|destroy]...   (no argument: all three, in that order)
//
// preview fails unless it shows no change; destroy also removes the stack.
package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/pulumi-personalize/sdk/go/personalize"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	projectName = "personalize-go"
	stackName   = "dev"
)

const interactions = `{
  "type": "record",
  "name": "Interactions",
  "namespace": "com.amazonaws.personalize.schema",
  "fields": [
    {"name": "USER_ID", "type": "string"},
    {"name": "ITEM_ID", "type": "string"},
    {"name": "TIMESTAMP", "type": "long"}
  ],
  "version": "1.0"
}`

func program(ctx *pulumi.Context) error {
	group, err := personalize.NewDatasetGroup(ctx, "events", &personalize.DatasetGroupArgs{})
	if err != nil {
		return err
	}
	schema, err := personalize.NewSchema(ctx, "interactions", &personalize.SchemaArgs{
		Schema: pulumi.String(interactions),
	})
	if err != nil {
		return err
	}
	dataset, err := personalize.NewDataset(ctx, "interactions", &personalize.DatasetArgs{
		DatasetGroupArn: group.DatasetGroupArn,
		DatasetType:     pulumi.String("Interactions"),
		SchemaArn:       schema.SchemaArn,
	})
	if err != nil {
		return err
	}
	tracker, err := personalize.NewEventTracker(ctx, "clicks", &personalize.EventTrackerArgs{
		DatasetGroupArn: group.DatasetGroupArn,
	}, pulumi.DependsOn([]pulumi.Resource{dataset})) // PutEvents needs the Interactions dataset
	if err != nil {
		return err
	}
	ctx.Export("trackingId", tracker.TrackingId)
	ctx.Export("trackerArn", tracker.EventTrackerArn)
	return nil
}

func run(ctx context.Context, steps []string) error {
	// The workspace (Pulumi.yaml, Pulumi.dev.yaml) is a temporary folder: the state is in the backend
	// (PULUMI_BACKEND_URL) and the config is set again on every run.
	workDir, err := os.MkdirTemp("", "personalize-go-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(workDir)
	plugin, err := exec.LookPath("pulumi-resource-personalize")
	if err != nil {
		return fmt.Errorf("the provider plugin (pip install pulumi-personalize puts it in the virtualenv's bin): %w", err)
	}
	project := workspace.Project{
		Name:    projectName,
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		Plugins: &workspace.Plugins{
			Providers: []workspace.PluginOptions{{Name: "personalize", Path: filepath.Dir(plugin)}},
		},
	}
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, projectName, program,
		auto.WorkDir(workDir), auto.Project(project))
	if err != nil {
		return err
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = "us-east-1"
	}
	if err := stack.SetConfig(ctx, "personalize:region", auto.ConfigValue{Value: region}); err != nil {
		return err
	}
	for _, step := range steps {
		switch step {
		case "up":
			result, err := stack.Up(ctx, optup.ProgressStreams(os.Stdout))
			if err != nil {
				return err
			}
			fmt.Printf("trackingId: %v\n", result.Outputs["trackingId"].Value)
		case "preview":
			result, err := stack.Preview(ctx, optpreview.ExpectNoChanges(), optpreview.ProgressStreams(os.Stdout))
			if err != nil {
				return err
			}
			fmt.Printf("preview: %v\n", result.ChangeSummary)
		case "destroy":
			if _, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stdout)); err != nil {
				return err
			}
			if err := stack.Workspace().RemoveStack(ctx, stackName); err != nil {
				return err
			}
		default:
			return fmt.Errorf("unknown step %q: up, preview or destroy", step)
		}
	}
	return nil
}

func main() {
	steps := os.Args[1:]
	if len(steps) == 0 {
		steps = []string{"up", "preview", "destroy"}
	}
	if err := run(context.Background(), steps); err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
}
