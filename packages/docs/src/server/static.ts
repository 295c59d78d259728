// The static portal (dist/): each file once stat'ed, text gzipped once when the browser takes
// gzip, every page with the content security policy. A path that cannot name a file of dist/
// (bad percent-encoding, a NUL or another control character, outside dist/, a name the file
// system refuses) is a 4xx like any missing file: never a throw.
import { createReadStream, readFileSync, type Stats, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { sendError } from "./answers.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The file's stats, or undefined when it is not a file (missing, a directory, ENOTDIR, ENAMETOOLONG…). */
function fileStats(file: string): Stats | undefined {
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat?.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}

export function staticHandler(root: string, csp: string | false) {
  const policy: Record<string, string> = csp === false ? {} : { "content-security-policy": csp };
  const gz = new Map<string, Buffer>();
  return (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      sendError(res, { status: 400, reason: "path: is not valid percent-encoding" });
      return;
    }
    if (CONTROL.test(rel)) {
      sendError(res, { status: 400, reason: "path: holds a control character (such as %00); no file is named so" });
      return;
    }
    if (rel.endsWith("/")) rel += "index.html";
    const file = normalize(join(root, rel));
    const stat = file.startsWith(root + sep) ? fileStats(file) : undefined;
    if (!stat) {
      sendError(res, { status: 404, reason: `path ${JSON.stringify(pathname.slice(0, 200))}: not found` });
      return;
    }
    const type = TYPES[extname(file)] ?? "application/octet-stream";
    const headers: Record<string, string> = {
      "content-type": type,
      "cache-control": extname(file) === ".html" ? "no-cache" : "public, max-age=300",
      ...policy,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      vary: "accept-encoding",
    };
    const compressible = /^(text\/|application\/(json|xml|yaml)|image\/svg)/.test(type);
    if (compressible && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      let body = gz.get(file);
      if (!body) gz.set(file, (body = gzipSync(readFileSync(file), { level: 9 })));
      res.writeHead(200, { ...headers, "content-encoding": "gzip", "content-length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    res.writeHead(200, { ...headers, "content-length": stat.size });
    if (req.method === "HEAD") return void res.end();
    // A file that vanished or cannot be read after its stat: the connection is cut, never a crash.
    createReadStream(file)
      .on("error", () => res.destroy())
      .pipe(res);
  };
}
