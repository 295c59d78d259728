// The proxy as users run it: the built bin, a child process; resolves once it prints
// `listening on http://HOST:PORT`; stopped with SIGINT (its Ctrl-C), which writes its reports.
import { type ChildProcess, spawn } from "node:child_process";
import { bin, work } from "./cli.js";

export interface RunningProxy {
  url: string;
  child: ChildProcess;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Ctrl-C: resolves with the exit status and the output. */
  stop(): Promise<{ code: number; stdout: string; stderr: string }>;
}

export async function startProxyCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  cwd = work,
): Promise<RunningProxy> {
  const child = spawn(process.execPath, [bin, "proxy", "--port", "0", "--no-color", ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    cwd,
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the proxy did not start:\n${stdout}\n${stderr}`)), 30_000);
    const look = () => {
      const m = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", look);
    void exited.then((code) => reject(new Error(`the proxy exited with ${code}:\n${stdout}\n${stderr}`)));
  });
  return {
    url,
    child,
    output: () => ({ stdout, stderr }),
    async stop() {
      child.kill("SIGINT");
      const code = await exited;
      return { code, stdout, stderr };
    },
  };
}
