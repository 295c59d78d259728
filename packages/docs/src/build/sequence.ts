// A sequence diagram rendered to SVG at build time, from a small text form, so the portal needs no
// diagram library at run time:
//
//   participant backend: Your backend
//   backend ->> gateway: tokenByAkSk(app key, secret)     a request (solid arrow)
//   gateway -->> backend: AccessToken, Expires              an answer (dashed arrow)
//   note backend: caches the token                          a note on one lifeline
//   note customer..agent: the WebSocket relay               a note across lifelines
//
// Colours come from CSS (classes seq-*), so the diagram follows the page's light or dark theme.

interface Participant {
  id: string;
  label: string;
}
type Step =
  | { kind: "message"; from: string; to: string; text: string; reply: boolean }
  | { kind: "note"; from: string; to: string; text: string };

export interface Diagram {
  participants: Participant[];
  steps: Step[];
}

export function parseSequence(source: string): Diagram {
  const participants: Participant[] = [];
  const steps: Step[] = [];
  const known = (id: string, line: string) => {
    if (!participants.some((p) => p.id === id))
      throw new Error(`sequence diagram: unknown participant "${id}" in: ${line}`);
  };
  for (const raw of source.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    let m: RegExpExecArray | null;
    if ((m = /^participant\s+([\w-]+)\s*:\s*(.+)$/.exec(line))) {
      participants.push({ id: m[1]!, label: m[2]! });
    } else if ((m = /^([\w-]+)\s*(-->>|->>)\s*([\w-]+)\s*:\s*(.+)$/.exec(line))) {
      known(m[1]!, line);
      known(m[3]!, line);
      steps.push({ kind: "message", from: m[1]!, to: m[3]!, text: m[4]!, reply: m[2] === "-->>" });
    } else if ((m = /^note\s+([\w-]+)(?:\.\.([\w-]+))?\s*:\s*(.+)$/.exec(line))) {
      known(m[1]!, line);
      if (m[2]) known(m[2], line);
      steps.push({ kind: "note", from: m[1]!, to: m[2] ?? m[1]!, text: m[3]! });
    } else {
      throw new Error(`sequence diagram: cannot read the line: ${line}`);
    }
  }
  if (participants.length < 2) throw new Error("sequence diagram: needs at least two participants");
  return { participants, steps };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Width of a text in the diagram's font, roughly (7 px a character at 13 px). */
const textWidth = (s: string) => s.length * 6.8;

/** The diagram's steps as sentences (its text for assistive technology, and its Markdown). */
export function sequenceSteps(diagram: Diagram): string[] {
  const label = (id: string) => diagram.participants.find((p) => p.id === id)!.label;
  return diagram.steps.map((step, i) =>
    step.kind === "note"
      ? `${i + 1}. Note (${label(step.from)}${step.to !== step.from ? ` to ${label(step.to)}` : ""}): ${step.text}`
      : `${i + 1}. ${label(step.from)} ${step.reply ? "answers" : "to"} ${label(step.to)}: ${step.text}`,
  );
}

export function renderSequence(diagram: Diagram, title: string, id: string): string {
  const index = (id: string) => diagram.participants.findIndex((p) => p.id === id);
  // Wide enough for each message's label over the columns it spans.
  const needed = diagram.steps.map((s) =>
    s.kind === "message" ? textWidth(s.text) / Math.max(1, Math.abs(index(s.to) - index(s.from))) + 24 : 0,
  );
  const gap = Math.min(300, Math.max(160, ...needed));
  const margin = 20;
  const boxW = 150;
  const boxH = 40;
  const x = new Map(diagram.participants.map((p, i) => [p.id, margin + boxW / 2 + i * gap]));
  const width = margin * 2 + boxW + (diagram.participants.length - 1) * gap;
  const rowH = 42;
  const top = margin + boxH + 20;
  const height = top + diagram.steps.length * rowH + 10 + boxH + margin;
  const out: string[] = [];
  const box = (p: Participant, y: number) =>
    `<g class="seq-actor"><rect x="${x.get(p.id)! - boxW / 2}" y="${y}" width="${boxW}" height="${boxH}" rx="6"/>` +
    `<text x="${x.get(p.id)}" y="${y + boxH / 2 + 5}" text-anchor="middle">${escapeHtml(p.label)}</text></g>`;
  for (const p of diagram.participants) {
    out.push(
      `<line class="seq-lifeline" x1="${x.get(p.id)}" y1="${margin + boxH}" x2="${x.get(p.id)}" y2="${height - margin - boxH}"/>`,
    );
    out.push(box(p, margin), box(p, height - margin - boxH));
  }
  diagram.steps.forEach((step, i) => {
    const y = top + i * rowH + 22;
    const a = x.get(step.from)!;
    const b = x.get(step.to)!;
    if (step.kind === "note") {
      const left = Math.min(a, b) - boxW / 2 + 10;
      const right = Math.max(a, b) + boxW / 2 - 10;
      const w = Math.max(right - left, textWidth(step.text) + 20);
      const cx = (a + b) / 2;
      out.push(
        `<g class="seq-note"><rect x="${cx - w / 2}" y="${y - 18}" width="${w}" height="26" rx="4"/>` +
          `<text x="${cx}" y="${y}" text-anchor="middle">${escapeHtml(step.text)}</text></g>`,
      );
      return;
    }
    const dir = b > a ? 1 : -1;
    const end = b - dir * 4;
    out.push(
      `<g class="seq-message${step.reply ? " seq-reply" : ""}"><line x1="${a}" y1="${y}" x2="${end}" y2="${y}"${step.reply ? ' stroke-dasharray="6 4"' : ""}/>` +
        `<path d="M ${end} ${y} l ${-dir * 9} -5 l 0 10 z"/>` +
        `<text x="${(a + b) / 2}" y="${y - 7}" text-anchor="middle">${escapeHtml(step.text)}</text></g>`,
    );
  });
  return (
    `<figure class="sequence"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-size="13">` +
    `<title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(sequenceSteps(diagram).join(" "))}</desc>` +
    out.join("") +
    `</svg><figcaption>${escapeHtml(title)}</figcaption></figure>`
  );
}
