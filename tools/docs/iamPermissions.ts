/**
 * docs/iam-permissions.md, "why each permission exists": per principal, every call it makes (action → resource
 * → source) and every call it must not make, from the call manifests (test/iam/manifests/) that
 * test/iam/manifests.spec.ts proves against the planned dev and prod policies.
 */
import { MANIFESTS, NOT_MANIFESTED, UNNEEDED_GRANT_EXCEPTIONS } from "../../test/iam/manifests";
import type { CallManifest, ManifestCall, ManifestDenial } from "../../test/iam/manifests/types";
import { PLACEHOLDERS } from "../../test/iam/planPlaceholders";
import { anchor, cell, table } from "./markdown";

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function contextOf(entry: ManifestCall | ManifestDenial): string {
    return Object.entries(entry.context ?? {})
        .map(([k, v]) => code(`${k}=${[v].flat().join(",")}`))
        .join(" ");
}

const stacksOf = (entry: { readonly stacks?: readonly string[] }) => (entry.stacks ? entry.stacks.join(", ") : "all");

function section(file: string, manifest: CallManifest): string[] {
    return [
        `### ${manifest.principal}`,
        "",
        `${cell(manifest.purpose)}. Selector ${code(manifest.selector)}, stacks: ${stacksOf(manifest)}, ` +
            `manifest [test/iam/manifests/${file}](../test/iam/manifests/${file}).`,
        "",
        ...table(
            ["action", "resource", "context", "stacks", "source"],
            manifest.calls.map((c) => [code(c.action), code(c.resource), contextOf(c), stacksOf(c), cell(c.source)]),
        ),
        "",
        "Must be denied:",
        "",
        ...table(
            ["action", "resource", "context", "why"],
            manifest.denied.map((d) => [code(d.action), code(d.resource), contextOf(d), cell(d.why)]),
        ),
        "",
    ];
}

/** README's summary: one row per principal, linking to its section of docs/iam-permissions.md. */
export function renderPermissionSummary(): string {
    const rows = MANIFESTS.map(({ manifest }) => [
        `[${manifest.principal}](docs/iam-permissions.md#${anchor(manifest.principal)})`,
        cell(manifest.purpose),
        String(manifest.calls.length),
        String(manifest.denied.length),
    ]);
    return `${table(["principal", "what it serves", "calls", "denied calls"], rows).join("\n")}\n`;
}

/** The generated block of docs/iam-permissions.md. */
export function renderIamPermissions(): string {
    const calls = MANIFESTS.reduce((n, m) => n + m.manifest.calls.length, 0);
    const denials = MANIFESTS.reduce((n, m) => n + m.manifest.denied.length, 0);
    return [
        `${MANIFESTS.length} principals, ${calls} calls, ${denials} denials.`,
        "",
        "## Principals",
        "",
        ...MANIFESTS.flatMap(({ file, manifest }) => section(file, manifest)),
        "## Grants without a known caller",
        "",
        "Planned grants no manifest call needs. Each is listed, with why no caller was found, so that the suite",
        "passes; an entry stops matching (and fails the suite) once the grant is removed.",
        "",
        ...table(
            ["grant", "why no call needs it"],
            Object.entries(UNNEEDED_GRANT_EXCEPTIONS).map(([grant, why]) => [code(grant), cell(why)]),
        ),
        "",
        "## Principals without a manifest",
        "",
        ...table(
            ["role", "why"],
            Object.entries(NOT_MANIFESTED).map(([role, why]) => [code(role), cell(why)]),
        ),
        "",
        "## Placeholders",
        "",
        ...table(
            ["placeholder", "stands for"],
            Object.entries(PLACEHOLDERS).map(([name, p]) => [code(`{${name}}`), cell(p.means)]),
        ),
        "",
    ].join("\n");
}
