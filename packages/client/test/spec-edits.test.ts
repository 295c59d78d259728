// The client follows the spec with no code change: edit a copy of the spec, regenerate the
// constants from it with the client's own generator (scripts/generate.mjs, into a temp file),
// bundle src/index.ts against those constants (esbuild, the generated module aliased), and the
// pre-send checks change with the spec. The reference mock serving the same edited spec agrees
// with the rebuilt client end to end, and refuses what the shipped client still sends.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { document, type OpenApiDocument, SpecValidator } from "@cec-cobrowse/spec";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BadRequestError, createCobrowseClient, ValidationError } from "../src/index.js";
import { INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";

const root = path.resolve(import.meta.dirname, "..");
const generator = path.join(root, "scripts/generate.mjs");
let dir: string;

/** Runs the generator: on `spec` (a file) when given, into `out`; answers its exit status and output. */
function generate(out: string, spec?: string): { status: number; output: string } {
  try {
    const output = execFileSync(process.execPath, [generator, ...(spec ? ["--spec", spec] : []), "--out", out], {
      encoding: "utf8",
      stdio: "pipe",
    });
    return { status: 0, output };
  } catch (e) {
    const error = e as { status: number; stderr: string };
    return { status: error.status, output: error.stderr };
  }
}

/** A copy of the spec, edited (hence any), written to the temp folder as JSON (which loadSpec reads like YAML). */
function editedSpec(name: string, edit: (doc: any) => void): { file: string; doc: OpenApiDocument } {
  const doc = structuredClone(document) as OpenApiDocument;
  edit(doc);
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return { file, doc };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "cobrowse-client-spec-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the generator", () => {
  it("regenerates the committed constants from the spec", () => {
    const out = path.join(dir, "spec.ts");
    expect(generate(out).status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(path.join(root, "src/generated/spec.ts"), "utf8"));
  });

  it("refuses a body constraint the client's pre-send checks do not cover, naming it", () => {
    const { file } = editedSpec(
      "unchecked",
      (doc) => (doc.components.schemas.GetConnectionInfoRequest.properties.userId.format = "email"),
    );
    const run = generate(path.join(dir, "unchecked.ts"), file);
    expect(run.status).toBe(1);
    expect(run.output).toContain(
      '#/components/schemas/GetConnectionInfoRequest/properties/userId: the client\'s pre-send checks do not cover "format"',
    );
  });
});

describe("a client built from an edited spec", () => {
  // userName at most 8 characters (not 256), tokens of at most an hour (not a day), the roles
  // recorder and supervisor (replayer gone), a new optional request property (locale) and a new
  // answer property with an example (expiresAt).
  let edited: { file: string; doc: OpenApiDocument };
  let rebuilt: typeof import("../src/index.js");
  let mock: TestMock;

  beforeAll(async () => {
    edited = editedSpec("edited", (doc) => {
      doc.components.schemas.GetConnectionInfoRequest.properties.userName.maxLength = 8;
      doc.components.parameters.TokenExpire.schema.maximum = 3600;
      doc.components.schemas.Role.enum = ["recorder", "supervisor"];
      doc.components.schemas.GetConnectionInfoRequest.properties.locale = {
        type: "string",
        minLength: 2,
        maxLength: 35,
        description: "The customer's locale (BCP 47).",
        example: "en-GB",
      };
      doc.components.schemas.ConnectionInfo.properties.expiresAt = {
        type: "string",
        format: "date-time",
        description: "When the connectParam expires.",
        example: "2026-12-06T10:00:00Z",
      };
    });
    const constants = path.join(dir, "edited-constants.ts");
    expect(generate(constants, edited.file).status).toBe(0);
    const bundle = path.join(dir, "client.mjs");
    await build({
      entryPoints: [path.join(root, "src/index.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: bundle,
      logLevel: "silent",
      plugins: [
        {
          name: "edited-constants",
          setup(b) {
            // Every import of the generated module (from src/ and from src/internal/) gets the edited one.
            const generated = path.join(root, "src/generated/spec.js");
            b.onResolve({ filter: /\/generated\/spec\.js$/ }, (args) =>
              path.resolve(args.resolveDir, args.path) === generated ? { path: constants } : undefined,
            );
          },
        },
      ],
    });
    expect(readFileSync(bundle, "utf8")).toContain('"supervisor"');
    rebuilt = (await import(pathToFileURL(bundle).href)) as typeof import("../src/index.js");
  });
  afterEach(() => mock?.close());

  const start = async () => {
    mock = await startMock({ spec: new SpecValidator(edited.doc) });
    return mock;
  };

  it("refuses a userName over the new maxLength before any request; the edited mock agrees at the limit", async () => {
    const m = await start();
    const client = rebuilt.createCobrowseClient({ baseUrl: m.url, ...m.creds, fetch: m.fetch });
    const err = await client.getConnectionInfo({ role: "recorder", userName: "Alex Does" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(rebuilt.ValidationError);
    expect(err).toMatchObject({
      field: "/userName",
      message: 'body /userName: must be a string of 1 to 8 characters, got "Alex Does"',
    });
    expect(m.arrivals).toHaveLength(0);
    // Exactly 8 characters: the rebuilt client sends it and the edited mock takes it.
    await expect(client.getConnectionInfo({ role: "recorder", userName: "Alex Doe" })).resolves.toMatchObject({
      data: { roomId: expect.any(String) },
    });
    // The shipped client (the real spec's 256) sends the 9 characters; the edited mock refuses them.
    const shipped = createCobrowseClient({ baseUrl: m.url, ...m.creds, fetch: m.fetch, maxRetries: 0 });
    const refused = await shipped
      .getConnectionInfo({ role: "recorder", userName: "Alex Does" })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as BadRequestError).details?.map((d) => d.name)).toEqual(["/userName"]);
  });

  it("takes the new token lifetime range: 7200 s refused when creating the client, 3600 s issued by the edited mock", async () => {
    const m = await start();
    let err: unknown;
    try {
      rebuilt.createCobrowseClient({ baseUrl: m.url, ...m.creds, tokenExpire: 7200 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(rebuilt.ConfigurationError);
    expect(err).toMatchObject({ field: "tokenExpire", message: "tokenExpire: must be a whole number from 1 to 3600" });
    const client = rebuilt.createCobrowseClient({ baseUrl: m.url, ...m.creds, tokenExpire: 3600, fetch: m.fetch });
    const token = await client.getToken();
    expect(token.expiresIn).toBeGreaterThan(3500);
    expect(token.expiresIn).toBeLessThanOrEqual(3600);
    expect(m.arrivals[0]!.headers["x-token-expire"]).toBe("3600");
    await expect(client.getConnectionInfo({ role: "recorder" })).resolves.toBeDefined();
    // The shipped client (a day at most) asks for 7200 s; the edited mock answers 400 naming the header.
    const shipped = createCobrowseClient({
      baseUrl: m.url,
      ...m.creds,
      tokenExpire: 7200,
      fetch: m.fetch,
      maxRetries: 0,
    });
    const refused = await shipped.getToken().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as BadRequestError).details?.map((d) => d.name)).toEqual(["X-Token-Expire"]);
    expect(m.count(TOKEN)).toBe(2);
  });

  it("takes the new role enum: replayer refused before any request, supervisor served by the edited mock", async () => {
    const m = await start();
    expect(rebuilt.ROLES).toEqual(["recorder", "supervisor"]);
    const client = rebuilt.createCobrowseClient({ baseUrl: m.url, ...m.creds, fetch: m.fetch });
    const err = await client.getConnectionInfo({ role: "replayer" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(rebuilt.ValidationError);
    expect((err as ValidationError).message).toBe(
      'body /role: must be one of "recorder", "supervisor", got "replayer"',
    );
    await expect(client.getConnectionInfo(null as never)).rejects.toThrow('pass an object such as {"role":"recorder"}');
    expect(m.arrivals).toHaveLength(0);
    const r = await client.getConnectionInfo({ role: "supervisor" as never, roomId: "1001202404" });
    expect(r.data.roomId).toBe("1001202404");
    expect(m.answersTo(INFO).map((a) => a.status)).toEqual([200]);
    // The shipped client still knows only recorder and replayer.
    const shipped = createCobrowseClient({ baseUrl: m.url, ...m.creds, fetch: m.fetch });
    await expect(shipped.getConnectionInfo({ role: "supervisor" as never })).rejects.toBeInstanceOf(ValidationError);
  });

  it("sends a new optional request property, checked like the others, and hands back a new answer property", async () => {
    const m = await start();
    const client = rebuilt.createCobrowseClient({ baseUrl: m.url, ...m.creds, fetch: m.fetch });
    const err = await client.getConnectionInfo({ role: "recorder", locale: "x" } as never).catch((e: unknown) => e);
    expect(err).toMatchObject({
      field: "/locale",
      message: 'body /locale: must be a string of 2 to 35 characters, got "x"',
    });
    const r = await client.getConnectionInfo({ role: "recorder", locale: "en-GB" } as never);
    expect(m.sent.filter((x) => x.operationId === INFO).map((x) => (x.body as Record<string, unknown>).locale)).toEqual(
      ["en-GB"],
    );
    // The edited mock answers the property it does not compute with the spec's example.
    expect((r.data as Record<string, unknown>).expiresAt).toBe("2026-12-06T10:00:00Z");
    // The shipped client, built from the real spec, refuses the field it does not know rather than drop it.
    await expect(
      createCobrowseClient({ baseUrl: m.url, ...m.creds, fetch: m.fetch }).getConnectionInfo({
        role: "recorder",
        locale: "en-GB",
      } as never),
    ).rejects.toThrow(/^body \/locale: is not a known field; remove it/);
  });
});
