/**
 * The DAG folder reader refuses inputs that would make the plan fall over or upload the wrong
 * tree (issue 15): the project root, folders holding node_modules/.git, and folders past the
 * stated limits (DAG_FOLDER_LIMITS) — and stops walking as soon as it knows.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DAG_FOLDER_LIMITS, readAirflowFiles } from "../../components/orchestration/airflowFiles";

const REQUIREMENTS =
    '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt"\n';

function project(layout: Record<string, string | number>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-dags-"));
    fs.writeFileSync(path.join(dir, "requirements.txt"), REQUIREMENTS);
    for (const [file, body] of Object.entries(layout)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        // A size is a sparse file of that many bytes (the check reads sizes, not bytes).
        fs.writeFileSync(path.join(dir, file), typeof body === "number" ? "" : body);
        if (typeof body === "number") fs.truncateSync(path.join(dir, file), body);
    }
    return dir;
}

function problemsFor(dir: string, dagsDir: string): string[] {
    const problems: string[] = [];
    readAirflowFiles(dir, { requirementsFile: "requirements.txt", dagsDir } as never, "2.10.3", problems);
    return problems;
}

describe("Airflow DAG folder (orchestration.dagsDir)", () => {
    it("reads a plain DAG folder", () => {
        const dir = project({ "dags/a.py": "x", "dags/sub/b.py": "y", "dags/__pycache__/a.pyc": "z" });
        assert.deepStrictEqual(problemsFor(dir, "dags"), []);
    });

    it("refuses the project root", () => {
        const dir = project({ "dags/a.py": "x" });
        assert.deepStrictEqual(problemsFor(dir, "."), [
            "dagsDir: . is the project directory or above it; name the folder holding only the DAGs",
        ]);
    });

    it("refuses a folder holding node_modules", () => {
        const dir = project({ "dags/a.py": "x", "dags/node_modules/left-pad/index.js": "x" });
        assert.deepStrictEqual(problemsFor(dir, "dags"), [
            `dagsDir: dags contains node_modules; it would be uploaded to the DAG bucket`,
        ]);
    });

    it(`refuses more than ${DAG_FOLDER_LIMITS.files} files`, () => {
        const layout: Record<string, string> = {};
        for (let i = 0; i <= DAG_FOLDER_LIMITS.files; i++) layout[`dags/d${i}.py`] = "x";
        assert.deepStrictEqual(problemsFor(project(layout), "dags"), [
            `dagsDir: dags holds more than ${DAG_FOLDER_LIMITS.files} files; point it at the DAGs only`,
        ]);
    });

    it("refuses more than 50 MiB", () => {
        const dir = project({ "dags/big.bin": DAG_FOLDER_LIMITS.bytes + 1 });
        assert.deepStrictEqual(problemsFor(dir, "dags"), [
            "dagsDir: dags holds more than 50 MiB; point it at the DAGs only",
        ]);
    });
});
