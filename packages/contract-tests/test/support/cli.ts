// The CLI as users run it: the built bin, in a scratch working directory.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageDir } from "./servers.js";

export const bin = join(packageDir, "dist", "bin.cjs");

export const work = mkdtempSync(join(tmpdir(), "contract-cli-cwd-"));

/** Runs the built bin in a scratch directory (failures' replay files are saved below the working directory). */
export function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
  input?: string,
  cwd = work,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ["pipe", "pipe", "pipe"],
      cwd,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}
