// A measuring point at the server, in a process of its own (so no other work delays what it
// notes): a pass-through proxy to the target given as argv[2] that prints one JSON line per
// request as it arrives (WebSocket upgrades included): when (ms), its path, its
// X-Cobrowse-Contract-Case. Prints `listening on http://HOST:PORT` first.
import { createServer, request } from "node:http";
import { connect } from "node:net";

const target = new URL(process.argv[2]);
const note = (req) =>
  process.stdout.write(
    `${JSON.stringify({ at: performance.timeOrigin + performance.now(), path: req.url, caseHeader: req.headers["x-cobrowse-contract-case"] })}\n`,
  );
const server = createServer((req, res) => {
  note(req);
  // the body is read whole first: a target that answers early (a 405 or 413 before reading a
  // 1 MiB body) and closes must not cut the answer already on its way
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    let answered = false;
    const out = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        answered = true;
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on("error", () => {
      if (!answered) res.destroy();
    });
    out.end(Buffer.concat(chunks));
  });
});
server.on("upgrade", (req, socket, head) => {
  note(req);
  const out = connect(Number(target.port), target.hostname, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    out.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (head.length > 0) out.write(head);
    out.pipe(socket);
    socket.pipe(out);
  });
  out.on("error", () => socket.destroy());
  socket.on("error", () => out.destroy());
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => process.exit(0));
