/**
 * `Orchestration`'s arguments checked and resolved before anything is registered: the settings
 * against their schema (as given, then with the environment's capacity defaults), the pipelines,
 * the rules the schema cannot state (prod access mode, environment name, log retention) and the
 * Airflow files read from disk. Every problem is reported at once, as one ConfigError.
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { ConfigError, validateComponentArgs } from "../core/configErrors";
import { PLATFORM_DEFAULTS } from "../core/environment";
import { CLOUDWATCH_RETENTION_DAYS } from "../core/logs";
import { AirflowFiles, readAirflowFiles } from "./airflowFiles";
import type { OrchestrationArgs } from "./orchestration";
import { pipelineSchema } from "./pipelineSettings";
import {
    AirflowVersion,
    DEFAULT_AIRFLOW_VERSION,
    MwaaCapacity,
    mwaaEnvironmentNameProblem,
    ORCHESTRATION_DEFAULTS,
    PUBLIC_WEBSERVER_ACCESS_MODES,
    orchestrationSchema,
    resolveMwaaCapacity,
    WebserverAccessMode,
} from "./orchestrationSettings";
import type { Integer } from "../core/schemaPrimitives";

/** The arguments with every default applied, and the files they name. */
export interface CheckedOrchestrationArgs {
    readonly capacity: Required<MwaaCapacity>;
    readonly webserverAccessMode: WebserverAccessMode;
    readonly environmentName: string;
    readonly logRetentionDays: Integer;
    readonly airflowVersion: AirflowVersion;
    readonly files: AirflowFiles;
}

/** Checks `args` of the component `name`; throws one ConfigError naming every problem. */
export function checkOrchestrationArgs(name: string, args: OrchestrationArgs): CheckedOrchestrationArgs {
    const settings = {
        airflowVersion: args.airflowVersion,
        environmentClass: args.environmentClass,
        minWorkers: args.minWorkers,
        maxWorkers: args.maxWorkers,
        schedulers: args.schedulers,
        minWebservers: args.minWebservers,
        maxWebservers: args.maxWebservers,
        webserverAccessMode: args.webserverAccessMode,
        workerReplacementStrategy: args.workerReplacementStrategy,
        logLevel: args.logLevel,
        weeklyMaintenanceWindowStart: args.weeklyMaintenanceWindowStart,
        requirementsFile: args.requirementsFile,
        dagsDir: args.dagsDir,
        pluginsFile: args.pluginsFile,
        startupScriptFile: args.startupScriptFile,
        airflowConfigurationOptions: args.airflowConfigurationOptions,
    };
    const subject = `Orchestration ${name}`;
    validateComponentArgs(subject, orchestrationSchema, settings);
    const capacity = resolveMwaaCapacity(args.environment, args);
    // The resolved values (explicit + profile defaults) must hold together too.
    validateComponentArgs(subject, orchestrationSchema, { ...settings, ...capacity });
    if (args.pipelines !== undefined) validateComponentArgs(`${subject} pipelines`, pipelineSchema, args.pipelines);
    const problems: string[] = [];
    const webserverAccessMode = args.webserverAccessMode ?? ORCHESTRATION_DEFAULTS.webserverAccessMode;
    if (args.environment === "prod" && PUBLIC_WEBSERVER_ACCESS_MODES.includes(webserverAccessMode)) {
        problems.push(
            `webserverAccessMode: ${webserverAccessMode} is refused in prod; ` +
                "use PRIVATE_ONLY and reach the UI through the VPC",
        );
    }
    const environmentName = args.environmentName ?? name;
    const nameProblem = mwaaEnvironmentNameProblem(environmentName);
    if (nameProblem !== undefined) problems.push(`environmentName: ${nameProblem}`);
    const logRetentionDays = args.logRetentionDays ?? PLATFORM_DEFAULTS[args.environment].logRetentionDays;
    if (!CLOUDWATCH_RETENTION_DAYS.includes(logRetentionDays)) {
        problems.push(`logRetentionDays: must be one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`);
    }
    const airflowVersion = args.airflowVersion ?? DEFAULT_AIRFLOW_VERSION;
    // The Pulumi project directory (where Pulumi.yaml is); mock runs have none and use the working directory.
    const root = pulumi.runtime.getRootDirectory();
    const projectDir = args.projectDir ?? (path.isAbsolute(root) && fs.existsSync(root) ? root : process.cwd());
    const files = readAirflowFiles(projectDir, args, airflowVersion, problems);
    if (problems.length > 0) throw new ConfigError(problems, `arguments of ${subject}`);
    return { capacity, webserverAccessMode, environmentName, logRetentionDays, airflowVersion, files };
}
