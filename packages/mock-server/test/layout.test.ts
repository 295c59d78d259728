// The mock stays small modules, each one concern: server.ts only routes, listens and closes
// (under 200 lines), and no module is over 250 lines. A module that grows past that is doing
// two things; split it rather than raise the bound.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(__dirname, "..", "src");
const modules = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
const lines = (file: string) => readFileSync(join(src, file), "utf8").split("\n").length;

describe("the mock's modules", () => {
  it("server.ts is under 200 lines", () => expect(lines("server.ts")).toBeLessThan(200));
  it.each(modules)("%s is at most 250 lines", (file) => expect(lines(file)).toBeLessThanOrEqual(250));
});
