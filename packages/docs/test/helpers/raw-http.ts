// Raw HTTP over a socket, for what no client sends (a NUL in a path, `//[` as a target,
// requests pipelined behind an upgrade): the answers parsed as they came.
import { connect } from "node:net";

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Every HTTP answer in `text` (Content-Length framed; a 101 ends the parse). */
export function parseAnswers(text: string): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let rest = text;
  while (rest.startsWith("HTTP/1.1 ")) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) break;
    const [statusLine, ...lines] = rest.slice(0, end).split("\r\n");
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"] ?? 0);
    answers.push({ status: Number(statusLine!.split(" ")[1]), headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return answers;
}

/** Writes `data` in one write to 127.0.0.1:`port`; resolves with the bytes back (latin1) once the server closes or `quietMs` pass quietly. */
export function exchangeText(port: number, data: string, quietMs = 1000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    let timer = setTimeout(() => socket.destroy(), quietMs);
    socket.on("data", (c: Buffer) => {
      text += c.toString("latin1");
      clearTimeout(timer);
      timer = setTimeout(() => socket.destroy(), quietMs);
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.write(data);
  });
}

export const exchange = (port: number, data: string, quietMs?: number): Promise<RawAnswer[]> =>
  exchangeText(port, data, quietMs).then(parseAnswers);
