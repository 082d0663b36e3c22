// An event path in TypeScript with the generated SDK (sdk/nodejs): a dataset group, an Interactions schema
// and dataset, and an event tracker whose tracking ID is the stack's output.
//
// There is no Pulumi Node.js language host to be had offline (the module proxy refuses it), so the program runs
// as an Automation API inline program: the host runs in this process, and the `pulumi` CLI on PATH runs the
// engine. The provider plugin is the pulumi-resource-personalize found on PATH, named in the project's
// plugins.providers (as docs/native.md says), so that the engine takes it without a warning.
//
//     npm run build && node bin/index.js [up|preview|destroy]...   (no argument: all three, in that order)
//
// preview fails unless it shows no change; destroy also removes the stack.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import * as personalize from "@pulumi-personalize/personalize";
import { LocalWorkspace, ProjectSettings } from "@pulumi/pulumi/automation";

const projectName = "personalize-typescript";
const stackName = "dev";

const interactions = JSON.stringify({
    type: "record",
    name: "Interactions",
    namespace: "com.amazonaws.personalize.schema",
    fields: [
        { name: "USER_ID", type: "string" },
        { name: "ITEM_ID", type: "string" },
        { name: "TIMESTAMP", type: "long" },
    ],
    version: "1.0",
});

async function program() {
    const group = new personalize.DatasetGroup("events", {});
    const schema = new personalize.Schema("interactions", { schema: interactions });
    const dataset = new personalize.Dataset("interactions", {
        datasetGroupArn: group.datasetGroupArn,
        datasetType: "Interactions",
        schemaArn: schema.schemaArn,
    });
    const tracker = new personalize.EventTracker(
        "clicks",
        { datasetGroupArn: group.datasetGroupArn },
        { dependsOn: [dataset] }, // PutEvents needs the Interactions dataset
    );
    return { trackingId: tracker.trackingId, trackerArn: tracker.eventTrackerArn };
}

/** The folder holding `name` on PATH. */
function onPath(name: string): string {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        try {
            fs.accessSync(path.join(dir, name), fs.constants.X_OK);
            return dir;
        } catch {
            // not here
        }
    }
    throw new Error(`${name} is not on PATH (pip install pulumi-personalize puts it in the virtualenv's bin)`);
}

async function run(steps: string[]) {
    // The workspace (Pulumi.yaml, Pulumi.dev.yaml) is a temporary folder: the state is in the backend
    // (PULUMI_BACKEND_URL) and the config is set again on every run.
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "personalize-typescript-"));
    try {
        // plugins.providers is a Pulumi.yaml key that ProjectSettings does not type; the workspace writes it as is.
        const projectSettings: ProjectSettings & { plugins: object } = {
            name: projectName,
            runtime: "nodejs",
            plugins: { providers: [{ name: "personalize", path: onPath("pulumi-resource-personalize") }] },
        };
        const stack = await LocalWorkspace.createOrSelectStack(
            { stackName, projectName, program },
            { workDir, projectSettings },
        );
        await stack.setConfig("personalize:region", { value: process.env.AWS_REGION || "us-east-1" });
        const onOutput = (out: string) => process.stdout.write(out);
        for (const step of steps) {
            if (step === "up") {
                const result = await stack.up({ onOutput });
                console.log(`trackingId: ${result.outputs.trackingId.value}`);
            } else if (step === "preview") {
                const result = await stack.preview({ expectNoChanges: true, onOutput });
                console.log(`preview: ${JSON.stringify(result.changeSummary)}`);
            } else if (step === "destroy") {
                await stack.destroy({ onOutput });
                await stack.workspace.removeStack(stackName);
            } else {
                throw new Error(`unknown step ${JSON.stringify(step)}: up, preview or destroy`);
            }
        }
    } finally {
        fs.rmSync(workDir, { recursive: true, force: true });
    }
}

const steps = process.argv.slice(2);
run(steps.length > 0 ? steps : ["up", "preview", "destroy"]).catch((err: unknown) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
});
