/** The files an MWAA environment is given (requirements, DAGs, plugins, startup script), read and checked before any resource. */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { ORCHESTRATION_DEFAULTS, OrchestrationSettings } from "./orchestrationSettings";

/** The files MWAA needs, read and checked before anything is registered. */
export interface AirflowFiles {
    readonly requirements: string;
    readonly dags: { relative: string; absolute: string }[];
    readonly plugins?: string;
    readonly startupScript?: string;
}

/** Reads the requirements, DAGs, plugins and startup script named by the settings; problems are appended, never thrown. */
export function readAirflowFiles(
    projectDir: string,
    args: OrchestrationSettings,
    airflowVersion: string,
    problems: string[],
): AirflowFiles {
    const resolve = (p: string) => (path.isAbsolute(p) ? p : path.join(projectDir, p));
    const requirementsFile = args.requirementsFile ?? ORCHESTRATION_DEFAULTS.requirementsFile;
    let requirements = "";
    if (!fs.existsSync(resolve(requirementsFile))) {
        problems.push(`requirementsFile: ${requirementsFile} does not exist (relative to ${projectDir})`);
    } else {
        requirements = fs.readFileSync(resolve(requirementsFile), "utf8");
        const constraint =
            /^--constraint\s+"?https:\/\/raw\.githubusercontent\.com\/apache\/airflow\/constraints-([0-9.]+)\//m.exec(
                requirements,
            );
        if (constraint === null) {
            problems.push(
                `requirementsFile: ${requirementsFile} has no --constraint line for Airflow ${airflowVersion} (MWAA resolves against it)`,
            );
        } else if (constraint[1] !== airflowVersion) {
            problems.push(
                `requirementsFile: ${requirementsFile} is constrained for Airflow ${constraint[1]} but airflowVersion is ${airflowVersion}`,
            );
        }
    }
    const dagsDir = args.dagsDir ?? ORCHESTRATION_DEFAULTS.dagsDir;
    let dags: AirflowFiles["dags"] = [];
    if (!fs.existsSync(resolve(dagsDir)) || !fs.statSync(resolve(dagsDir)).isDirectory()) {
        problems.push(`dagsDir: ${dagsDir} is not a directory (relative to ${projectDir})`);
    } else {
        dags = listFiles(resolve(dagsDir)).map((absolute) => ({
            absolute,
            relative: path.relative(resolve(dagsDir), absolute).split(path.sep).join("/"),
        }));
    }
    const optional = (key: "pluginsFile" | "startupScriptFile"): string | undefined => {
        const file = args[key];
        if (file === undefined) return undefined;
        if (!fs.existsSync(resolve(file))) problems.push(`${key}: ${file} does not exist (relative to ${projectDir})`);
        return resolve(file);
    };
    return { requirements, dags, plugins: optional("pluginsFile"), startupScript: optional("startupScriptFile") };
}

/** Files below a directory, sorted, skipping caches and hidden files (but keeping Airflow's `.airflowignore`). */
function listFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => (!e.name.startsWith(".") || e.name === ".airflowignore") && e.name !== "__pycache__")
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((e) =>
            e.isDirectory() ? listFiles(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : [],
        );
}

/** MD5 of a file body (S3 ETag of a single-part upload). */
export function md5(body: Buffer): string {
    return createHash("md5").update(body).digest("hex");
}

/** A resource-name-safe form of a DAG file path. */
export function slug(relative: string): string {
    return relative
        .replace(/\.[^./]+$/, "")
        .replace(/[^A-Za-z0-9]+/g, "-")
        .toLowerCase();
}

/** The Content-Type an uploaded Airflow file gets. */
export function contentTypeOf(key: string): string {
    if (key.endsWith(".py")) return "text/x-python";
    if (key.endsWith(".txt") || key.endsWith(".airflowignore")) return "text/plain";
    if (key.endsWith(".zip")) return "application/zip";
    if (key.endsWith(".sh")) return "text/x-shellscript";
    if (key.endsWith(".yaml") || key.endsWith(".yml")) return "application/yaml";
    if (key.endsWith(".sql")) return "application/sql";
    return "application/octet-stream";
}
