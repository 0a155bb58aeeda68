/**
 * The DAGs import under every accepted Airflow version (issue 10, item 3): one python3 process parses
 * every DAG with `ast`; each imported module must exist in the amazon provider version that version's
 * vendored constraints file pins (module lists from the provider's provider.yaml, vendored in
 * test/fixtures/amazonProviderModules.json), in Airflow core (3.x-valid names), in the DAG folder, or
 * in Python's standard library.
 */
import { execFileSync } from "child_process";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { AirflowVersion } from "../../components/orchestration/orchestrationSettings";

const projectDir = path.resolve(__dirname, "..", "..", "..");
const dagsDir = path.join(projectDir, "airflow", "dags");
const VERSIONS = Object.values(AirflowVersion);

interface Snapshot {
    readonly providerVersion: string;
    readonly commit: string;
    readonly operators: string[];
}
const MODULES = JSON.parse(
    fs.readFileSync(path.join(projectDir, "test", "fixtures", "amazonProviderModules.json"), "utf8"),
) as { snapshots: Snapshot[]; core: { names: Record<string, string[]> } };

const compare = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

/** The amazon provider version a vendored constraints file pins. */
function amazonProvider(version: string): string {
    const text = fs.readFileSync(path.join(projectDir, "airflow", "constraints", `${version}.txt`), "utf8");
    return /^apache-airflow-providers-amazon==(\S+)$/m.exec(text)![1]!;
}

/** The snapshots bracketing a provider version: the newest at or below it and the oldest at or above it. */
function bracketing(provider: string): Snapshot[] {
    const sorted = [...MODULES.snapshots].sort((a, b) => compare(a.providerVersion, b.providerVersion));
    const below = sorted.filter((s) => compare(s.providerVersion, provider) <= 0).pop();
    const above = sorted.find((s) => compare(s.providerVersion, provider) >= 0);
    return [...new Set([below, above].filter((s): s is Snapshot => s !== undefined))];
}

interface ParsedDag {
    readonly file: string;
    readonly imports: { module: string; names: string[] }[];
    readonly dagKeywords: string[];
}

/** Every DAG file's imports and the keywords of its `DAG(...)` calls, from one python3 `ast` pass. */
function parseDags(): ParsedDag[] {
    const files = fs
        .readdirSync(dagsDir)
        .filter((f) => f.endsWith(".py"))
        .map((f) => path.join(dagsDir, f));
    const script = [
        "import ast, json, sys",
        "out = []",
        "for f in sys.argv[1:]:",
        "    tree = ast.parse(open(f).read(), f)",
        "    imports, kws = [], []",
        "    for n in ast.walk(tree):",
        "        if isinstance(n, ast.ImportFrom):",
        "            imports.append({'module': n.module, 'names': [a.name for a in n.names]})",
        "        elif isinstance(n, ast.Import):",
        "            imports += [{'module': a.name, 'names': []} for a in n.names]",
        "        elif isinstance(n, ast.Call) and getattr(n.func, 'id', None) == 'DAG':",
        "            kws += [k.arg for k in n.keywords]",
        "    out.append({'file': f, 'imports': imports, 'dagKeywords': kws})",
        "print(json.dumps({'dags': out, 'stdlib': sorted(sys.stdlib_module_names)}))",
    ].join("\n");
    const result = JSON.parse(execFileSync("python3", ["-c", script, ...files], { encoding: "utf8" }));
    STDLIB = new Set(result.stdlib);
    return result.dags;
}
let STDLIB = new Set<string>();

describe("DAG imports (python ast) against the amazon provider each accepted Airflow version pins", () => {
    let dags: ParsedDag[];
    before(() => {
        dags = parseDags();
    });

    it("reads every DAG and the shared settings module", () => {
        assert.deepStrictEqual(dags.map((d) => path.basename(d.file)).sort(), [
            "customer_segmentation_batch_model.py",
            "customer_segmentation_online_model.py",
            "feast_apply.py",
            "mlops_settings.py",
        ]);
    });

    for (const version of VERSIONS) {
        it(`Airflow ${version}: every import exists (amazon provider ${amazonProvider(version)})`, () => {
            const snapshots = bracketing(amazonProvider(version));
            assert.ok(snapshots.length > 0);
            const local = new Set(fs.readdirSync(dagsDir).map((f) => f.replace(/\.py$/, "")));
            for (const dag of dags) {
                for (const { module, names } of dag.imports) {
                    const where = `${path.basename(dag.file)}: ${module}`;
                    if (module.startsWith("airflow.providers.amazon.")) {
                        for (const s of snapshots)
                            assert.ok(s.operators.includes(module), `${where} not in provider ${s.providerVersion}`);
                    } else if (module === "airflow" || module.startsWith("airflow.")) {
                        const known = MODULES.core.names[module];
                        assert.ok(known, `${where}: not a module the core list vouches for`);
                        for (const n of names) assert.ok(known.includes(n), `${where}.${n}`);
                    } else {
                        const top = module.split(".")[0]!;
                        assert.ok(
                            local.has(top) || STDLIB.has(top),
                            `${where}: neither a DAG-folder module nor stdlib`,
                        );
                    }
                }
            }
        });
    }

    it("the pinned providers are bracketed by the vendored snapshots (8.7.1 and 9.10.0 provider.yaml)", () => {
        assert.deepStrictEqual(VERSIONS.map(amazonProvider), [
            "8.7.1",
            "8.16.0",
            "8.24.0",
            "8.28.0",
            "9.0.0",
            "9.8.0",
            "9.12.0",
        ]);
        assert.deepStrictEqual(
            bracketing("9.0.0").map((s) => s.providerVersion),
            ["8.7.1", "9.10.0"],
        );
        assert.deepStrictEqual(
            bracketing("8.7.1").map((s) => s.providerVersion),
            ["8.7.1"],
        );
    });

    it("uses schedule= (Airflow 3 removed schedule_interval) on every DAG", () => {
        const withDag = dags.filter((d) => d.dagKeywords.length > 0);
        assert.strictEqual(withDag.length, 3);
        for (const d of withDag) {
            assert.ok(d.dagKeywords.includes("schedule"), d.file);
            assert.ok(!d.dagKeywords.includes("schedule_interval"), d.file);
            assert.ok(d.dagKeywords.includes("catchup"), d.file);
        }
    });
});
