/**
 * The prod stack as the runbook leaves it (docs/runbook.md, steps 2 and 4): `Pulumi.prod.yaml` with the
 * pipeline and serving images pinned and serving enabled. The shipped file keeps serving off so that a
 * first `pulumi up` starts no endpoint; the specs that read the endpoint, its role and its monitor plan
 * this stack instead, generated from the shipped file so the two cannot drift apart.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { projectDir } from "./fixtures";

/** A digest no real image has, recognisable in a plan: the hash of what it stands for. */
function fixtureDigest(what: string): string {
    return `sha256:${createHash("sha256").update(what).digest("hex")}`;
}

/** The serving image digest the runbook stack pins. */
export const RUNBOOK_SERVING_DIGEST = fixtureDigest("serving image pushed in runbook step 2");

/** The pipeline image digest the runbook stack pins. */
export const RUNBOOK_PIPELINE_DIGEST = fixtureDigest("pipeline image pushed in runbook step 2");

type StackDoc = { config: Record<string, Record<string, unknown>> };

/** Writes `Pulumi.prod.yaml` after the runbook into `dir` and returns its path. */
export function writeRunbookStack(dir: string): string {
    const doc = parse(fs.readFileSync(path.join(projectDir, "Pulumi.prod.yaml"), "utf8")) as StackDoc;
    const serving = doc.config["mlops-platform:serving"];
    const pipelines = doc.config["mlops-platform:pipelines"];
    if (serving?.enabled !== false || pipelines === undefined) {
        throw new Error(
            "Pulumi.prod.yaml no longer ships serving disabled and a pipelines section: update this fixture",
        );
    }
    doc.config["mlops-platform:serving"] = { ...serving, enabled: true, image: { digest: RUNBOOK_SERVING_DIGEST } };
    doc.config["mlops-platform:pipelines"] = { ...pipelines, image: { digest: RUNBOOK_PIPELINE_DIGEST } };
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "Pulumi.prod.yaml");
    fs.writeFileSync(file, stringify(doc));
    return file;
}
