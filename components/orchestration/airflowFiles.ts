/**
 * The files an MWAA environment is given (requirements, DAGs, plugins, startup script), read and checked before any
 * resource.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import {
    AIRFLOW_PYTHON_VERSION,
    AirflowVersion,
    constraintsUrl,
    ORCHESTRATION_DEFAULTS,
    OrchestrationSettings,
} from "./orchestrationSettings";

/** The files MWAA needs, read and checked before anything is registered. */
export interface AirflowFiles {
    readonly requirements: string;
    readonly dags: { relative: string; absolute: string }[];
    readonly plugins?: string;
    readonly startupScript?: string;
}

/**
 * Reads the requirements, DAGs, plugins and startup script named by the settings; problems are appended, never thrown.
 */
export function readAirflowFiles(
    projectDir: string,
    args: OrchestrationSettings,
    airflowVersion: AirflowVersion,
    problems: string[],
): AirflowFiles {
    const resolve = (p: string) => (path.isAbsolute(p) ? p : path.join(projectDir, p));
    const requirementsFile = args.requirementsFile ?? ORCHESTRATION_DEFAULTS.requirementsFile;
    let requirements = "";
    if (!fs.existsSync(resolve(requirementsFile))) {
        problems.push(`requirementsFile: ${requirementsFile} does not exist (relative to ${projectDir})`);
    } else {
        const result = requirementsFor(fs.readFileSync(resolve(requirementsFile), "utf8"), airflowVersion);
        if (typeof result === "string") problems.push(`requirementsFile: ${requirementsFile} ${result}`);
        else requirements = result.content;
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

const CONSTRAINT_LINE = /^\s*(?:--constraint|-c)[\s=]+"?([^"\s]+)"?\s*$/m;
const APACHE_CONSTRAINTS_URL =
    /^https:\/\/raw\.githubusercontent\.com\/apache\/airflow\/constraints-([0-9.]+)\/constraints-([0-9.]+)\.txt$/;

/**
 * The requirements MWAA gets for a version. MWAA resolves them against the `--constraint` file named
 * in them, or forces its own when there is none (aws/amazon-mwaa-docker-images
 * `images/airflow/<v>/python/mwaa/utils/user_requirements.py`); the platform writes the line for
 * airflowVersion when the file has none, and refuses one naming another Airflow or Python version
 * (both parts are compared: a `constraints-3.11.txt` line is wrong for 2.11.0, which runs Python 3.12).
 */
export function requirementsFor(text: string, version: AirflowVersion): { content: string } | string {
    const line = CONSTRAINT_LINE.exec(text);
    if (line === null) return { content: `--constraint "${constraintsUrl(version)}"\n${text}` };
    const url = APACHE_CONSTRAINTS_URL.exec(line[1]!);
    if (url === null) {
        return (
            `has --constraint ${line[1]}; MWAA needs an apache/airflow constraints URL ` +
            `(or drop the line and the platform writes ${constraintsUrl(version)})`
        );
    }
    const [, airflow, python] = url;
    if (airflow !== version) {
        return (
            `is constrained for Airflow ${airflow} but airflowVersion is ${version} ` +
            "(drop the line and the platform writes the right one)"
        );
    }
    if (python !== AIRFLOW_PYTHON_VERSION[version]) {
        const expected = AIRFLOW_PYTHON_VERSION[version];
        return `names constraints-${python}.txt but MWAA runs Airflow ${version} on Python ${expected}`;
    }
    return { content: text };
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
    if (key.endsWith(".json")) return "application/json";
    if (key.endsWith(".sql")) return "application/sql";
    return "application/octet-stream";
}
