// Raw HTTP over a socket, for what no client library sends (pipelined requests, upgrades
// followed by more requests, any request target): the answers parsed as they came.
import { connect } from "node:net";

export interface Parsed {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses every HTTP answer in `text` (Content-Length framed; a 101 ends the parse). */
export function parseAnswers(text: string): Parsed[] {
  const answers: Parsed[] = [];
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
    const body = rest.slice(end + 4, end + 4 + length);
    answers.push({ status: Number(statusLine!.split(" ")[1]), headers, body });
    rest = rest.slice(end + 4 + length);
  }
  return answers;
}

/** Writes `data` in one write to 127.0.0.1:`port`, collects what comes back until the server closes or `quietMs` pass without data. */
export function exchangeWith(port: number, data: string, quietMs = 1500): Promise<Parsed[]> {
  return exchangeText(port, data, quietMs).then(parseAnswers);
}

/** As exchangeWith, the bytes that came back as text (latin1). */
export function exchangeText(port: number, data: string, quietMs = 1500): Promise<string> {
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
