// What a block says it prints: a console.log whose line ends in a comment promises that output, as
// the Go README test reads its blocks. Compared without quotes and whitespace (console.log prints
// strings bare and objects spread over lines); a comment with "…" elides and promises nothing.

const PROMISE = /console\.log\(.*\);?\s*\/\/\s*(.+)$/;
const normal = (s: string) => s.replace(/["'`\s]/g, "");

/** The promises of `code` that `output` does not keep, each with its line within the block (1-based). */
export function brokenPromises(code: string, output: string): { line: number; promise: string }[] {
  const printed = normal(output);
  return code.split("\n").flatMap((text, i) => {
    const m = PROMISE.exec(text);
    if (!m || m[1]!.includes("…")) return [];
    return printed.includes(normal(m[1]!)) ? [] : [{ line: i + 1, promise: m[1]!.trim() }];
  });
}
