// What one observed request breaks, as far as that one exchange shows: the method of its path,
// the body's size, media type and coding, its security headers' presence and shape, the JSON
// syntax and schema of its body, its header parameters. Each breach names the check of the
// operation's x-cobrowse-check-order that answers it (and so the status it gets) and the rule broken.
import type { Operation, SpecValidator } from "@cec-cobrowse/spec";
import { mediaType } from "../judge.js";
import { operationPointer, pointer } from "../spec.js";
import { headerOf, pathOnly, type TrafficExchange } from "./exchange.js";

export interface Breach {
  /** The check that answers it: `method`, `bodySize`, `contentType`, `contentEncoding`, `authentication`, `validation`... */
  check: string;
  /** The status that check answers. */
  status: number;
  /** The rule broken, as a JSON pointer into the spec. */
  at: string;
  message: string;
  /** The field (`/role`) or header the answer must name. */
  field?: string;
}

/** The request's body as JSON: its value, `invalid`, or undefined when there is none (or it is compressed). */
export function requestJson(t: TrafficExchange): { value: unknown } | "invalid" | undefined {
  const body = t.request.body;
  if (body === undefined || body.length === 0) return undefined;
  const coding = headerOf(t.request.headers, "content-encoding");
  if (coding !== undefined && coding.trim().toLowerCase() !== "identity") return undefined;
  try {
    return { value: JSON.parse(body.toString("utf8")) as unknown };
  } catch {
    return "invalid";
  }
}

/** A method the request's path does not have: the breach of the `method` check. */
export function methodBreach(spec: SpecValidator, t: TrafficExchange): Breach | undefined {
  const match = spec.match(t.request.method, pathOnly(t.request.path));
  if (!("status" in match) || match.status !== 405) return undefined;
  const rule = spec.rules.checks.get("method");
  return {
    check: "method",
    status: rule?.status ?? 405,
    at: pointer("paths", pathOnly(t.request.path)),
    message: `${t.request.method} is not a method of ${pathOnly(t.request.path)} (it has ${match.allow.join(", ")})`,
  };
}

export function breachesOf(spec: SpecValidator, op: Operation, t: TrafficExchange): Breach[] {
  const out: Breach[] = [];
  const check = (id: string) => op.checkOrder.find((c) => c.id === id);
  const size = t.request.bodySize ?? t.request.body?.length ?? 0;
  const bodySize = check("bodySize");
  if (bodySize?.maxBytes !== undefined && size > bodySize.maxBytes) {
    out.push({
      check: "bodySize",
      status: bodySize.status,
      at: `${bodySize.at}/maxBytes`,
      message: `the body is ${size} bytes, over the limit of ${bodySize.maxBytes}`,
    });
  }
  const contentType = check("contentType");
  const type = headerOf(t.request.headers, "content-type");
  if (size > 0 && contentType && op.requestMediaTypes.length > 0 && !op.requestMediaTypes.includes(mediaType(type))) {
    out.push({
      check: "contentType",
      status: contentType.status,
      at: contentType.at,
      message: `Content-Type is ${JSON.stringify(type ?? "(none)")}; the spec takes ${op.requestMediaTypes.join(", ")}`,
    });
  }
  const contentEncoding = check("contentEncoding");
  const coding = headerOf(t.request.headers, "content-encoding");
  const accepted = contentEncoding?.accept ?? ["identity"];
  if (
    coding !== undefined &&
    contentEncoding &&
    coding.split(",").some((c) => !accepted.includes(c.trim().toLowerCase()))
  ) {
    out.push({
      check: "contentEncoding",
      status: contentEncoding.status,
      at: contentEncoding.at,
      message: `Content-Encoding is ${JSON.stringify(coding)}; the spec takes ${accepted.join(", ")}`,
    });
  }
  for (const h of op.securityHeaders) {
    const value = headerOf(t.request.headers, h.header);
    const issues = spec.validateSecurityHeader(op.operationId, h.header, value);
    if (issues.length === 0) continue;
    const kind = value === undefined || value === "" ? "missing" : "malformed";
    const answering = op.checkOrder.find((c) =>
      c.securityChecks.some((s) => s.header.header === h.header && s.kind === kind),
    );
    // Missing, or a bearer value without its prefix, breaks the scheme itself; otherwise its value schema.
    const at =
      kind === "missing" || (h.kind === "bearer" && !value!.startsWith("Bearer ")) || !h.schema
        ? h.at
        : `${h.at}/x-cobrowse-value-schema`;
    out.push({
      check: answering?.id ?? "authentication",
      status: answering?.status ?? h.failures?.[kind] ?? 401,
      at,
      message: `${h.header} ${issues[0]!.message}`,
      field: h.header,
    });
  }
  const validation = check("validation");
  if (validation) {
    const json = requestJson(t);
    const media = op.requestMediaTypes[0] ?? "application/json";
    if (json === "invalid") {
      out.push({
        check: "validation",
        status: validation.status,
        at: operationPointer(op, "requestBody", "content", media),
        message: "the body is not JSON",
      });
    } else if (json) {
      for (const v of spec.requestBodyViolations(op.operationId, json.value)) {
        out.push({
          check: "validation",
          status: validation.status,
          at: v.at,
          message: `body ${v.name === "" ? "(root)" : v.name}: ${v.message}`,
          field: v.name,
        });
      }
    } else if (size === 0 && op.bodyRequired) {
      out.push({
        check: "validation",
        status: validation.status,
        at: operationPointer(op, "requestBody", "required"),
        message: "the body is required",
      });
    }
    for (const v of spec.requestHeaderViolations(op.operationId, t.request.headers)) {
      out.push({
        check: "validation",
        status: validation.status,
        at: v.at,
        message: `header ${v.name}: ${v.message}`,
        field: v.name,
      });
    }
  }
  return out;
}

/** Statuses an answer may have for reasons one exchange cannot show (server state: an unknown token or tenant, wrong credentials; a rate limit). */
export function hiddenStatuses(op: Operation): Set<number> {
  const out = new Set<number>([429]);
  for (const c of op.checkOrder) {
    if (c.id === "credentials" || c.securityChecks.some((s) => s.kind === "unknown")) out.add(c.status);
  }
  return out;
}
