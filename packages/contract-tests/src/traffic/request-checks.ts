// The checks of one exchange's request and answer: the request keeps the spec (the client's
// part), a request that breaks it is refused as the spec says (the server's part), and every
// answer keeps the suite's response rules (judge.ts, the same judge the suite's response checks use).
import {
  type Answered,
  judgeAnswer,
  namesFieldIn,
  provenanceAt,
  responseRuleDefinitions,
  succeeded,
} from "../judge.js";
import type { SuiteRules } from "../rules.js";
import { hiddenStatuses } from "./breaches.js";
import type { TrafficCheck, View } from "./check.js";

const answered = (v: View): v is View & { x: Answered } => v.x.response !== undefined;

export function requestChecks(rules: SuiteRules): TrafficCheck[] {
  const spec = rules.spec;
  const checkAt = (id: string) => spec.rules.checks.get(id)?.at ?? "#/x-cobrowse-rules/checks";
  const ordered = ["method", "bodySize", "contentType", "contentEncoding", "authentication", "validation"];
  const response = responseRuleDefinitions(rules);
  return [
    {
      id: "traffic.request",
      title:
        "Each request keeps the spec: a method its path has, a body within the size limit, of the documented media type and coding, valid JSON that keeps its schema, header parameters and security headers present and well-formed (the client's part)",
      specLocations: ["#/paths", ...ordered.map(checkAt)],
      judge(ctx, v) {
        for (const b of v.breaches)
          ctx.fail(
            `${v.x.label}: the client sent a request that breaks the spec: ${b.message}`,
            b.at,
            v.x,
            `request-${b.check}`,
          );
      },
    },
    {
      id: "traffic.rejection",
      title:
        "A request that breaks the spec is refused with the status of a check it breaks (check order aside), never a success when it breaks a vendor fact, naming the field at fault (the server's part)",
      specLocations: [...ordered.map(checkAt), rules.namesField.at],
      judge(ctx, v) {
        if (v.breaches.length === 0 || !answered(v) || v.x.response.status >= 500) return; // a 5xx is response.no-5xx's
        const x = v.x;
        const status = x.response.status;
        const vendor = v.breaches.find((b) => provenanceAt(spec, b.at) === "vendor");
        const why = v.breaches.map((b) => `${b.message} (${b.check}: ${b.status})`).join("; ");
        if (vendor && succeeded(spec, x)) {
          ctx.fail(
            `${x.label}: the request breaks ${vendor.at} (${vendor.message}) but succeeded (${status}); it must be refused (a 4xx, or a 200 with success: false)`,
            vendor.at,
            x,
            "invalid-accepted",
            [{ type: "not-succeed" }],
          );
        }
        const allowed = new Set([...v.breaches.map((b) => b.status), ...(v.op ? hiddenStatuses(v.op) : [])]);
        if (!allowed.has(status)) {
          const first = v.breaches[0]!;
          ctx.fail(
            `${x.label}: expected ${[...new Set(v.breaches.map((b) => b.status))].join(" or ")} (${why}), got ${status}`,
            checkAt(first.check),
            x,
            "status",
            [{ type: "status", status: first.status }],
          );
          return;
        }
        const method = v.breaches.find((b) => b.check === "method");
        if (method && status === method.status) {
          const allow = (x.response.headers.allow ?? "").split(",").map((s) => s.trim().toUpperCase());
          const path = x.request.path.split("?")[0]!;
          const documented = rules.operations.filter((o) => o.path === path).map((o) => o.method);
          for (const m of documented)
            if (!allow.includes(m))
              ctx.fail(
                `${x.label}: Allow is ${JSON.stringify(x.response.headers.allow ?? "(none)")}, must list ${m}`,
                checkAt("method"),
                x,
                "allow",
              );
        }
        const named = v.breaches.filter((b) => b.status === status && b.field);
        if (rules.namesField.value && named.length > 0 && !named.some((b) => namesFieldIn(x, b.field!))) {
          ctx.fail(
            `${x.label}: the ${status} answer does not name ${named.map((b) => b.field).join(" or ")} in errorReason or details`,
            rules.namesField.at,
            x,
            "error-names-field",
            [
              { type: "status", status },
              { type: "names-field", field: named[0]!.field! },
            ],
          );
        }
      },
    },
    ...(["status-documented", "schema", "content-type", "error-code", "headers", "secret-not-echoed"] as const).map(
      (rule): TrafficCheck => ({
        id: `response.${rule}`,
        title: response[rule].title,
        specLocations: response[rule].specLocations,
        judge(ctx, v) {
          if (!answered(v) || (!v.op && rule !== "secret-not-echoed")) return;
          const secrets = rule === "secret-not-echoed" ? [...ctx.state.sentSecrets].filter((s) => s.length >= 6) : [];
          for (const p of judgeAnswer(spec, v.x, v.op, rule, secrets))
            ctx.fail(p.message, p.at, v.x, undefined, [{ type: "response", rule }]);
        },
      }),
    ),
    {
      id: "response.no-5xx",
      title:
        "No request that breaks the spec gets a 5xx (a documented 500 or 503 to a valid request is the server's documented failure, judged by the other rules)",
      specLocations: response["no-5xx"].specLocations,
      judge(ctx, v) {
        if (!answered(v) || v.breaches.length === 0) return;
        for (const p of judgeAnswer(spec, v.x, v.op, "no-5xx"))
          ctx.fail(p.message, p.at, v.x, undefined, [{ type: "response", rule: "no-5xx" }]);
      },
    },
  ];
}
