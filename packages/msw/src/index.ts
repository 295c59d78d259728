// MSW handlers of the co-browsing API for front-end tests, built from the spec at run time:
// every answer is one of the spec's examples (or an ErrorResponse made by the spec's rules), and
// the failure scenarios a front end must survive have names. No value of the spec is copied here.
export { createHandlers, createHttp } from "./handlers.js";
export type { MswOptions, OperationId, ScenarioOptions } from "./options.js";
export { type ScenarioName, scenarios } from "./scenarios.js";
