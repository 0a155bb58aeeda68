/** Line wrapping for the plan summary: every line fits the terminal (120 columns when not a TTY). */

/** The width used when stdout is not a terminal (a pipe, a file, CI logs, a PR comment). */
export const DEFAULT_WIDTH = 120;

/** The narrowest width honoured: below it, hanging indents would leave no room for text. */
const MIN_WIDTH = 40;

/** The width to wrap to: the terminal's columns on a TTY, otherwise {@link DEFAULT_WIDTH}. */
export function outputWidth(stream: { readonly isTTY?: boolean; readonly columns?: number }): number {
    return stream.isTTY && stream.columns ? Math.max(MIN_WIDTH, stream.columns) : DEFAULT_WIDTH;
}

/**
 * Wraps `text` to `width`: the first line starts with `first`, continuation lines with `rest`
 * (a hanging indent). Breaks after spaces; a word longer than a whole line (an ARN) is cut.
 */
export function wrap(text: string, width: number, first: string, rest = " ".repeat(first.length)): string[] {
    const lines: string[] = [];
    let line = first;
    let empty = true;
    const push = () => {
        lines.push(line.trimEnd());
        line = rest;
        empty = true;
    };
    for (const word of text.split(/(?<= )/)) {
        if (!empty && line.length + word.trimEnd().length > width) push();
        let piece: string = empty ? word.trimStart() : word;
        while (line.length + piece.trimEnd().length > width) {
            const room = Math.max(1, width - line.length);
            line += piece.slice(0, room);
            piece = piece.slice(room);
            push();
        }
        line += piece;
        empty = empty && piece.trim() === "";
    }
    if (!empty || lines.length === 0) lines.push(line.trimEnd());
    return lines;
}
