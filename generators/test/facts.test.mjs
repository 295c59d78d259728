// The one emitter of the spec's facts (generators/facts): it renders the committed files, its
// names are the generated models' names, its keyword guard refuses what a layer would not check,
// and a property added to the spec reaches every language's facts with no hand edit; in Go, an
// optional string property `locale` becomes `sdk.ConnectionInfoRequest.Locale`, which the sdk
// (built against the Go client regenerated from the same spec) sends.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { document, SpecValidator, specValidator } from "@cec-cobrowse/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  emit,
  extractFacts,
  GO_FILE,
  GO_REQUEST_FILE,
  JAVA_FILE,
  OUTPUTS,
  PYTHON_FILE,
  pythonName,
  TYPESCRIPT_FILE,
} from "../facts/index.mjs";
import { loadConfigs, root, runBatch } from "../lib.mjs";

const read = (...parts) => readFileSync(path.join(...parts), "utf8");
const facts = extractFacts(specValidator());
const INFO = "#/components/schemas/GetConnectionInfoRequest/properties";

/** A copy of the spec, edited (hence any). */
function edited(edit) {
  const doc = structuredClone(document);
  edit(doc);
  return doc;
}
const refusal = (edit) => {
  try {
    extractFacts(new SpecValidator(edited(edit)));
  } catch (error) {
    return error.message;
  }
  return "accepted";
};

describe("the emitter", () => {
  it.each(
    Object.entries(OUTPUTS).flatMap(([language, files]) => files.map(([file, render]) => [language, file, render])),
  )("renders the committed %s file %s", (_language, file, render) => {
    expect(render(facts)).toBe(read(root, file));
  });

  it("extracts the room operation once, the headers from the spec's statements, and the bearer prefix from the scheme", () => {
    expect(facts.info).toEqual({
      operationId: "getConnectionInfo",
      roomField: "roomId",
      roleField: "role",
      createdFormat: "uuid",
      connectWith: { all: ["connectParam"], oneOf: ["wssUrl", "wssUrlOut"] },
    });
    expect(facts.headers).toEqual({
      authorization: { scheme: "bearerAuth", header: "Authorization", prefix: "Bearer " },
      appKey: { scheme: "appKey", header: "x-app-key" },
      tenant: { scheme: "tenantSpaceId", header: "X-TenantSpaceID" },
      requestId: "X-Request-Id",
      retryAfter: "Retry-After",
      userAgent: { header: "User-Agent", productPrefix: "cec-cobrowse-" },
      attempt: "X-Cobrowse-Attempt",
    });
    expect(facts.webSocket).toEqual({ connectParam: "connectParam" });
    expect(facts.token).toMatchObject({
      credentials: { appKey: "app_key", appSecret: "app_secret" },
      lifetime: { header: "X-Token-Expire", minimum: 1, maximum: 86400, default: 600 },
    });
  });

  it("follows the spec's statements: another request-id header, client header or query name reaches every language", () => {
    const doc = edited((d) => {
      d["x-cobrowse-rules"].requestId.header = "X-Correlation-Id";
      for (const response of Object.values(d.components.responses))
        response.headers = { "X-Correlation-Id": response.headers["X-Request-Id"], ...response.headers };
      for (const item of Object.values(d.paths))
        item.post.responses["200"].headers["X-Correlation-Id"] = item.post.responses["200"].headers["X-Request-Id"];
      d["x-cobrowse-client-headers"].attempt.header = "X-Attempt";
      d["x-cobrowse-rules"].websocket.connectParam = "cp";
    });
    const other = extractFacts(new SpecValidator(doc));
    for (const [, files] of Object.entries(OUTPUTS)) {
      for (const [file, render] of files.filter(([f]) => f !== GO_REQUEST_FILE)) {
        const text = render(other);
        for (const value of ["X-Correlation-Id", "X-Attempt", '"cp"'])
          expect(text, `${file} carries ${value}`).toContain(value);
      }
    }
  });
});

describe("each field's name in every language is the generated model's", () => {
  const models = {
    python: (schema) =>
      read(root, "packages/client-python/generated/cec_cobrowse_client/models", `${pythonName(schema)}.py`),
    java: (schema) =>
      read(root, "packages/client-java/generated/src/main/java/cec/cobrowse/client/model", `${schema}.java`),
    go: (schema) => read(root, "packages/client-go/generated", `model_${pythonName(schema)}.go`),
  };
  const fields = Object.values(facts.bodies).flatMap((body) => body.fields.map((f) => [body.schemaName, f.name, f]));
  it.each(fields)("%s.%s", (schema, json, f) => {
    const python = models
      .python(schema)
      .split("\n")
      .find((line) => line.startsWith(`    ${f.names.python}: `));
    expect(python, `the Python model's field ${f.names.python}`).toBeDefined();
    if (f.names.python !== json) expect(python).toContain(`alias="${json}"`);
    const java = models.java(schema);
    expect(java).toContain(`public static final String JSON_PROPERTY_`);
    expect(java).toMatch(new RegExp(`JSON_PROPERTY_\\w+ = "${json}";`));
    expect(java).toContain(` get${f.names.java.charAt(0).toUpperCase()}${f.names.java.slice(1)}() {`);
    expect(models.go(schema)).toContain(`func (o *${schema}) Set${f.names.goModel}(v `);
  });
  it("Go's request type spells initialisms in capitals", () => {
    expect(facts.bodies.getConnectionInfo.fields.map((f) => f.names.go)).toEqual([
      "RoomID",
      "UserID",
      "UserName",
      "WorkNo",
      "Role",
    ]);
  });
});

describe("the keyword guard refuses a body constraint a layer's pre-send checks do not cover, naming it", () => {
  it("a keyword no layer checks", () => {
    expect(refusal((d) => (d.components.schemas.GetConnectionInfoRequest.properties.userId.format = "email"))).toBe(
      `facts: ${INFO}/userId: the client's pre-send checks do not cover "format" (in TypeScript, Python, Go and Java); teach each layer's checks and generators/facts/guard.mjs, or drop it from the spec`,
    );
    expect(
      refusal(
        (d) => (d.components.schemas.GetConnectionInfoRequest.properties.seats = { type: "integer", minimum: 1 }),
      ),
    ).toContain(
      `${INFO}/seats: the client's pre-send checks do not cover "minimum" (in TypeScript, Python, Go and Java)`,
    );
  });

  it("a type a layer does not check", () => {
    expect(
      refusal((d) => (d.components.schemas.GetConnectionInfoRequest.properties.seats = { type: "integer" })),
    ).toContain(
      `${INFO}/seats: the client's pre-send checks do not cover type "integer" (in TypeScript, Go); the layers check TypeScript: string, number, boolean; Python: string, number, integer, boolean; Go: string; Java: string, number, integer, boolean`,
    );
  });

  it("an inline enum, which Go and Java would hold as an unchecked string", () => {
    expect(
      refusal(
        (d) =>
          (d.components.schemas.GetConnectionInfoRequest.properties.channel = { type: "string", enum: ["web", "app"] }),
      ),
    ).toBe(
      `facts: ${INFO}/channel: the client's pre-send checks do not cover "enum" (in Go, Java); they check an enum through its generated enum type: make it a $ref to a schema under components/schemas`,
    );
  });

  it("a fact the spec no longer states", () => {
    expect(refusal((d) => delete d["x-cobrowse-rules"].requestId)).toBe(
      "facts: the spec states no x-cobrowse-rules.requestId: the clients report the request id from the header it names",
    );
    expect(refusal((d) => delete d["x-cobrowse-client-headers"])).toMatch(
      /^facts: the spec states no x-cobrowse-client-headers/,
    );
    expect(
      refusal((d) => {
        delete d.components.responses.TooManyRequests.headers["Retry-After"];
        delete d.components.responses.ServiceUnavailable.headers["Retry-After"];
      }),
    ).toBe(
      "facts: no answer of the spec declares Retry-After: the clients wait as it says before retrying a 429 or 503",
    );
  });

  it("writes nothing when it refuses", () => {
    const into = mkdtempSync(path.join(tmpdir(), "cec-cobrowse-facts-refused-"));
    try {
      const spec = new SpecValidator(
        edited((d) => (d.components.schemas.GetConnectionInfoRequest.properties.userId.format = "email")),
      );
      expect(() => emit(spec, { into })).toThrow(/do not cover "format"/);
      expect(execFileSync("find", [into, "-type", "f"], { encoding: "utf8" })).toBe("");
    } finally {
      rmSync(into, { recursive: true, force: true });
    }
  });
});

describe("a spec with a new optional request property `locale`", () => {
  const work = mkdtempSync(path.join(tmpdir(), "cec-cobrowse-facts-locale-"));
  const specFile = path.join(work, "openapi.yaml");
  const go = path.join(work, "packages/client-go");
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(async () => {
    const doc = edited((d) => {
      d.components.schemas.GetConnectionInfoRequest.properties.locale = {
        type: "string",
        description: "The user's language, a BCP 47 tag.",
        minLength: 2,
        maxLength: 35,
        example: "en-GB",
      };
    });
    writeFileSync(specFile, stringify(doc));
    // The hand-written sdk as committed, its generated files rendered from the edited spec, over
    // the Go client openapi-generator writes from that spec.
    cpSync(path.join(root, "packages/client-go/sdk"), path.join(go, "sdk"), { recursive: true });
    emit(new SpecValidator(doc), { into: work, from: "openapi.yaml" });
    const config = loadConfigs().find((c) => c.name === "go").config;
    await runBatch([{ config, spec: specFile, outputDir: path.join(go, "generated"), label: "go (locale)" }]);
    // The checkout's workspace (its Go version, its replace directives for the unreleased
    // modules) less the tests module, which this copy does not have.
    const workspace = readFileSync(path.join(root, "packages/client-go/go.work"), "utf8").replace("\t./tests\n", "");
    writeFileSync(path.join(go, "go.work"), workspace);
  });

  it("is in every language's field table, with its constraints and names", () => {
    expect(read(work, PYTHON_FILE)).toContain(
      `    RequestField("locale", "locale", "Locale", "locale", "string", (), "", False, 2, 35, ""),`,
    );
    expect(read(work, PYTHON_FILE)).toContain(`("workNo", 1, 64, ""), ("locale", 2, 35, ""),)`);
    expect(read(work, GO_FILE)).toContain(
      `{Name: "locale", Python: "locale", Go: "Locale", GoModel: "Locale", Java: "locale", Type: "string", MinLength: 2, MaxLength: 35},`,
    );
    expect(read(work, JAVA_FILE)).toContain(
      `new RequestField("locale", "locale", "Locale", "locale", "string", List.of(), "", false, 2, 35, "")`,
    );
    expect(read(work, TYPESCRIPT_FILE)).toMatch(
      /"locale": \{\n\s+"type": "string",\n\s+"minLength": 2,\n\s+"maxLength": 35\n\s+\}/,
    );
  });

  it("is a `Locale string` field of Go's sdk.ConnectionInfoRequest, mapped onto the generated model", () => {
    const request = read(work, GO_REQUEST_FILE);
    expect(request).toMatch(/\n\tLocale string\n/);
    expect(request).toContain('\tif r.Locale != "" {\n\t\tm.SetLocale(r.Locale)\n\t}\n');
    expect(execFileSync("gofmt", ["-l", path.join(go, "sdk")], { encoding: "utf8" })).toBe("");
  });

  it("compiles, and the sdk sends it: GetConnectionInfo against a local server", () => {
    writeFileSync(path.join(go, "sdk", "locale_test.go"), LOCALE_TEST);
    const out = execFileSync("go", ["test", "-count=1", "-run", "^TestLocaleIsSent$", "-v", "."], {
      cwd: path.join(go, "sdk"),
      encoding: "utf8",
      env: { ...process.env, GOWORK: path.join(go, "go.work") },
    });
    expect(out).toContain(`SENT {"locale":"en-GB","role":"recorder","roomId":"room-1"}`);
    expect(out).toMatch(/--- PASS: TestLocaleIsSent/);
  });
});

// A program of the sdk's users: sets Locale (which exists only in the regenerated sdk) and prints
// the body the server received.
const LOCALE_TEST = `package sdk_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"
	"github.com/cec-cobrowse/cec-cobrowse/packages/client-go/sdk"
)

func TestLocaleIsSent(t *testing.T) {
	bodies := make(chan []byte, 1)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/tokenByAkSk") {
			_, _ = io.WriteString(w, \`{"AccessToken":"token-1","ApplyType":"Bearer","CreateTime":"\`+strconv.FormatInt(time.Now().Unix(), 10)+\`","Expires":"600"}\`)
			return
		}
		b, _ := io.ReadAll(r.Body)
		bodies <- b
		_, _ = io.WriteString(w, \`{"success":true,"data":{"roomId":"room-1","wssUrl":"wss://127.0.0.1/ws/cobrowse/room-1","connectParam":"p"},"errorCode":null,"errorReason":null}\`)
	}))
	defer server.Close()
	client, err := sdk.New(sdk.Options{BaseURL: server.URL, AppKey: "app", AppSecret: "secret", TenantSpaceID: "tenant"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetConnectionInfo(context.Background(), sdk.ConnectionInfoRequest{Role: cobrowse.ROLE_RECORDER, RoomID: "room-1", Locale: "en-GB"}); err != nil {
		t.Fatal(err)
	}
	var sent map[string]any
	if err := json.Unmarshal(<-bodies, &sent); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(sent)
	fmt.Println("SENT", string(out))
	if sent["locale"] != "en-GB" {
		t.Fatalf("locale was not sent: %s", out)
	}
}
`;
