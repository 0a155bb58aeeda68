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
        const root = fs.realpathSync(resolve(dagsDir));
        const project = fs.realpathSync(projectDir);
        if (project === root || project.startsWith(root + path.sep)) {
            problems.push(
                `dagsDir: ${dagsDir} is the project directory or above it; name the folder holding only the DAGs`,
            );
        } else {
            const listing = listDags(root);
            if (typeof listing === "string") problems.push(`dagsDir: ${dagsDir} ${listing}`);
            else
                dags = listing.map((absolute) => ({
                    absolute,
                    relative: path.relative(root, absolute).split(path.sep).join("/"),
                }));
        }
    }
    const optional = (key: "pluginsFile" | "startupScriptFile"): string | undefined => {
        const file = args[key];
        if (file === undefined) return undefined;
        if (!fs.existsSync(resolve(file))) problems.push(`${key}: ${file} does not exist (relative to ${projectDir})`);
        return resolve(file);
    };
    return { requirements, dags, plugins: optional("pluginsFile"), startupScript: optional("startupScriptFile") };
}

/**
 * Bounds of the DAG folder. Each file becomes one S3 object resource in the plan and the state,
 * so the folder is capped well below what would make the plan itself slow: 500 files, 50 MiB.
 * MWAA itself parses every file under dags/ on every scheduler loop
 * (https://docs.aws.amazon.com/mwaa/latest/userguide/best-practices-tuning.html), so a folder that
 * large is already a mistake there.
 */
export const DAG_FOLDER_LIMITS = { files: 500, bytes: 50 * 1024 * 1024 } as const;

/** Folders that must never be uploaded as DAGs (dependencies, VCS metadata, virtualenvs). */
const FORBIDDEN_FOLDERS = ["node_modules", ".git", ".venv", "venv"];

/**
 * Files below the DAG folder, sorted, skipping caches and hidden files (but keeping Airflow's
 * `.airflowignore`); a string saying what is wrong once a forbidden folder or a limit is met — the
 * walk stops there, so a huge tree cannot exhaust the heap.
 */
function listDags(root: string): string[] | string {
    const out: string[] = [];
    let bytes = 0;
    const walk = (dir: string): string | undefined => {
        const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
        for (const e of entries) {
            const full = path.join(dir, e.name);
            if (e.isDirectory() && FORBIDDEN_FOLDERS.includes(e.name))
                return `contains ${path.relative(root, full)}; it would be uploaded to the DAG bucket`;
            if ((e.name.startsWith(".") && e.name !== ".airflowignore") || e.name === "__pycache__") continue;
            if (e.isDirectory()) {
                const problem = walk(full);
                if (problem) return problem;
            } else if (e.isFile()) {
                out.push(full);
                bytes += fs.statSync(full).size;
                if (out.length > DAG_FOLDER_LIMITS.files)
                    return `holds more than ${DAG_FOLDER_LIMITS.files} files; point it at the DAGs only`;
                if (bytes > DAG_FOLDER_LIMITS.bytes)
                    return `holds more than ${DAG_FOLDER_LIMITS.bytes / 1024 / 1024} MiB; point it at the DAGs only`;
            }
        }
        return undefined;
    };
    return walk(root) ?? out;
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
