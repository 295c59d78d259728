// Checks the built package (dist/, built by `pnpm build` before the tests run).
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { build } from "esbuild";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startMock, type TestMock } from "./helpers/mock.js";
import { startProxy } from "./helpers/proxy.js";

const dist = path.resolve(import.meta.dirname, "../dist");
const require = createRequire(import.meta.url);

/** Every file an entry loads, following relative imports. */
function closure(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, "utf8");
    seen.set(file, text);
    for (const m of text.matchAll(/(?:from|import|require\()\s*["'](\.[^"']+)["']/g))
      visit(path.resolve(path.dirname(file), m[1]!));
  };
  visit(path.join(dist, entry));
  return seen;
}

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());

describe("built package", () => {
  it("has ESM, CJS and type files for both entries", () => {
    const files = readdirSync(dist);
    for (const f of [
      "index.mjs",
      "index.cjs",
      "index.d.mts",
      "index.d.cts",
      "browser.mjs",
      "browser.cjs",
      "browser.d.mts",
      "browser.d.cts",
    ]) {
      expect(files).toContain(f);
    }
  });

  it.each(["browser.mjs", "browser.cjs"])("keeps Node built-ins and process out of %s", (entry) => {
    const files = closure(entry);
    expect(files.size).toBeGreaterThan(1);
    for (const [file, text] of files) {
      expect(text, file).not.toMatch(/["']node:/);
      expect(text, file).not.toMatch(/\bprocess\./);
      expect(text, file).not.toMatch(/require\(["'](http|https|zlib|fs|net)["']\)/);
    }
    // Nor the proxy code (proxy-from-env, the proxy agents), nor the Node transport's decoders.
    expect([...files.values()].join("\n")).not.toMatch(/proxy-from-env|proxy-agent|gunzipSync|brotliDecompressSync/);
    // But the answer cap and the redirect refusal, as on Node (the client's own reading of the body).
    expect([...files.values()].join("\n")).toMatch(/maxResponseBytes/);
    expect([...files.values()].join("\n")).toMatch(/opaqueredirect/);
    // The browser build cannot ask for a token with the secret: that code is Node-only.
    expect([...files.values()].join("\n")).not.toContain("app_secret");
    // And the Node entry does use the Node transport.
    expect([...closure(entry.replace("browser", "index")).values()].join("\n")).toMatch(/["']node:http["']/);
  });

  it("bundles for a browser platform (which refuses Node built-ins)", async () => {
    const out = await build({
      entryPoints: [path.join(dist, "browser.mjs")],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    expect(out.errors).toHaveLength(0);
    expect(out.outputFiles[0]!.text).toContain("getConnectionInfo");
  });

  it("resolves to the browser build under a bundler's browser condition, and to the Node build otherwise", async () => {
    const inputs = async (platform: "browser" | "node") => {
      const out = await build({
        stdin: {
          contents: 'export { createCobrowseClient } from "@cec-cobrowse/client";',
          resolveDir: path.resolve(dist, ".."),
        },
        bundle: true,
        platform,
        format: "esm",
        write: false,
        metafile: true,
        logLevel: "silent",
        external: ["openapi-fetch", "node:*"],
      });
      return Object.keys(out.metafile.inputs);
    };
    expect(await inputs("browser")).toContain("dist/browser.mjs");
    expect(await inputs("browser")).not.toContain("dist/index.mjs");
    expect(await inputs("node")).toContain("dist/index.mjs");
  });

  it("works from the CJS build (openapi-fetch's default export interop)", async () => {
    const cjs = require(path.join(dist, "index.cjs")) as typeof import("../src/index.js");
    const client = cjs.createCobrowseClient({ baseUrl: mock.url, ...mock.creds });
    const r = await client.getConnectionInfo({ roomId: "cjs", role: "recorder" });
    expect(r.data.roomId).toBe("cjs");
    const browserCjs = require(path.join(dist, "browser.cjs")) as typeof import("../src/browser.js");
    expect(typeof browserCjs.createCobrowseClient).toBe("function");
  });

  it.each(["index.cjs", "index.mjs"])(
    "reaches a proxy from %s (the proxy agents, ESM only, load by import())",
    async (entry) => {
      const proxy = await startProxy();
      try {
        const built = (
          entry.endsWith(".cjs") ? require(path.join(dist, entry)) : await import(path.join(dist, entry))
        ) as typeof import("../src/index.js");
        const client = built.createCobrowseClient({
          baseUrl: mock.url,
          ...mock.creds,
          fetch: mock.checked(built.createNodeFetch({ proxy: proxy.url })),
        });
        expect((await client.getConnectionInfo({ roomId: "proxied", role: "recorder" })).data.roomId).toBe("proxied");
        expect(proxy.requests).toHaveLength(2);
      } finally {
        await proxy.close();
      }
    },
  );

  it("works from the ESM build", async () => {
    const esm = (await import(path.join(dist, "index.mjs"))) as typeof import("../src/index.js");
    const client = esm.fromEnv({
      COBROWSE_BASE_URL: mock.url,
      COBROWSE_APP_KEY: mock.creds.appKey,
      COBROWSE_APP_SECRET: mock.creds.appSecret,
      COBROWSE_TENANT_SPACE_ID: mock.creds.tenantSpaceId,
    });
    const r = await client.getConnectionInfo({ roomId: "esm", role: "replayer" });
    expect(r.data.roomId).toBe("esm");
  });
});
