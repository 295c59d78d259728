// The mock stays small modules, each one concern: server.ts only wires the stages, listens and
// closes (under 200 lines), and no module is over 250 lines. A module that grows past that is
// doing two things; split it rather than raise the bound. The tree tells the pipeline: at the
// top of src/ only the entry points and the stages' wiring, every other module in the folder of
// its concern (http, control, checks, operations, faults, chaos, tokens, log, rooms, stores).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(__dirname, "..", "src");
const modules = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
const lines = (file: string) => readFileSync(join(src, file), "utf8").split("\n").length;

const TOP_LEVEL = ["api.ts", "attempt.ts", "cli.ts", "config.ts", "env.ts", "index.ts", "route.ts", "server.ts"];
const FOLDERS = ["chaos", "checks", "control", "faults", "http", "log", "operations", "rooms", "stores", "tokens"];

describe("the mock's modules", () => {
  it("src/ holds only the entry points and the wiring at its top level", () =>
    expect(modules.filter((file) => !file.includes("/")).sort()).toEqual(TOP_LEVEL));
  it("every other module sits in a folder by concern", () =>
    expect([...new Set(modules.filter((file) => file.includes("/")).map((file) => file.split("/")[0]))].sort()).toEqual(
      FOLDERS,
    ));
  it("server.ts is under 200 lines", () => expect(lines("server.ts")).toBeLessThan(200));
  it.each(modules)("%s is at most 250 lines", (file) => expect(lines(file)).toBeLessThanOrEqual(250));
});
