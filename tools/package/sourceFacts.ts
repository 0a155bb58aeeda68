/**
 * What the component sources say that Pulumi's schema analyzer drops, read syntactically (no type
 * checker, so it takes milliseconds): which properties are declared `Integer`, the JSDoc of every
 * top-level type, and which args interface each component's constructor takes.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** The type alias (components/core/schemaPrimitives.ts) that marks a count, a size or a duration. */
const INTEGER_ALIAS = "Integer";

export interface SourceFacts {
    /** Interface name → names of its properties (own and inherited) declared as `Integer`. */
    readonly integerProperties: ReadonlyMap<string, ReadonlySet<string>>;
    /** Top-level interface, class, type alias or constant name → its JSDoc text. */
    readonly descriptions: ReadonlyMap<string, string>;
    /** Component class name → the name of its constructor's args interface. */
    readonly argsInterfaces: ReadonlyMap<string, string>;
}

function tsFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
            e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
        )
        .sort();
}

/** The text of a node's own JSDoc blocks (tags left out, as the analyzer does). */
function jsDocText(node: ts.Node): string | undefined {
    const blocks = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
    const text = blocks
        .map((b) => ts.getTextOfJSDocComment(b.comment) ?? "")
        .filter((t) => t !== "")
        .join("\n");
    return text === "" ? undefined : text;
}

/** True when the type mentions the `Integer` alias (`Integer`, `Integer[]`, `pulumi.Input<Integer>`, …). */
function mentionsInteger(type: ts.TypeNode | undefined): boolean {
    if (type === undefined) return false;
    let found = false;
    const visit = (node: ts.Node): void => {
        if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === INTEGER_ALIAS)
            found = true;
        else node.forEachChild(visit);
    };
    visit(type);
    return found;
}

/** The interface names an interface extends (`extends A, Omit<B, "x">` → A, B). */
function parentNames(decl: ts.InterfaceDeclaration): string[] {
    return (decl.heritageClauses ?? []).flatMap((clause) =>
        clause.types.flatMap((t) => {
            const names: string[] = [];
            const visit = (node: ts.Node): void => {
                if (ts.isIdentifier(node)) names.push(node.text);
                node.forEachChild(visit);
            };
            visit(t);
            return names;
        }),
    );
}

function isComponentClass(decl: ts.ClassDeclaration): boolean {
    return (decl.heritageClauses ?? []).some((c) =>
        c.types.some((t) => t.expression.getText().endsWith("ComponentResource")),
    );
}

/** Reads the facts from every `.ts` file under `componentsDir`. */
export function sourceFacts(componentsDir: string): SourceFacts {
    const ownIntegers = new Map<string, Set<string>>();
    const parents = new Map<string, string[]>();
    const descriptions = new Map<string, string>();
    const argsInterfaces = new Map<string, string>();
    for (const file of tsFiles(componentsDir)) {
        const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
        for (const stmt of source.statements) {
            const names = ts.isVariableStatement(stmt)
                ? stmt.declarationList.declarations.map((d) => d.name.getText())
                : ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt) || ts.isClassDeclaration(stmt)
                  ? [stmt.name?.text ?? ""]
                  : [];
            const doc = jsDocText(stmt);
            for (const name of names) if (doc !== undefined && name !== "") descriptions.set(name, doc);
            if (ts.isInterfaceDeclaration(stmt)) {
                const integers = stmt.members
                    .filter(ts.isPropertySignature)
                    .filter((m) => mentionsInteger(m.type))
                    .map((m) => m.name.getText());
                ownIntegers.set(stmt.name.text, new Set(integers));
                parents.set(stmt.name.text, parentNames(stmt));
            }
            if (ts.isClassDeclaration(stmt) && stmt.name !== undefined && isComponentClass(stmt)) {
                const ctor = stmt.members.find(ts.isConstructorDeclaration);
                const argsType = ctor?.parameters[1]?.type;
                if (argsType !== undefined && ts.isTypeReferenceNode(argsType))
                    argsInterfaces.set(stmt.name.text, argsType.typeName.getText());
            }
        }
    }
    const integerProperties = new Map<string, ReadonlySet<string>>();
    const collect = (name: string, seen: Set<string>): Set<string> => {
        const all = new Set(ownIntegers.get(name) ?? []);
        for (const parent of parents.get(name) ?? [])
            if (!seen.has(parent)) for (const p of collect(parent, new Set([...seen, parent]))) all.add(p);
        return all;
    };
    for (const name of ownIntegers.keys()) integerProperties.set(name, collect(name, new Set([name])));
    return { integerProperties, descriptions, argsInterfaces };
}
