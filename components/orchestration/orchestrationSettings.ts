/**
 * `mlops-platform:orchestration`: the MWAA environment's version, class, capacity, access, logs
 * and files, with the defaults per environment and the capacity rules AWS enforces.
 */
import { z } from "zod";
import { Environment, PerEnvironment } from "../core/environment";
import { relativePath } from "../core/schemaPrimitives";
import { airflowOptionProblems } from "./airflowOptionRules";
import type { Integer } from "../core/schemaPrimitives";

/** The MWAA environment classes, as a named enum. */
export const MwaaEnvironmentClass = {
    micro: "mw1.micro",
    small: "mw1.small",
    medium: "mw1.medium",
    large: "mw1.large",
    xlarge: "mw1.xlarge",
    xlarge2: "mw1.2xlarge",
} as const;
/** An MWAA environment class. */
export type MwaaEnvironmentClass = (typeof MwaaEnvironmentClass)[keyof typeof MwaaEnvironmentClass];

/**
 * Worker/scheduler/webserver limits AWS enforces for each MWAA environment class. mw1.micro runs one web server
 * and one combined worker and scheduler, and "does not support auto-scaling" (MWAA User Guide, "Configuring the
 * Amazon MWAA environment class", https://docs.aws.amazon.com/mwaa/latest/userguide/environment-class.html);
 * Schedulers, MinWebservers and MaxWebservers: "For environments larger than mw1.micro, accepts values from 2 to 5.
 * Defaults to 2 for all environment sizes except mw1.micro, which defaults to 1" (CreateEnvironment, AWS SDK for
 * Kotlin reference, `CreateEnvironmentRequest.schedulers`); web servers "between `2` and `5` if `environmentClass`
 * is not `mw1.micro`, `1` otherwise" (@pulumi/aws `mwaa/environment.d.ts`, minWebservers/maxWebservers).
 */
export const MWAA_CLASS_LIMITS: Record<
    MwaaEnvironmentClass,
    { maxWorkers: number; maxSchedulers: number; maxWebservers: number }
> = {
    "mw1.micro": { maxWorkers: 1, maxSchedulers: 1, maxWebservers: 1 },
    "mw1.small": { maxWorkers: 25, maxSchedulers: 5, maxWebservers: 5 },
    "mw1.medium": { maxWorkers: 25, maxSchedulers: 5, maxWebservers: 5 },
    "mw1.large": { maxWorkers: 25, maxSchedulers: 5, maxWebservers: 5 },
    "mw1.xlarge": { maxWorkers: 25, maxSchedulers: 5, maxWebservers: 5 },
    "mw1.2xlarge": { maxWorkers: 25, maxSchedulers: 5, maxWebservers: 5 },
};
const MWAA_CLASSES = Object.keys(MWAA_CLASS_LIMITS) as [MwaaEnvironmentClass, ...MwaaEnvironmentClass[]];

/**
 * Where the MWAA webserver (Airflow UI/API) is reachable from: "Possible options: `PRIVATE_ONLY` (default),
 * `PUBLIC_ONLY` and `PUBLIC_AND_PRIVATE`" (@pulumi/aws 7.48 `mwaa/environment.d.ts`, webserverAccessMode).
 */
export const WebserverAccessMode = {
    privateOnly: "PRIVATE_ONLY",
    publicOnly: "PUBLIC_ONLY",
    publicAndPrivate: "PUBLIC_AND_PRIVATE",
} as const;
/** A webserver access mode. */
export type WebserverAccessMode = (typeof WebserverAccessMode)[keyof typeof WebserverAccessMode];

/** The access modes that put the Airflow UI on the internet (refused in prod). */
export const PUBLIC_WEBSERVER_ACCESS_MODES: readonly WebserverAccessMode[] = ["PUBLIC_ONLY", "PUBLIC_AND_PRIVATE"];

/**
 * How MWAA replaces workers during an environment update: "Forced - Stops and replaces Apache Airflow
 * workers without waiting for tasks to complete before an update. Graceful - Allows Apache Airflow workers
 * to complete running tasks for up to 12 hours during an update before they're stopped and replaced"
 * (UpdateEnvironment `WorkerReplacementStrategy`; values `FORCED`, `GRACEFUL` in @pulumi/aws 7.48
 * `mwaa/environment.d.ts`). MWAA: "graceful updates are not yet supported in the Canada West (Calgary) and
 * Asia Pacific (Malaysia) regions" (https://docs.aws.amazon.com/mwaa/latest/userguide/update-environment.html).
 */
export const WorkerReplacementStrategy = { forced: "FORCED", graceful: "GRACEFUL" } as const;
/** A worker replacement strategy. */
export type WorkerReplacementStrategy = (typeof WorkerReplacementStrategy)[keyof typeof WorkerReplacementStrategy];

/** Airflow log levels MWAA ships to CloudWatch (DEBUG is deliberately not offered). */
export const AirflowLogLevel = { info: "INFO", warning: "WARNING", error: "ERROR", critical: "CRITICAL" } as const;
/** An Airflow log level. */
export type AirflowLogLevel = (typeof AirflowLogLevel)[keyof typeof AirflowLogLevel];

/**
 * Airflow versions MWAA's API accepts (an `as const` object: Pulumi's schema inference reads it as an
 * enum). 2.7.2 to 2.10.3: the valid values of CreateEnvironment's AirflowVersion (AWS SDK for Kotlin
 * reference, `CreateEnvironmentRequest.airflowVersion`; older ones are past MWAA's end of support);
 * 2.11.0: "Apache Airflow 2.11 support" (aws.amazon.com/about-aws/whats-new/2026/01/
 * apache-airflow-2-11-support-amazon-managed-workflows/); 3.0.6: MWAA's Airflow 3 release, whose image
 * is `images/airflow/3.0.6/` of aws/amazon-mwaa-docker-images. That repository also carries 2.11.2, 3.2.1
 * and 3.3.1, but no MWAA document or API model we could read accepts them yet: they stay out until one does.
 */
export const AirflowVersion = {
    v2_7_2: "2.7.2",
    v2_8_1: "2.8.1",
    v2_9_2: "2.9.2",
    v2_10_1: "2.10.1",
    v2_10_3: "2.10.3",
    v2_11_0: "2.11.0",
    v3_0_6: "3.0.6",
} as const;
/** An Airflow version MWAA runs. */
export type AirflowVersion = (typeof AirflowVersion)[keyof typeof AirflowVersion];

/** Default Airflow version of a generated MWAA environment: the newest 3.x MWAA accepts. */
export const DEFAULT_AIRFLOW_VERSION: AirflowVersion = "3.0.6";

/**
 * The Python each MWAA version runs, which names its constraints file (`constraints-<python>.txt`):
 * 3.11 up to 2.10.x, 3.12 from 2.11.0 (the `NOTE: ... copied from` line of each vendored file under
 * `airflow/constraints/`, checked by `test/orchestration/constraints.spec.ts`).
 */
export const AIRFLOW_PYTHON_VERSION: Record<AirflowVersion, "3.11" | "3.12"> = {
    "2.7.2": "3.11",
    "2.8.1": "3.11",
    "2.9.2": "3.11",
    "2.10.1": "3.11",
    "2.10.3": "3.11",
    "2.11.0": "3.12",
    "3.0.6": "3.12",
};

/**
 * The constraints URL MWAA resolves a version's requirements against (MWAA guide, "Installing Python dependencies").
 */
export function constraintsUrl(version: AirflowVersion): string {
    return (
        "https://raw.githubusercontent.com/apache/airflow/" +
        `constraints-${version}/constraints-${AIRFLOW_PYTHON_VERSION[version]}.txt`
    );
}

/** Defaults of the files and access that do not depend on the environment. */
export const ORCHESTRATION_DEFAULTS = {
    /** The repository's requirements file (the platform writes its `--constraint` line per version). */
    requirementsFile: "airflow/requirements.txt",
    /** The repository's DAG folder, uploaded to the DAG bucket's `dags/`. */
    dagsDir: "airflow/dags",
    /** The Airflow UI only inside the VPC. */
    webserverAccessMode: "PRIVATE_ONLY",
    /** Log level of every Airflow log type (DEBUG would log secrets' surroundings and cost more). */
    logLevel: "INFO",
    /** Airflow version of a generated MWAA environment: the newest 3.x MWAA accepts (`DEFAULT_AIRFLOW_VERSION`). */
    airflowVersion: DEFAULT_AIRFLOW_VERSION,
} as const;

/**
 * MWAA capacity defaults per environment. Dev runs mw1.micro, the cheapest class (docs/cost.md); the counts are
 * the ones a larger class gets when dev's config names one, since mw1.micro always runs one of each
 * (`resolveMwaaCapacity`).
 *
 * mw1.micro with Airflow 3.0.6: no AWS page lists the classes per Airflow version, and none says AWS refuses the
 * pair. The User Guide's environment-class page describes mw1.micro with no version condition; the API reference
 * names 3.0.6 among the AirflowVersion values and mw1.micro among the EnvironmentClass values with no rule between
 * them (MWAA API Reference `Environment`; AWS SDK for Kotlin `Environment.environmentClass`); and AWS's 3.0.6
 * image ships the `hybrid` command, the combined scheduler and worker container mw1.micro runs
 * (aws/amazon-mwaa-docker-images@9d2bebb5, images/airflow/3.0.6/python/mwaa/execute_command.py).
 */
export const MWAA_DEFAULTS: PerEnvironment<{
    /** MWAA environment class. */
    readonly environmentClass: MwaaEnvironmentClass;
    /** MWAA maximum workers. */
    readonly maxWorkers: Integer;
    /** MWAA minimum workers (always running). */
    readonly minWorkers: Integer;
    /** MWAA schedulers (2–5 for mw1.small and larger; mw1.micro always runs 1). */
    readonly schedulers: Integer;
    /** MWAA minimum webservers (mw1.micro always runs 1). */
    readonly minWebservers: Integer;
    /** MWAA maximum webservers (mw1.micro always runs 1). */
    readonly maxWebservers: Integer;
    /** How updates replace workers: FORCED outside prod (fast), GRACEFUL in prod (running tasks finish). */
    readonly workerReplacementStrategy: WorkerReplacementStrategy;
}> = {
    dev: {
        environmentClass: "mw1.micro",
        maxWorkers: 2,
        minWorkers: 1,
        schedulers: 2,
        minWebservers: 2,
        maxWebservers: 2,
        workerReplacementStrategy: "FORCED",
    },
    staging: {
        environmentClass: "mw1.small",
        maxWorkers: 5,
        minWorkers: 1,
        schedulers: 2,
        minWebservers: 2,
        maxWebservers: 2,
        workerReplacementStrategy: "FORCED",
    },
    prod: {
        environmentClass: "mw1.small",
        maxWorkers: 5,
        minWorkers: 2,
        schedulers: 2,
        minWebservers: 2,
        maxWebservers: 3,
        workerReplacementStrategy: "GRACEFUL",
    },
};

/** The MWAA settings of the stack config (`mlops-platform:orchestration`), shared by the component and the platform. */
export interface OrchestrationSettings {
    /** Airflow version. Default: 3.0.6 (the newest 3.x MWAA accepts). */
    readonly airflowVersion?: AirflowVersion;
    /** Environment class. Default: mw1.micro in dev, mw1.small in staging and prod. */
    readonly environmentClass?: MwaaEnvironmentClass;
    /** Workers always running. Default: 1 (2 in prod). */
    readonly minWorkers?: Integer;
    /** Worker ceiling for autoscaling. Default: 2 in dev, 5 in staging/prod. */
    readonly maxWorkers?: Integer;
    /** Schedulers. Default: 2 (1 on mw1.micro, which accepts no other count). */
    readonly schedulers?: Integer;
    /** Minimum webservers. Default: 2 (1 on mw1.micro). */
    readonly minWebservers?: Integer;
    /** Maximum webservers. Default: 2, 3 in prod (1 on mw1.micro). */
    readonly maxWebservers?: Integer;
    /** Where the Airflow UI is reachable. Default: PRIVATE_ONLY; PUBLIC_ONLY, PUBLIC_AND_PRIVATE refused in prod. */
    readonly webserverAccessMode?: WebserverAccessMode;
    /** How environment updates replace workers. Default: FORCED, GRACEFUL in prod. */
    readonly workerReplacementStrategy?: WorkerReplacementStrategy;
    /** Level of all five Airflow log types (INFO or above). Default: INFO. */
    readonly logLevel?: AirflowLogLevel;
    /** Weekly maintenance window start (UTC), e.g. `SUN:03:00`. Default: AWS chooses. */
    readonly weeklyMaintenanceWindowStart?: string;
    /**
     * requirements.txt to install. Default: `airflow/requirements.txt`. Without a `--constraint` line the
     * platform writes the one of airflowVersion; with one, it must name airflowVersion and its Python.
     */
    readonly requirementsFile?: string;
    /** Directory whose files are uploaded to `dags/` (recursively). Default: `airflow/dags`. */
    readonly dagsDir?: string;
    /** plugins.zip to upload and pin. Default: none. */
    readonly pluginsFile?: string;
    /** Startup shell script to upload and pin. Default: none. */
    readonly startupScriptFile?: string;
    /** Extra Airflow configuration options (`section.option` → value), merged over the defaults. */
    readonly airflowConfigurationOptions?: Record<string, string>;
}

/** Schema of `mlops-platform:orchestration`. */
export const orchestrationSchema = z
    .strictObject({
        enabled: z.boolean().optional(),
        airflowVersion: z.enum(AirflowVersion).optional(),
        environmentClass: z.enum(MWAA_CLASSES).optional(),
        minWorkers: z.number().int().min(1).max(25).optional(),
        maxWorkers: z.number().int().min(1).max(25).optional(),
        schedulers: z.number().int().min(1).max(5).optional(),
        minWebservers: z.number().int().min(1).max(5).optional(),
        maxWebservers: z.number().int().min(1).max(5).optional(),
        webserverAccessMode: z.enum(WebserverAccessMode).optional(),
        workerReplacementStrategy: z.enum(WorkerReplacementStrategy).optional(),
        logLevel: z.enum(AirflowLogLevel).optional(),
        weeklyMaintenanceWindowStart: z
            .string()
            .regex(/^(MON|TUE|WED|THU|FRI|SAT|SUN):([01]\d|2[0-3]):(00|30)$/, {
                error: "must look like SUN:03:00 (UTC, on the hour or half hour)",
            })
            .optional(),
        requirementsFile: relativePath.optional(),
        dagsDir: relativePath.optional(),
        pluginsFile: relativePath.optional(),
        startupScriptFile: relativePath.optional(),
        airflowConfigurationOptions: z
            .record(z.string().regex(/^[a-z_]+\.[a-z_]+$/, { error: "keys look like section.option" }), z.string())
            .optional(),
    })
    .superRefine((o, ctx) => {
        for (const problem of mwaaCapacityProblems(o)) {
            ctx.addIssue({ code: "custom", path: [problem.key], message: problem.message });
        }
        for (const p of airflowOptionProblems(o.airflowConfigurationOptions)) ctx.addIssue({ code: "custom", ...p });
    });

/** The capacity keys, for attributing a problem of resolved values to a key the config sets. */
export const MWAA_CAPACITY_KEYS: Record<keyof MwaaCapacity, true> = {
    environmentClass: true,
    minWorkers: true,
    maxWorkers: true,
    schedulers: true,
    minWebservers: true,
    maxWebservers: true,
};

/** MWAA capacity settings, as configured or as resolved with the environment profile. */
export interface MwaaCapacity {
    readonly environmentClass?: MwaaEnvironmentClass;
    readonly minWorkers?: Integer;
    readonly maxWorkers?: Integer;
    readonly schedulers?: Integer;
    readonly minWebservers?: Integer;
    readonly maxWebservers?: Integer;
}

/**
 * What AWS refuses for an MWAA class: counts above the class limits (on mw1.micro: more than 1 worker, scheduler
 * or web server), min above max, and fewer than 2 schedulers or webservers on larger classes.
 */
export function mwaaCapacityProblems(o: MwaaCapacity): { key: keyof MwaaCapacity; message: string }[] {
    const problems: { key: keyof MwaaCapacity; message: string }[] = [];
    const environmentClass = o.environmentClass ?? "mw1.small";
    const limits = MWAA_CLASS_LIMITS[environmentClass];
    const micro = environmentClass === "mw1.micro";
    const bounded = [
        ["maxWorkers", o.maxWorkers, limits.maxWorkers],
        ["minWorkers", o.minWorkers, limits.maxWorkers],
        ["schedulers", o.schedulers, limits.maxSchedulers],
        ["maxWebservers", o.maxWebservers, limits.maxWebservers],
        ["minWebservers", o.minWebservers, limits.maxWebservers],
    ] as const;
    for (const [key, value, max] of bounded) {
        if (value !== undefined && value > max) {
            const why = micro ? " (it runs one of each and does not autoscale)" : "";
            problems.push({ key, message: `must be at most ${max} for environmentClass ${environmentClass}${why}` });
        }
    }
    if (o.minWorkers !== undefined && o.maxWorkers !== undefined && o.minWorkers > o.maxWorkers) {
        problems.push({ key: "minWorkers", message: `must be at most maxWorkers (${o.minWorkers} > ${o.maxWorkers})` });
    }
    if (o.minWebservers !== undefined && o.maxWebservers !== undefined && o.minWebservers > o.maxWebservers) {
        problems.push({
            key: "minWebservers",
            message: `must be at most maxWebservers (${o.minWebservers} > ${o.maxWebservers})`,
        });
    }
    if (!micro && o.schedulers !== undefined && o.schedulers < 2) {
        problems.push({ key: "schedulers", message: `must be 2-5 for environmentClass ${environmentClass}` });
    }
    for (const key of ["minWebservers", "maxWebservers"] as const) {
        const value = o[key];
        if (!micro && value !== undefined && value < 2) {
            problems.push({ key, message: `must be 2-5 for environmentClass ${environmentClass}` });
        }
    }
    return problems;
}

/** MWAA capacity with every unset value taken from the environment profile (mw1.micro: 1 of each). */
export function resolveMwaaCapacity(environment: Environment, o: MwaaCapacity): Required<MwaaCapacity> {
    const d = MWAA_DEFAULTS[environment];
    const environmentClass = o.environmentClass ?? d.environmentClass;
    const micro = environmentClass === "mw1.micro";
    const maxWorkers = o.maxWorkers ?? (micro ? 1 : d.maxWorkers);
    const maxWebservers = o.maxWebservers ?? (micro ? 1 : d.maxWebservers);
    return {
        environmentClass,
        maxWorkers,
        minWorkers: o.minWorkers ?? Math.min(micro ? 1 : d.minWorkers, maxWorkers),
        schedulers: o.schedulers ?? (micro ? 1 : d.schedulers),
        maxWebservers,
        minWebservers: o.minWebservers ?? Math.min(micro ? 1 : d.minWebservers, maxWebservers),
    };
}

/**
 * MWAA environment names: "Minimum length of 1. Maximum length of 80. Pattern: ^[a-zA-Z][0-9a-zA-Z-_]*$"
 * (https://docs.aws.amazon.com/mwaa/latest/API/API_CreateEnvironment.html). Undefined when valid.
 */
export function mwaaEnvironmentNameProblem(name: string): string | undefined {
    return /^[a-zA-Z][0-9a-zA-Z_-]{0,79}$/.test(name)
        ? undefined
        : `MWAA environment name "${name}" must start with a letter and hold only letters, digits, - and _ ` +
              `(max 80 characters; it is ${name.length})`;
}
