/**
 * The JSDoc of the configuration contract, read with the TypeScript compiler from the same
 * interfaces the code compiles against: `MlopsPlatformArgs` (whose members are the settings
 * interfaces of every section) and the `*_DEFAULTS` tables of the settings modules.
 */
import * as path from "path";
import * as ts from "typescript";
import { cachedByInputsSync } from "../package/schemaCache";

const projectDir = path.resolve(__dirname, "..", "..", "..");
const PLATFORM_FILE = path.join(projectDir, "components", "platform", "mlopsPlatform.ts");
const CONFIG_FILE = path.join(projectDir, "components", "platform", "platformConfig.ts");

/** Documentation by key path (`featureStore.featureViews[].name`), and of each named defaults table's members. */
export interface SettingsDocs {
    /** JSDoc of each config key, by dotted path (array items as `[]`). */
    readonly keys: ReadonlyMap<string, string>;
    /** JSDoc of each member of `environmentProfile()`'s result, by dotted path (`mwaa.minWorkers`). */
    readonly profile: ReadonlyMap<string, string>;
    /** JSDoc of the members of the environment-independent defaults tables, by `TABLE.member`. */
    readonly constants: ReadonlyMap<string, string>;
}

function doc(symbol: ts.Symbol, checker: ts.TypeChecker): string {
    return ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, " ").trim();
}

/** Records the docs of every property of `type`, recursing into object members and array items. */
function walk(type: ts.Type, prefix: string, checker: ts.TypeChecker, into: Map<string, string>, depth = 0): void {
    if (depth > 6) return;
    for (const property of checker.getPropertiesOfType(type)) {
        const key = prefix === "" ? property.name : `${prefix}.${property.name}`;
        into.set(key, doc(property, checker));
        let member = checker.getNonNullableType(checker.getTypeOfSymbol(property));
        let memberKey = key;
        if (checker.isArrayType(member)) {
            member = checker.getTypeArguments(member as ts.TypeReference)[0];
            memberKey = `${key}[]`;
        }
        const isPlainObject =
            (member.flags & ts.TypeFlags.Object) !== 0 &&
            checker.getSignaturesOfType(member, ts.SignatureKind.Call).length === 0 &&
            checker.getIndexInfosOfType(member).length === 0;
        if (isPlainObject) walk(member, memberKey, checker, into, depth + 1);
    }
}

let cached: SettingsDocs | undefined;

/**
 * Reads the docs once per process. It type-checks the platform's sources (several seconds), so the
 * result is also kept in bin/.cache/ beside the package schema, keyed by the same inputs.
 */
export function settingsDocs(): SettingsDocs {
    if (cached !== undefined) return cached;
    const entries = cachedByInputsSync(projectDir, "settings-docs", () => {
        const docs = readSettingsDocs();
        return { keys: [...docs.keys], profile: [...docs.profile], constants: [...docs.constants] };
    });
    cached = { keys: new Map(entries.keys), profile: new Map(entries.profile), constants: new Map(entries.constants) };
    return cached;
}

function readSettingsDocs(): SettingsDocs {
    const program = ts.createProgram([PLATFORM_FILE, CONFIG_FILE], {
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        skipLibCheck: true,
        noEmit: true,
    });
    const checker = program.getTypeChecker();
    const keys = new Map<string, string>();
    const profile = new Map<string, string>();
    const constants = new Map<string, string>();
    for (const file of [program.getSourceFile(PLATFORM_FILE), program.getSourceFile(CONFIG_FILE)]) {
        if (file === undefined) throw new Error("cannot read the platform sources");
        ts.forEachChild(file, (node) => {
            if (ts.isInterfaceDeclaration(node) && node.name.text === "MlopsPlatformArgs") {
                walk(checker.getTypeAtLocation(node), "", checker, keys);
            }
            if (ts.isFunctionDeclaration(node) && node.name?.text === "environmentProfile") {
                const signature = checker.getSignatureFromDeclaration(node);
                if (signature !== undefined) walk(checker.getReturnTypeOfSignature(signature), "", checker, profile);
            }
        });
    }
    // Every `*_DEFAULTS` table of the components, environment-independent ones included.
    for (const file of program.getSourceFiles()) {
        if (!file.fileName.startsWith(path.join(projectDir, "components"))) continue;
        ts.forEachChild(file, (node) => {
            if (!ts.isVariableStatement(node)) return;
            for (const declaration of node.declarationList.declarations) {
                if (!ts.isIdentifier(declaration.name) || !/_DEFAULTS$/.test(declaration.name.text)) continue;
                const type = checker.getTypeAtLocation(declaration.name);
                const perEnvironment = checker.getPropertyOfType(type, "prod");
                const members = perEnvironment
                    ? checker.getTypeOfSymbol(perEnvironment)
                    : type;
                for (const member of checker.getPropertiesOfType(members)) {
                    constants.set(`${declaration.name.text}.${member.name}`, doc(member, checker));
                }
            }
        });
    }
    return { keys, profile, constants };
}
