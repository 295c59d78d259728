// What a README's TypeScript blocks take as given from the text around them (`client`, `options`,
// an Express `app`): code put before a block that uses such a name without declaring it. Names a
// block binds itself (a const, a function, an import) are left out, so a block never sees a
// given twice. The values are the mock's (COBROWSE_* as the test sets them), so a block that runs
// runs against it; givens only a type-checked block uses are declarations.

export interface Given {
  name: string;
  code: string;
  /** Run after the block (a server the given started is closed, so the block's process ends). */
  teardown?: string;
}

const env = (v: string) => `process.env.${v}!`;
const OPTIONS = `{ baseUrl: ${env("COBROWSE_BASE_URL")}, appKey: ${env("COBROWSE_APP_KEY")}, appSecret: ${env("COBROWSE_APP_SECRET")}, tenantSpaceId: ${env("COBROWSE_TENANT_SPACE_ID")} }`;

/** Always present, under names no README uses. */
export const PRELUDE = `import { createCobrowseClient as __createClient } from "@cec-cobrowse/client";\n`;

const CLIENT: Given[] = [
  { name: "options", code: `const options = ${OPTIONS};` },
  { name: "client", code: `const client = __createClient(${OPTIONS});` },
  { name: "baseUrl", code: `const baseUrl = ${env("COBROWSE_BASE_URL")};` },
  { name: "appKey", code: `const appKey = ${env("COBROWSE_APP_KEY")};` },
  { name: "appSecret", code: `const appSecret = ${env("COBROWSE_APP_SECRET")};` },
  { name: "tenantSpaceId", code: `const tenantSpaceId = ${env("COBROWSE_TENANT_SPACE_ID")};` },
  { name: "fromEnv", code: `import { fromEnv } from "@cec-cobrowse/client";` },
  {
    name: "roomId",
    code: `const roomId = (await __createClient(${OPTIONS}).getConnectionInfo({ role: "recorder" })).data.roomId;`,
  },
  {
    name: "app",
    code: `declare const app: { get(path: string, handler: (req: unknown, res: { json(body: unknown): void }) => Promise<void>): void };`,
  },
];

const MSW: Given[] = [
  { name: "setupServer", code: `import { setupServer } from "msw/node";` },
  { name: "createHandlers", code: `import { createHandlers } from "@cec-cobrowse/msw";` },
  { name: "scenarios", code: `import { scenarios } from "@cec-cobrowse/msw";` },
  { name: "server", code: `const server = (await import("msw/node")).setupServer();` },
];

const CONTRACT: Given[] = [
  { name: "loadSpec", code: `import { loadSpec } from "@cec-cobrowse/spec/file";` },
  { name: "target", code: `const target = ${OPTIONS};` },
];

const FETCH_CLIENT: Given[] = [
  { name: "Role", code: `import { Role } from "@cec-cobrowse/client-typescript-fetch";` },
  { name: "ResponseError", code: `import { ResponseError } from "@cec-cobrowse/client-typescript-fetch";` },
  {
    name: "ErrorResponseFromJSON",
    code: `import { ErrorResponseFromJSON } from "@cec-cobrowse/client-typescript-fetch";`,
  },
  {
    name: "coBrowsing",
    code: `const coBrowsing = await (async () => {
  const api = await import("@cec-cobrowse/client-typescript-fetch");
  const basePath = ${env("COBROWSE_BASE_URL")};
  const token = await new api.AuthenticationApi(new api.Configuration({ basePath })).tokenByAkSk({ tokenRequest: { appKey: ${env("COBROWSE_APP_KEY")}, appSecret: ${env("COBROWSE_APP_SECRET")} } });
  return new api.CoBrowsingApi(new api.Configuration({ basePath, accessToken: token.accessToken, apiKey: (h) => (h === "x-app-key" ? ${env("COBROWSE_APP_KEY")} : ${env("COBROWSE_TENANT_SPACE_ID")}) }));
})();`,
  },
];

const SPEC: Given[] = [{ name: "body", code: `const body: unknown = { AccessToken: "a-token", Expires: "600" };` }];

const MOCK_ROOM: Given[] = [
  {
    name: "mock",
    code: `const mock = await (await import("@cec-cobrowse/mock-server")).startMockServer();`,
    teardown: "await mock.close();",
  },
  {
    name: "getConnectionInfo",
    code: `const getConnectionInfo = async (body: { role: "recorder" | "replayer"; roomId?: string }) => (await __createClient(${OPTIONS}).getConnectionInfo(body)).data;`,
  },
];

/** The givens of each README, by its path from the root. */
export const GIVENS: Record<string, Given[]> = {
  "README.md": [...CLIENT, ...MSW],
  "packages/client/README.md": CLIENT,
  "packages/client-typescript-fetch/README.md": FETCH_CLIENT,
  "packages/contract-tests/README.md": CONTRACT,
  "packages/mock-server/README.md": MOCK_ROOM,
  "packages/msw/README.md": MSW,
  "packages/spec/README.md": SPEC,
};

/** Whether `code` declares `name` itself: a const/let/var/function/class, a destructuring, an import. */
export function binds(code: string, name: string): boolean {
  const n = name.replace(/[$]/g, "\\$");
  const declared = new RegExp(
    `\\b(?:const|let|var|function|class)\\s+(?:${n}\\b|[{\\[][^=]*\\b${n}\\b[^=]*[}\\]]\\s*=)`,
  );
  const chained = new RegExp(`\\b(?:const|let|var)\\s[^;\\n]*,\\s*${n}\\s*=`);
  const imported = new RegExp(`^import\\b[^;]*\\b${n}\\b[^;]*\\bfrom\\b`, "m");
  return declared.test(code) || chained.test(code) || imported.test(code);
}

/** The givens `code` (a block of `file`) uses and does not declare, in their declared order. */
export function givensFor(file: string, code: string): Given[] {
  return (GIVENS[file] ?? []).filter((g) => new RegExp(`\\b${g.name}\\b`).test(code) && !binds(code, g.name));
}
