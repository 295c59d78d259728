// The TypeScript compatibility rules of the gate (release/lib/api/typescript-compat.mjs) on
// small declaration files: what must pass (additions, widenings, private changes) and what must
// fail (removals at any depth, narrowings, new requirements), each with the compiler's reason.
import { describe, expect, it } from "vitest";
import { compareRollups } from "../lib/api/typescript-compat.mjs";
import { releaseDir } from "../lib/common.mjs";

const before = `
export declare interface Info { roomId?: string; url: string; nested: { a?: number; b: string } }
export declare type Role = "recorder" | "replayer";
export declare function connect(url: string): number;
export declare class Client { #private; private secret; protected base: string; constructor(url: string); get(): void; get raw(): string; }
export declare const ENV: { readonly baseUrl: "COBROWSE_BASE_URL" };
export declare interface Removed { x: 1 }
export declare type Box<T> = { value: T };
`;

const cases = {
  unchanged: before,
  "a new optional property": before.replace("url: string;", "url: string; locale?: string;"),
  "a new union member": before.replace('"replayer";', '"replayer" | "observer";'),
  "a new optional parameter": before.replace("connect(url: string)", "connect(url: string, timeoutMs?: number)"),
  "a new method": before.replace("get(): void;", "get(): void; close(): void;"),
  "a changed private member": before.replace("private secret;", "private token; private other;"),
  "a new export": `${before}export declare type Added = 1;\n`,
  "a new required property": before.replace("url: string;", "url: string; locale: string;"),
  "a removed optional property": before.replace("roomId?: string; ", ""),
  "a removed nested property": before.replace("a?: number; ", ""),
  "a removed union member": before.replace(' | "replayer"', ""),
  "a new required parameter": before.replace("connect(url: string)", "connect(url: string, timeoutMs: number)"),
  "a removed method": before.replace("get(): void;", ""),
  "a changed constant": before.replace('"COBROWSE_BASE_URL"', '"BASE_URL"'),
  "a removed export": before.replace("export declare interface Removed { x: 1 }", ""),
  "a changed generic": before.replace("{ value: T }", "{ value: T; required: T }"),
};
const results = compareRollups(
  Object.entries(cases).map(([name, text]) => ({ name, oldText: before, newText: text, resolveFrom: releaseDir })),
);
const verdict = (name) => results.get(name);

describe("TypeScript compatibility: compatible changes pass", () => {
  it("finds nothing in identical declarations", () => {
    expect(verdict("unchanged")).toEqual({ removed: [], added: [], incompatible: [], changed: [] });
  });
  for (const [name, changed] of [
    ["a new optional property", "Info"],
    ["a new union member", "Role"],
    ["a new optional parameter", "connect"],
    ["a new method", "Client"],
  ]) {
    it(`passes ${name}, listed as a compatible change of ${changed}`, () => {
      expect(verdict(name).incompatible).toEqual([]);
      expect(verdict(name).removed).toEqual([]);
      expect(verdict(name).changed).toEqual([changed]);
    });
  }
  it("ignores private members (not API)", () => {
    expect(verdict("a changed private member")).toEqual({ removed: [], added: [], incompatible: [], changed: [] });
  });
  it("lists a new export as added", () => {
    expect(verdict("a new export").added).toEqual(["Added"]);
    expect(verdict("a new export").incompatible).toEqual([]);
  });
});

describe("TypeScript compatibility: breaking changes fail with the compiler's reason", () => {
  for (const [name, symbol, reason] of [
    [
      "a new required property",
      "Info",
      /a value of the old type is not one of the new type: Property 'locale' is missing/,
    ],
    ["a removed optional property", "Info", /a property of the old type is gone: Property 'roomId' is missing/],
    ["a removed nested property", "Info", /a property of the old type is gone: .*Property 'a' is missing/],
    ["a removed union member", "Role", /Type '"replayer"' is not assignable to type '"recorder"'/],
    ["a new required parameter", "connect", /the new one cannot be used where the old one was: .*too few arguments/],
    ["a removed method", "Client", /Property 'get' is missing/],
    ["a changed constant", "ENV", /Type '"BASE_URL"' is not assignable to type '"COBROWSE_BASE_URL"'/],
    ["a changed generic", "Box", /Property 'required' is missing/],
  ]) {
    it(`fails ${name} (${symbol})`, () => {
      const { incompatible } = verdict(name);
      expect(incompatible.map((i) => i.name)).toEqual([symbol]);
      expect(incompatible[0].message).toMatch(reason);
    });
  }
  it("fails a removed export", () => {
    expect(verdict("a removed export").removed).toEqual(["Removed"]);
  });
});
