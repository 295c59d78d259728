import { describe, expect, it } from "vitest";
import { brokenPromises } from "../src/promises.js";

describe("a block's printed promises", () => {
  const code =
    'console.log(res.status, body.Expires); // 200 "600"\nconsole.log(x); // { a: [1, …] }\nconsole.log(scan); // { findings: [] }\n';
  it("are kept whatever the quotes and the spacing", () => {
    expect(brokenPromises(code, "200 600\n{ findings: [] }\n")).toEqual([]);
  });
  it("are broken by other output, named by their line; … promises nothing", () => {
    expect(brokenPromises(code, "401 600\n{ findings: [ { index: 1 } ] }\n")).toEqual([
      { line: 1, promise: '200 "600"' },
      { line: 3, promise: "{ findings: [] }" },
    ]);
  });
});
