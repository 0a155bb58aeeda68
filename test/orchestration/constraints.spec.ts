/**
 * MWAA requirements that install (issue 10, item 2): the vendored constraints file of every accepted
 * Airflow version, the `--constraint` line the platform writes, and airflow/requirements.txt against
 * each file. MWAA resolves requirements.txt against its `--constraint` file and installs nothing when
 * pip fails (aws/amazon-mwaa-docker-images `images/airflow/<v>/python/mwaa/utils/user_requirements.py`).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { requirementsFor } from "../../components/orchestration/airflowFiles";
import {
    AIRFLOW_PYTHON_VERSION,
    AirflowVersion,
    constraintsUrl,
    DEFAULT_AIRFLOW_VERSION,
} from "../../components/orchestration/orchestrationSettings";

const projectDir = path.resolve(__dirname, "..", "..", "..");
const VERSIONS = Object.values(AirflowVersion);
const constraintsDir = path.join(projectDir, "airflow", "constraints");
/** The apache/airflow constraints URL a vendored file says it copies. */
const COPIED_FROM = new RegExp(
    "https://raw\\.githubusercontent\\.com/apache/airflow/constraints-([0-9.]+)/constraints-([0-9.]+)\\.txt",
);

/** `name==version` pins of a constraints file, names normalized as pip does (PEP 503). */
function pins(version: string): Map<string, string> {
    const text = fs.readFileSync(path.join(constraintsDir, `${version}.txt`), "utf8");
    const out = new Map<string, string>();
    for (const line of text.split("\n")) {
        const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)/.exec(line.trim());
        if (m) out.set(normalize(m[1]!), m[2]!);
    }
    return out;
}
const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, "-");

/** Requirement lines of a requirements file: name and optional `==` pin (extras dropped). */
function requirements(text: string): { name: string; pin?: string; line: string }[] {
    return text
        .split("\n")
        .map((l) => l.replace(/#.*$/, "").trim())
        .filter((l) => l !== "" && !l.startsWith("-"))
        .map((line) => {
            const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(?:==\s*([^\s;]+))?\s*$/.exec(line);
            assert.ok(m, `${line}: only "name" or "name==version" lines are allowed`);
            return { name: normalize(m[1]!), ...(m[3] !== undefined ? { pin: m[3] } : {}), line };
        });
}

describe("MWAA constraints and requirements (vendored constraints files)", () => {
    it("vendors exactly one constraints file per accepted Airflow version, each naming its source first", () => {
        const files = fs
            .readdirSync(constraintsDir)
            .filter((f) => f.endsWith(".txt"))
            .sort();
        assert.deepStrictEqual(files, VERSIONS.map((v) => `${v}.txt`).sort());
        for (const v of VERSIONS) {
            const first = fs.readFileSync(path.join(constraintsDir, `${v}.txt`), "utf8").split("\n")[0]!;
            assert.match(
                first,
                /^# source: aws\/(amazon-mwaa-docker-images|aws-mwaa-local-runner)@[0-9a-f]{40}:\S+/,
                `${v}.txt: first line names repository, commit and path`,
            );
            assert.ok(pins(v).size > 600, `${v}.txt pins the whole Airflow dependency tree`);
        }
    });

    it("each file is apache/airflow's constraints-<version>/constraints-<python>.txt (the Python map's source)", () => {
        for (const v of VERSIONS) {
            const text = fs.readFileSync(path.join(constraintsDir, `${v}.txt`), "utf8");
            const copied = COPIED_FROM.exec(text);
            assert.ok(copied, `${v}.txt says which apache/airflow file it copies`);
            assert.strictEqual(copied[1], v);
            assert.strictEqual(copied[2], AIRFLOW_PYTHON_VERSION[v], `${v} runs Python ${copied[2]}`);
            assert.strictEqual(constraintsUrl(v), copied[0]);
        }
        // 3.11 up to 2.10.x, 3.12 from 2.11.0 (issue 10).
        assert.deepStrictEqual(
            VERSIONS.filter((v) => AIRFLOW_PYTHON_VERSION[v] === "3.12"),
            ["2.11.0", "3.0.6"],
        );
    });

    it("defaults to the newest 3.x version MWAA accepts", () => {
        const newest3 = VERSIONS.filter((v) => v.startsWith("3.")).sort((a, b) =>
            b.localeCompare(a, undefined, { numeric: true }),
        )[0];
        assert.strictEqual(DEFAULT_AIRFLOW_VERSION, newest3);
        assert.strictEqual(DEFAULT_AIRFLOW_VERSION, "3.0.6");
        assert.deepStrictEqual(VERSIONS, ["2.7.2", "2.8.1", "2.9.2", "2.10.1", "2.10.3", "2.11.0", "3.0.6"]);
    });

    it("airflow/requirements.txt: no --constraint line, only packages every version's file pins, at its pin", () => {
        const text = fs.readFileSync(path.join(projectDir, "airflow", "requirements.txt"), "utf8");
        assert.doesNotMatch(text, /^\s*(--constraint|-c)\b/m, "the platform writes the line for the chosen version");
        const reqs = requirements(text);
        assert.ok(reqs.length > 0);
        for (const v of VERSIONS) {
            const pinned = pins(v);
            for (const r of reqs) {
                assert.ok(pinned.has(r.name), `${r.line} is not in the ${v} constraints file`);
                if (r.pin !== undefined) assert.strictEqual(r.pin, pinned.get(r.name), `${r.line} vs ${v}`);
            }
        }
    });

    describe("the --constraint line the platform writes (requirementsFor)", () => {
        it("writes the line of each version, with its Python, when the file has none", () => {
            for (const v of VERSIONS) {
                const result = requirementsFor("apache-airflow-providers-amazon\n", v);
                assert.deepStrictEqual(result, {
                    content: `--constraint "${constraintsUrl(v)}"\napache-airflow-providers-amazon\n`,
                });
            }
            assert.strictEqual(
                constraintsUrl("2.10.3"),
                "https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt",
            );
            assert.strictEqual(
                constraintsUrl("2.11.0"),
                "https://raw.githubusercontent.com/apache/airflow/constraints-2.11.0/constraints-3.12.txt",
            );
        });
        it("keeps a file whose line names the version and its Python", () => {
            const text = `--constraint "${constraintsUrl("3.0.6")}"\nboto3\n`;
            assert.deepStrictEqual(requirementsFor(text, "3.0.6"), { content: text });
            assert.deepStrictEqual(requirementsFor(`-c ${constraintsUrl("2.9.2")}\n`, "2.9.2"), {
                content: `-c ${constraintsUrl("2.9.2")}\n`,
            });
        });
        it("refuses a constraints-3.11.txt line for 2.11.0 (the old check compared only the Airflow part)", () => {
            const line = `--constraint "${constraintsUrl("2.10.3").replace("2.10.3", "2.11.0")}"\n`;
            assert.strictEqual(
                requirementsFor(line, "2.11.0"),
                "names constraints-3.11.txt but MWAA runs Airflow 2.11.0 on Python 3.12",
            );
        });
        it("refuses another Airflow version and a URL that is not apache/airflow's", () => {
            assert.match(
                requirementsFor(`--constraint "${constraintsUrl("2.10.3")}"\n`, "3.0.6") as string,
                /^is constrained for Airflow 2\.10\.3 but airflowVersion is 3\.0\.6/,
            );
            assert.match(
                requirementsFor("--constraint https://example.com/c.txt\n", "3.0.6") as string,
                /^has --constraint https:\/\/example\.com\/c\.txt; MWAA needs an apache\/airflow constraints URL/,
            );
        });
    });
});
