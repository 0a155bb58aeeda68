import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../components/core/configErrors";
import { Orchestration, OrchestrationArgs } from "../../components/orchestration/orchestration";
import { ResourceRecorder, startMockRun } from "../../tools/plan/recorder";
import { projectDir, baseArgs } from "../support/orchestrationFixtures";

/** Issue 10: constraints of Python 3.11 for an Airflow that MWAA runs on Python 3.12. */
const CONSTRAINTS_FOR_OTHER_PYTHON = new RegExp(
    /requirementsFile: python.txt names constraints-3\.11\.txt /.source +
        /but MWAA runs Airflow 2\.11\.0 on Python 3\.12/.source,
);

/** The problem mw1.micro (dev's default class) raises for a count above one, naming the key. */
const microLimit = (key: string) =>
    new RegExp(`${key}: ` + /must be at most 1 for environmentClass mw1\.micro \(it runs one of each/.source);

describe("Orchestration", () => {
    describe("rejects bad input before registering anything", () => {
        let rec: ResourceRecorder;
        before(() => {
            rec = startMockRun({ stack: "dev" });
        });
        afterEach(() => assert.strictEqual(rec.resources.length, 0, rec.resources.map((r) => r.name).join(", ")));
        const reject = (overrides: Partial<OrchestrationArgs>) => {
            try {
                new Orchestration("bad", baseArgs(overrides));
            } catch (err) {
                assert.ok(err instanceof ConfigError, String(err));
                return err.message;
            }
            return assert.fail("expected a ConfigError");
        };

        it("an unknown environment class", () => {
            assert.match(
                reject({ environmentClass: "mw1.huge" as never }),
                /environmentClass: must be one of "mw1.micro"/,
            );
        });
        it("workers out of range", () => {
            assert.match(reject({ maxWorkers: 30 }), /maxWorkers: Too big|maxWorkers: .*25/);
            assert.match(reject({ minWorkers: 0 }), /minWorkers: /);
        });
        it("more workers than the class allows", () => {
            assert.match(
                reject({ environmentClass: "mw1.micro", maxWorkers: 2 }),
                /maxWorkers: must be at most 1 for environmentClass mw1.micro/,
            );
        });
        it("minWorkers above maxWorkers, explicit or via the staging default of 5", () => {
            assert.match(reject({ minWorkers: 4, maxWorkers: 3 }), /minWorkers: must be at most maxWorkers/);
            assert.match(
                reject({ environment: "staging", minWorkers: 6 }),
                /minWorkers: must be at most maxWorkers \(6 > 5\)/,
            );
        });
        it("dev's default mw1.micro: more than one worker, scheduler or web server, each naming the key", () => {
            for (const key of ["minWorkers", "maxWorkers", "schedulers", "minWebservers", "maxWebservers"] as const)
                assert.match(reject({ [key]: 2 }), microLimit(key), key);
        });
        it("one scheduler on mw1.small", () => {
            assert.match(reject({ schedulers: 1 }), /schedulers: must be 2-5 for environmentClass mw1.small/);
        });
        it("PUBLIC_ONLY in prod", () => {
            assert.match(
                reject({ environment: "prod", webserverAccessMode: "PUBLIC_ONLY" }),
                /webserverAccessMode: PUBLIC_ONLY is refused in prod/,
            );
        });
        it("PUBLIC_AND_PRIVATE in prod (the UI would still be on the internet)", () => {
            assert.match(
                reject({ environment: "prod", webserverAccessMode: "PUBLIC_AND_PRIVATE" }),
                /webserverAccessMode: PUBLIC_AND_PRIVATE is refused in prod/,
            );
        });
        it("a worker replacement strategy MWAA does not know", () => {
            assert.match(reject({ workerReplacementStrategy: "ROLLING" as never }), /workerReplacementStrategy: /);
        });
        it("a log level below INFO", () => {
            assert.match(reject({ logLevel: "DEBUG" as never }), /logLevel: must be one of "INFO"/);
        });
        it("requirements constrained for another Airflow version, or for the right one with the wrong Python", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "req-"));
            fs.cpSync(path.join(projectDir, "airflow", "dags"), path.join(dir, "dags"), { recursive: true });
            const url = (a: string, p: string) =>
                `--constraint ` +
                `"https://raw.githubusercontent.com/apache/airflow/constraints-${a}/constraints-${p}.txt"\n`;
            fs.writeFileSync(path.join(dir, "other.txt"), url("2.10.3", "3.11"));
            fs.writeFileSync(path.join(dir, "python.txt"), url("2.11.0", "3.11"));
            const base = { projectDir: dir, dagsDir: "dags" };
            assert.match(
                reject({ ...base, requirementsFile: "other.txt", airflowVersion: "2.11.0" }),
                /requirementsFile: other.txt is constrained for Airflow 2\.10\.3 but airflowVersion is 2\.11\.0/,
            );
            // Issue 10: the old check compared only the Airflow part, so this line passed for 2.11.0 (Python 3.12).
            assert.match(
                reject({ ...base, requirementsFile: "python.txt", airflowVersion: "2.11.0" }),
                CONSTRAINTS_FOR_OTHER_PYTHON,
            );
            fs.rmSync(dir, { recursive: true, force: true });
        });
        it("missing files", () => {
            const message = reject({ dagsDir: "airflow/nope", pluginsFile: "nope.zip" });
            assert.match(message, /dagsDir: airflow\/nope is not a directory/);
            assert.match(message, /pluginsFile: nope.zip does not exist/);
        });
        it("a path outside the project", () => {
            assert.match(
                reject({ requirementsFile: "../../requirements.txt" }),
                /requirementsFile: must be a path inside the project/,
            );
        });
    });
});
