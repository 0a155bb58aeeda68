/**
 * The generated Feast repository against Feast's API at the pinned version: the vendored
 * `fixtures/feast-0.66.0-api.json` is extracted from feast-dev/feast@v0.66.0 by
 * `tools/feast/extract_feast_api.py`; `tools/feast/check_feast_module.py` checks a module against it.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { FEATURE_TYPE_TO_FEAST, renderFeatureDefinitions } from "../../components/featureStore/feastDefinitions";
import {
    feastRepository,
    FeastRepositoryInputs,
    repositoryVersion,
} from "../../components/featureStore/feastRepository";
import { FeatureViewArgs } from "../../components/featureStore/featureViewSettings";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const API_FILE = path.join(ROOT, "test", "featureStore", "fixtures", "feast-0.66.0-api.json");
const API = JSON.parse(fs.readFileSync(API_FILE, "utf8"));
const CHECKER = path.join(ROOT, "tools", "feast", "check_feast_module.py");

const VIEWS: FeatureViewArgs[] = [
    {
        name: "customer_rfm_features",
        entity: "customer",
        joinKey: "customerid",
        features: { recency: "int32", MonetaryValue: "double", segment: "string", active: "bool" },
    },
    {
        name: "customer_ltv",
        entity: "customer",
        joinKey: "customerid",
        features: { ltv: "float", n_orders: "int64", last_seen: "timestamp" },
    },
    { name: "store_stats", entity: "store", joinKey: "store_id", joinKeyType: "int64", features: { visits: "int64" } },
];

function inputs(redshift: FeastRepositoryInputs["redshift"]): FeastRepositoryInputs {
    return {
        project: "customer_segmentation",
        region: "us-east-1",
        registryPath: "s3://registry-bucket/registry.db",
        redshift,
        database: "feast",
        s3StagingLocation: "s3://offline-bucket/staging",
        iamRole: "arn:aws:iam::123456789012:role/feast-redshift",
        featureViews: VIEWS,
        externalSchema: "feast_offline",
    };
}

/**
 * One python3 process for every Python check of the spec: py_compile of one module, the checker
 * (run as its own `__main__`, as `python3 check_feast_module.py <api> <module>` runs it) on each
 * module text, and pipelines/feature_repo_version.py on each repository's files.
 */
const PYTHON_BATCH = [
    "import contextlib, io, json, py_compile, runpy, sys",
    "jobs = json.load(sys.stdin)",
    "out = {'compile': None, 'checks': [], 'versions': []}",
    "try:",
    "    py_compile.compile(jobs['compile'], doraise=True)",
    "except py_compile.PyCompileError as err:",
    "    out['compile'] = str(err)",
    "for module in jobs['check']:",
    "    sys.argv = [jobs['checker'], jobs['api'], module]",
    "    buf = io.StringIO()",
    "    status = 0",
    "    try:",
    "        with contextlib.redirect_stdout(buf):",
    "            runpy.run_path(jobs['checker'], run_name='__main__')",
    "    except SystemExit as exit:",
    "        status = exit.code",
    "    out['checks'].append({'status': status, 'stdout': buf.getvalue()})",
    "sys.path.insert(0, jobs['pipelines'])",
    "from feature_repo_version import repository_version",
    "out['versions'] = [repository_version(files) for files in jobs['versions']]",
    "print(json.dumps(out))",
].join("\n");

interface PythonResults {
    readonly compile: string | null;
    readonly checks: { status: number; stdout: string }[];
    readonly versions: string[];
}

/** Writes `text` as features.py in a fresh temporary folder; returns its path. */
function moduleFile(text: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "feast-")), "features.py");
    fs.writeFileSync(file, text);
    return file;
}

/** Runs the batch: `compile` py_compiled, `check` through the checker, `versions` hashed. */
function runPython(jobs: { compile: string; check: string[]; versions: Record<string, string>[] }): PythonResults {
    const input = JSON.stringify({ ...jobs, checker: CHECKER, api: API_FILE, pipelines: path.join(ROOT, "pipelines") });
    return JSON.parse(execFileSync("python3", ["-c", PYTHON_BATCH], { input, encoding: "utf8" })) as PythonResults;
}

/** A checker run's exit code and output lines. */
function checked(run: { status: number; stdout: string }): { status: number; lines: string[] } {
    return { status: run.status, lines: run.stdout.trim().split("\n") };
}

describe("Generated Feast repository (feast 0.66.0)", () => {
    const serverless = feastRepository(inputs({ workgroup: "mlops-dev-features" }));
    const cluster = feastRepository(inputs({ clusterId: "mlops-prod-features", user: "feast_pipeline" }));
    const broken = serverless.files["features.py"]
        .replace("from feast.types import Bool,", "from feast.types import Bool, Float,")
        .replace("    online=True,\n", "    online=True,\n    ttl_days=3,\n")
        .replace("ValueType.INT64", "ValueType.LONG")
        .replace('Field(name="visits", dtype=Int64)', 'Field(name="visits")');
    let python: PythonResults | undefined;
    // Computed by the first test that needs it (one python3 process for all of them).
    const results = (): PythonResults =>
        (python ??= runPython({
            compile: moduleFile(serverless.files["features.py"]),
            check: [moduleFile(serverless.files["features.py"]), moduleFile(broken)],
            versions: [serverless.files, cluster.files],
        }));

    it("vendors the API extracted from feast-dev/feast v0.66.0, with its source line", () => {
        assert.match(API.source, /^feast-dev\/feast@v0\.66\.0 \(1d5be950cf718a674cb01eaf0fd0ad6f0a4c6335\) /);
        assert.deepStrictEqual(Object.keys(API.classes), ["Entity", "FeatureView", "Field", "RedshiftSource"]);
    });

    it("features.py compiles (python3 -m py_compile)", () => {
        assert.strictEqual(results().compile, null);
    });

    it("imports only names Feast exports and calls its classes with their keywords only", () => {
        assert.deepStrictEqual(checked(results().checks[0]), { status: 0, lines: ["ok"] });
    });

    it("the checker catches a wrong keyword, a missing required keyword, an unknown type and enum member", () => {
        assert.notStrictEqual(broken, serverless.files["features.py"]);
        const r = checked(results().checks[1]);
        assert.strictEqual(r.status, 1);
        assert.deepStrictEqual(r.lines.map((l) => l.replace(/^line \d+: /, "")).sort(), [
            "FeatureView has no keyword ttl_days",
            "Field requires dtype",
            "ValueType has no member LONG",
            "feast.types has no Float",
        ]);
    });

    it("renders one Entity per entity and one RedshiftSource + FeatureView per view, exactly", () => {
        const text = renderFeatureDefinitions([VIEWS[2]], "feast_offline");
        assert.strictEqual(
            text.split('"""').slice(2).join('"""'),
            [
                "",
                "from feast import Entity, FeatureView, Field, RedshiftSource, ValueType",
                "from feast.types import Int64",
                "",
                "",
                "entity_store = Entity(",
                '    name="store",',
                '    join_keys=["store_id"],',
                "    value_type=ValueType.INT64,",
                '    description="Entity store, identified by store_id",',
                ")",
                "",
                "source_store_stats = RedshiftSource(",
                '    name="store_stats_source",',
                '    schema="feast_offline",',
                '    table="store_stats",',
                '    timestamp_field="event_timestamp",',
                '    created_timestamp_column="created_timestamp",',
                '    description="Glue table store_stats through external schema feast_offline",',
                ")",
                "",
                "view_store_stats = FeatureView(",
                '    name="store_stats",',
                "    entities=[entity_store],",
                "    schema=[",
                '        Field(name="store_id", dtype=Int64),',
                '        Field(name="visits", dtype=Int64),',
                "    ],",
                "    source=source_store_stats,",
                "    online=True,",
                ")",
                "",
            ].join("\n"),
        );
        const full = serverless.files["features.py"];
        assert.deepStrictEqual(full.match(/^entity_\w+ = Entity\(/gm), [
            "entity_customer = Entity(",
            "entity_store = Entity(",
        ]);
        assert.deepStrictEqual(full.match(/^view_\w+ = FeatureView\(/gm)!.length, 3);
        assert.match(full, /^from feast\.types import Bool, Float32, Float64, Int32, Int64, String, UnixTimestamp$/m);
        // Glue folds column names to lower case; the Feast field must name the column Redshift returns.
        assert.match(full, /Field\(name="monetaryvalue", dtype=Float64\)/);
    });

    it("maps every feature type to a feast.types name Feast defines", () => {
        for (const name of Object.values(FEATURE_TYPE_TO_FEAST))
            assert.ok(API.modules["feast.types"].includes(name), name);
    });

    it("feature_store.yaml sets only RepoConfig / RegistryConfig / store-config keys, and every required one", () => {
        const configs = API.configs;
        const fieldsOf = (c: string) => configs[c].fields as string[];
        for (const repo of [serverless, cluster]) {
            const doc = parse(repo.files["feature_store.yaml"]);
            const top = Object.keys(doc).map((k) => configs.RepoConfig.aliases[k] ?? k);
            assert.deepStrictEqual(
                top.filter((k) => !fieldsOf("RepoConfig").includes(k)),
                [],
            );
            assert.deepStrictEqual(
                Object.keys(doc.registry).filter((k) => !fieldsOf("RegistryConfig").includes(k)),
                [],
            );
            for (const [section, config] of [
                ["online_store", "DynamoDBOnlineStoreConfig"],
                ["offline_store", "RedshiftOfflineStoreConfig"],
            ]) {
                assert.deepStrictEqual(
                    Object.keys(doc[section]).filter((k) => !fieldsOf(config).includes(k)),
                    [],
                    section,
                );
                for (const key of configs[config].required) assert.ok(key in doc[section], `${section}.${key}`);
            }
        }
    });

    it("names the engine as RedshiftOfflineStoreConfig's validator demands: workgroup, or cluster_id + user", () => {
        const s = parse(serverless.files["feature_store.yaml"]);
        const c = parse(cluster.files["feature_store.yaml"]);
        assert.deepStrictEqual(s.offline_store, {
            type: "redshift",
            region: "us-east-1",
            workgroup: "mlops-dev-features",
            database: "feast",
            s3_staging_location: "s3://offline-bucket/staging",
            iam_role: "arn:aws:iam::123456789012:role/feast-redshift",
        });
        assert.deepStrictEqual(
            [c.offline_store.cluster_id, c.offline_store.user, c.offline_store.workgroup],
            ["mlops-prod-features", "feast_pipeline", undefined],
        );
        assert.deepStrictEqual(s.online_store, {
            type: "dynamodb",
            region: "us-east-1",
            table_name_template: "{project}.{table_name}",
        });
        assert.deepStrictEqual(s.registry, { registry_type: "file", path: "s3://registry-bucket/registry.db" });
    });

    it("versions the repository by content, and pipelines/feature_repo_version.py computes the same hash", () => {
        assert.match(serverless.version, /^[0-9a-f]{16}$/);
        assert.notStrictEqual(serverless.version, cluster.version);
        assert.strictEqual(feastRepository(inputs({ workgroup: "mlops-dev-features" })).version, serverless.version);
        assert.strictEqual(repositoryVersion(serverless.files), serverless.version);
        assert.deepStrictEqual(results().versions, [serverless.version, cluster.version]);
    });
});
