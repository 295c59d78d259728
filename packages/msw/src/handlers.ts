// The default handlers (one per operation of the spec) and the typed http of openapi-msw.
import { specValidator } from "@cec-cobrowse/spec";
import type { paths } from "@cec-cobrowse/types";
import type { HttpHandler } from "msw";
import { createOpenApiHttp, type OpenApiHttpHandlers } from "openapi-msw";
import { errorAnswer, exampleBody, exampleNameFor, handlerFor, json, problems, response } from "./answers.js";
import { base, type MswOptions } from "./options.js";

/**
 * openapi-msw's `http`, typed by the spec's `paths` (`@cec-cobrowse/types`): paths, request
 * bodies and response bodies per status are checked by TypeScript. Write your own handlers with it.
 */
export function createHttp(options: MswOptions = {}): OpenApiHttpHandlers<paths> {
  return createOpenApiHttp<paths>({ baseUrl: base(options) });
}

/**
 * The default handlers, one per operation of the spec. Each checks the request as the spec says
 * (security headers: 401 or 400 as `x-cobrowse-failures` gives; body: 400 with `details`) and
 * answers the spec's 200 example: for `getConnectionInfo` the example whose request example
 * sends the same `role` (the customer's or the agent's), with its `X-Request-Id` example.
 */
export function createHandlers(options: MswOptions = {}): HttpHandler[] {
  return [...specValidator().operations.values()].map((op) =>
    handlerFor(op, options, async (request) => {
      const found = await problems(op, request);
      if ("issues" in found) return errorAnswer(op, found.status, found.issues);
      return json(op, 200, exampleBody(response(op, 200), exampleNameFor(op, found.body)));
    }),
  );
}
