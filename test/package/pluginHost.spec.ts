/**
 * `pulumi package add ./node_modules/mlops-platform` from the installed package: the CLI's nodejs
 * language host runs `node <@pulumi/pulumi>/cmd/run-plugin <package folder> <engine address>`
 * (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs, RunPlugin), which requires the folder's
 * package.json `main` and, for a function export, calls it and awaits it (cmd/run-plugin/run.js).
 * The host prints its gRPC port; the CLI then calls GetSchema and generates the SDK from the answer.
 */
import * as grpc from "@grpc/grpc-js";
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { GetSchemaRequest, GetSchemaResponse } from "@pulumi/pulumi/proto/provider_pb";
import { call } from "../../tools/policy/analyzerProtocol";
import { installedCopy } from "./tarball";

/** Starts the installed package as a plugin and resolves with the port it prints. */
function startPlugin(app: string): { child: ChildProcess; port: Promise<number> } {
    const pkg = path.join(app, "node_modules", "mlops-platform");
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [pkg] });
    // No engine serves this address: GetSchema never calls back into the engine.
    const child = spawn(process.execPath, [runPlugin, pkg, "127.0.0.1:0"], {
        cwd: pkg,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = new Promise<number>((resolve, reject) => {
        let stdout = "";
        child.on("exit", (code) => reject(new Error(`plugin exited with ${code} before printing a port\n${stderr}`)));
        child.stdout?.on("data", (d: Buffer) => {
            stdout += d.toString();
            const line = /^(\d+)\s*$/m.exec(stdout);
            if (line !== null) resolve(Number(line[1]));
        });
    });
    return { child, port };
}

describe("package: pulumi package add runs the installed copy as a plugin and gets the shipped schema", () => {
    let app: string;
    let plugin: { child: ChildProcess; port: Promise<number> };
    before(function () {
        this.timeout(180000);
        app = installedCopy();
        plugin = startPlugin(app);
    });
    after(() => {
        plugin?.child.kill();
        fs.rmSync(app, { recursive: true, force: true });
    });

    it("answers GetSchema with schema.json: integer counts and a description on every type", async function () {
        this.timeout(120000);
        const client = new ResourceProviderClient(`127.0.0.1:${await plugin.port}`, grpc.credentials.createInsecure());
        try {
            const response = await call<GetSchemaRequest, GetSchemaResponse>(
                client.getSchema.bind(client),
                new GetSchemaRequest(),
            );
            const shipped = fs.readFileSync(path.join(app, "node_modules", "mlops-platform", "schema.json"), "utf8");
            assert.strictEqual(response.getSchema(), shipped);
            const schema = JSON.parse(response.getSchema());
            const autoscaling = schema.types["mlops-platform:index:VariantAutoscalingArgs"];
            assert.strictEqual(autoscaling.properties.maxInstances.type, "integer");
            assert.ok(autoscaling.description.length > 10);
            assert.strictEqual(Object.keys(schema.resources).length, 11);
        } finally {
            client.close();
        }
    });
});
