// The room's WebSocket contract, a decision of this spec (x-cobrowse-rules.websocket): both sides
// admitted with their own connectParam; forged, expired, other-room and other-role ones (and
// none, a malformed one, no room) refused with the statuses of `refusals`; a message relayed
// each way, never back to its sender's side; the message size limit enforced. Every URL is the
// one the answer gives (wssUrlOut by default), the room id in it percent-encoded.
import type { WebSocketRule } from "@cec-cobrowse/spec";
import WebSocket from "ws";
import { webSocketPathProblems } from "../answer-rules.js";
import type { CheckContext } from "../context.js";
import { tamper } from "../forge.js";
import type { Exchange } from "../http.js";
import type { SuiteRules } from "../rules.js";
import { pointer, responsePointer } from "../spec.js";
import { connectUrl, connectUrlField } from "../websocket-url.js";
import type { CheckDefinition } from "./check.js";
import { freshRoomId, joinBody, roomBody, sidesOf } from "./support/rooms.js";

type Data = Record<string, unknown>;
interface Side {
  role: string;
  x: Exchange;
  data: Data;
  url: string;
  param: string;
}

const NEEDS = (o: { websocket: boolean }) =>
  o.websocket ? undefined : "--websocket not given (it is on by default against the embedded mock)";

/** A room id with the characters a session id may hold that a URL must carry percent-encoded. */
function awkwardRoomId(ctx: CheckContext, tag: string): string {
  const { op, room, roles } = ctx.rules.connection;
  const id = `ct ${tag}*/#% ü-${(ctx.seed >>> 0).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return ctx.spec.validateRequestBody(op.operationId, { [room.roomId]: id, [room.role]: roles[0] }).length === 0
    ? id
    : freshRoomId(ctx, tag);
}

/** The answer's WebSocket URL field the suite connects to (wssUrlOut). */
const urlField = (ctx: CheckContext) => connectUrlField(ctx.rules);

/** Both sides of one room (the second by the spec's link), each with its WebSocket URL and connectParam; undefined after a failure. */
async function room(ctx: CheckContext, roomId: string, token?: string): Promise<Side[] | undefined> {
  const { op, outcome } = ctx.rules.connection;
  const { openers, joiner } = sidesOf(ctx);
  const sides: Side[] = [];
  const call = async (role: string, body: Record<string, unknown>) => {
    const x = await ctx.call(
      op,
      token
        ? { label: `${role} joins room ${JSON.stringify(roomId)}`, body, token }
        : { label: `${role} joins room ${JSON.stringify(roomId)}`, body },
    );
    if (!ctx.expectStatus(x, 200, responsePointer(op, 200), "valid token, headers and body", [])) return undefined;
    const data = (x.response!.json as Record<string, unknown> | undefined)?.[outcome.data] as Data | undefined;
    const url = data?.[urlField(ctx)];
    const param = data?.[ctx.rules.connection.room.perRole[0] ?? ""];
    if (typeof url !== "string" || typeof param !== "string") {
      ctx.fail(
        `${x.label}: the answer has no ${urlField(ctx)} and connectParam to connect with`,
        `${ctx.rules.connection.room.at}/webSocketUrls`,
        x,
        "websocket-url",
      );
      return undefined;
    }
    ctx.secret(param);
    const side: Side = { role, x, data: data!, url, param };
    sides.push(side);
    return side;
  };
  for (const role of openers) if (!(await call(role, roomBody(ctx, roomId, role)))) return undefined;
  if (joiner !== undefined) {
    const body = joinBody(ctx, sides[0]!.x, roomId, joiner);
    if (!body || !(await call(joiner, body))) return undefined;
  }
  return sides;
}

type Opened =
  | { ok: true; socket: WebSocket }
  | { ok: false; status: number; body: string }
  | { ok: false; error: string };

/** Opens a WebSocket (a request of the check and case `label`): the socket, or the refusal (status and body), or the error. */
async function open(ctx: CheckContext, url: string, label: string): Promise<Opened> {
  await ctx.politely();
  return new Promise((resolve) => {
    const socket = new WebSocket(url, {
      handshakeTimeout: ctx.options.timeoutMs,
      perMessageDeflate: false,
      headers: ctx.caseHeaders(label),
    });
    let settled = false;
    const done = (value: Opened) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    socket.once("open", () => done({ ok: true, socket }));
    socket.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString("utf8")));
      res.on("end", () => done({ ok: false, status: res.statusCode ?? 0, body }));
      res.on("error", () => done({ ok: false, status: res.statusCode ?? 0, body }));
    });
    socket.once("error", (error) => done({ ok: false, error: error.message }));
  });
}

function nextMessage(socket: WebSocket, timeoutMs: number): Promise<Buffer | string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(`no message within ${timeoutMs} ms`), timeoutMs);
    socket.once("message", (data: Buffer) => {
      clearTimeout(timer);
      resolve(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer));
    });
  });
}

function closed(socket: WebSocket, timeoutMs: number): Promise<number | string> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve("already closed");
    const timer = setTimeout(() => resolve(`not closed within ${timeoutMs} ms`), timeoutMs);
    socket.once("close", (code: number) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Opens every side of a room; fails (and closes what opened) when one is refused. */
async function admitAll(ctx: CheckContext, sides: Side[], at: string): Promise<WebSocket[] | undefined> {
  const ws = ctx.spec.rules.websocket!;
  const opened = await Promise.all(
    sides.map((s) => open(ctx, connectUrl(ws, s.url, s.param), `the ${s.role} connects`)),
  );
  const sockets: WebSocket[] = [];
  opened.forEach((o, i) => {
    if (o.ok) sockets.push(o.socket);
    else
      ctx.fail(
        `the ${sides[i]!.role} with its own connectParam at ${urlField(ctx)} was not admitted: ${"status" in o ? `${o.status} ${o.body.slice(0, 200)}` : o.error}`,
        at,
        sides[i]!.x,
        "websocket-admit",
      );
  });
  if (sockets.length === sides.length) return sockets;
  for (const s of sockets) s.terminate();
  return undefined;
}

export function websocketChecks(suite: SuiteRules): CheckDefinition[] {
  const ws = suite.spec.rules.websocket;
  if (!ws) return [];
  const at = (...rest: string[]) => [ws.at, ...rest].join("/");
  const refusalAt = (reason: string) => at("refusals", reason);
  const maxAt = at("maxMessageBytes");
  return [
    {
      id: "websocket.admit",
      title: `Both sides are admitted at the answer's WebSocket URL with their own ${ws.connectParam}, the room id (with *, /, #, %, a space and a non-ASCII letter) percent-encoded in it`,
      specLocations: [ws.at, at("connectParam"), at("path")],
      needs: NEEDS,
      phase: "requests",
      async run(ctx) {
        const roomId = awkwardRoomId(ctx, "ws");
        ctx.cases++;
        const sides = await room(ctx, roomId);
        if (!sides) return;
        for (const side of sides) {
          for (const p of webSocketPathProblems(ctx.rules, ctx.spec, side.data, roomId))
            ctx.fail(`${side.x.label}: ${p.message}`, p.at, side.x, p.rule);
        }
        const sockets = await admitAll(ctx, sides, at("connectParam"));
        for (const s of sockets ?? []) s.close();
      },
    },
    {
      id: "websocket.refuse",
      title: `Refused upgrades answer refusals' statuses with an ErrorResponse: no ${ws.connectParam} (${ws.refusals.missing}), a malformed (${ws.refusals.malformed}), forged (${ws.refusals.forged})${ws.expiresWithToken ? `, expired (${ws.refusals.expired}, its token's lifetime over)` : ""} one, another room's (${ws.refusals.otherRoom}), another role's (${ws.refusals.otherRole}), no room (${ws.refusals.notFound})`,
      specLocations: [at("refusals"), ...(ws.expiresWithToken ? [at("expiresWithToken")] : [])],
      needs: NEEDS,
      phase: "requests",
      async run(ctx) {
        const sides = await room(ctx, awkwardRoomId(ctx, "refuse"));
        const other = sides && (await room(ctx, awkwardRoomId(ctx, "other")));
        if (!sides || !other) return;
        const [a, b] = sides as [Side, Side];
        const noRoom = new URL(a.url);
        noRoom.pathname = ws.path;
        const forged = tamper(a.param);
        ctx.secret(forged);
        const cases: Array<[string, string, keyof WebSocketRule["refusals"]]> = [
          [`no ${ws.connectParam}`, connectUrl(ws, a.url, undefined), "missing"],
          [`a malformed ${ws.connectParam}`, connectUrl(ws, a.url, "not-a-connect-param"), "malformed"],
          [`a forged ${ws.connectParam} (its signature changed)`, connectUrl(ws, a.url, forged), "forged"],
          [`another room's ${ws.connectParam}`, connectUrl(ws, a.url, other[0]!.param), "otherRoom"],
          [
            `the ${a.role}'s ${ws.connectParam} with ${ws.role}=${b.role}`,
            connectUrl(ws, a.url, a.param, { [ws.role]: b.role }),
            "otherRole",
          ],
          [`no room id in the path`, connectUrl(ws, noRoom.href, a.param), "notFound"],
        ];
        if (ws.expiresWithToken) {
          const expired = await expiredParam(ctx);
          if (expired)
            cases.push([
              `a ${ws.connectParam} whose token has expired`,
              connectUrl(ws, expired.url, expired.param),
              "expired",
            ]);
        }
        for (const [name, url, reason] of cases) {
          ctx.cases++;
          const want = ws.refusals[reason];
          const got = await open(ctx, url, name);
          if (got.ok) {
            got.socket.terminate();
            ctx.fail(
              `${name}: admitted; expected ${want} (${reason})`,
              refusalAt(reason),
              undefined,
              "websocket-refusal",
            );
          } else if (!("status" in got)) {
            ctx.fail(
              `${name}: ${got.error}; expected a ${want} answer (${reason})`,
              refusalAt(reason),
              undefined,
              "websocket-refusal",
            );
          } else if (got.status !== want) {
            ctx.fail(
              `${name}: refused with ${got.status}, expected ${want} (${reason}): ${got.body.slice(0, 200)}`,
              refusalAt(reason),
              undefined,
              "websocket-refusal",
            );
          } else {
            let body: unknown;
            try {
              body = JSON.parse(got.body);
            } catch {
              body = got.body;
            }
            const issues = ctx.spec.validateSchema("ErrorResponse", body);
            if (issues.length > 0)
              ctx.fail(
                `${name}: the ${got.status} answer is not an ErrorResponse: ${issues.map((i) => `${i.name} ${i.message}`).join("; ")}`,
                pointer("components", "schemas", "ErrorResponse"),
                undefined,
                "websocket-refusal",
              );
          }
        }
      },
    },
    {
      id: "websocket.relay",
      title: "A message from each side reaches the other side, in order, and never comes back to its sender's side",
      specLocations: [ws.at],
      needs: NEEDS,
      phase: "requests",
      async run(ctx) {
        const sides = await room(ctx, awkwardRoomId(ctx, "relay"));
        const sockets = sides && (await admitAll(ctx, sides, at("connectParam")));
        if (!sides || !sockets) return;
        try {
          const [first, second] = sockets as [WebSocket, WebSocket];
          const [a, b] = sides as [Side, Side];
          ctx.cases++;
          const one = JSON.stringify({ from: a.role, seq: 1, note: "relay ü" });
          const atSecond = nextMessage(second, ctx.options.timeoutMs);
          first.send(one);
          const got = await atSecond;
          if (typeof got === "string" || got.toString("utf8") !== one)
            ctx.fail(
              `${a.role} → ${b.role}: ${typeof got === "string" ? got : `got ${JSON.stringify(got.toString("utf8").slice(0, 100))}`}, expected ${one}`,
              ws.at,
              undefined,
              "websocket-relay",
            );
          ctx.cases++;
          // The sender's side is never sent its own message: the first message it gets is the other side's.
          const two = JSON.stringify({ from: b.role, seq: 2 });
          const atFirst = nextMessage(first, ctx.options.timeoutMs);
          second.send(two);
          const back = await atFirst;
          if (typeof back === "string" || back.toString("utf8") !== two) {
            ctx.fail(
              `${b.role} → ${a.role}: ${typeof back === "string" ? back : `got ${JSON.stringify(back.toString("utf8").slice(0, 100))}`}, expected ${two}${typeof back !== "string" && back.toString("utf8") === one ? " (its own message came back to the sender)" : ""}`,
              ws.at,
              undefined,
              "websocket-relay",
            );
          }
        } finally {
          for (const s of sockets) s.close();
        }
      },
    },
    {
      id: "websocket.message-limit",
      title: `A message of maxMessageBytes (${ws.maxMessageBytes}) is relayed; one byte more closes its sender with ${ws.close.messageTooLarge}`,
      specLocations: [maxAt, at("close", "messageTooLarge")],
      needs: NEEDS,
      phase: "requests",
      async run(ctx) {
        const sides = await room(ctx, awkwardRoomId(ctx, "limit"));
        const sockets = sides && (await admitAll(ctx, sides, at("connectParam")));
        if (!sides || !sockets) return;
        const [first, second] = sockets as [WebSocket, WebSocket];
        try {
          ctx.cases++;
          const atLimit = Buffer.alloc(ws.maxMessageBytes, 0x61);
          const relayed = nextMessage(second, ctx.options.timeoutMs);
          first.send(atLimit, { binary: true });
          const got = await relayed;
          if (typeof got === "string" || got.length !== ws.maxMessageBytes)
            ctx.fail(
              `a ${ws.maxMessageBytes}-byte message: ${typeof got === "string" ? got : `${got.length} bytes arrived`}; a message of maxMessageBytes is relayed`,
              maxAt,
              undefined,
              "websocket-limit",
            );
          ctx.cases++;
          const code = closed(first, ctx.options.timeoutMs);
          first.send(Buffer.alloc(ws.maxMessageBytes + 1, 0x62), { binary: true });
          const closedWith = await code;
          if (closedWith !== ws.close.messageTooLarge)
            ctx.fail(
              `a ${ws.maxMessageBytes + 1}-byte message: the sender was ${typeof closedWith === "number" ? `closed with ${closedWith}` : closedWith}, expected close code ${ws.close.messageTooLarge}`,
              at("close", "messageTooLarge"),
              undefined,
              "websocket-limit",
            );
        } finally {
          for (const s of sockets) s.terminate();
        }
      },
    },
  ];
}

/**
 * A connectParam whose token has expired: obtained with a token asked to live a few seconds,
 * used once that token is over. The lifetime grows when the machine is too slow to ask within it.
 */
async function expiredParam(ctx: CheckContext): Promise<{ url: string; param: string } | undefined> {
  const { lifetimeHeader, fields, lifetime } = ctx.rules.token;
  for (const seconds of [3, 10, 30].filter(
    (s) => (lifetime.minimum ?? 1) <= s && s <= (lifetime.maximum ?? Infinity),
  )) {
    // The server issues the token after `started` and before `received`: it expires between
    // started + lifetime and received + lifetime (whatever the two clocks say).
    const started = performance.now();
    const token = await ctx.newToken({
      label: `a ${seconds}-second token`,
      expire: String(seconds),
      abortAt: `${lifetimeHeader.at}/schema`,
    });
    const received = performance.now();
    const lives = Number(token.body[fields.lifetime]);
    if (!Number.isFinite(lives) || lives > 60)
      return void ctx.fail(
        `asked ${lifetimeHeader.name}: ${seconds} and got ${fields.lifetime} ${JSON.stringify(token.body[fields.lifetime])}; cannot wait that long`,
        `${lifetimeHeader.at}/schema`,
        token.exchange,
        "expiry",
      );
    const sides = await room(ctx, awkwardRoomId(ctx, "expired"), token.token);
    if (!sides) return undefined;
    // answered after the earliest the token may have expired: too slow to tell; try a longer one
    if (performance.now() - started >= lives * 1000) continue;
    await new Promise((r) => setTimeout(r, Math.max(0, received + lives * 1000 + 1250 - performance.now())));
    return { url: sides[0]!.url, param: sides[0]!.param };
  }
  ctx.fail(
    "could not obtain a connectParam within its token's lifetime, even with a 30-second token",
    ctx.spec.rules.websocket!.at,
    undefined,
    "expiry",
  );
  return undefined;
}
