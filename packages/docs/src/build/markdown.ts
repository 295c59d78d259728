// Guides from Markdown to HTML at build time (marked, highlight.js). A guide's code is never typed
// into the guide: a ```sample block names sample files (tested by `pnpm test`) and shows them as
// tabs; a ```sequence block is a diagram drawn to SVG here. Only shell commands of this
// repository's workflow (```sh, with no API call in them) and output (```text, ```json) may be
// written inline; any other code block fails the build.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Marked, type Tokens } from "marked";
import { highlight } from "./highlight.js";
import { escapeHtml } from "./layout.js";
import { languageOfFile } from "./samples.js";
import { parseSequence, renderSequence, sequenceSteps } from "./sequence.js";
import { renderTabs } from "./tabs.js";

export { highlight } from "./highlight.js";

export const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/<[^>]+>/g, "")
    .replace(/&[a-z]+;/g, "")
    .replace(/[^a-z0-9 -]/g, "")
    .trim()
    .replace(/\s+/g, "-");

export interface RenderContext {
  /** The guide's file, for messages. */
  file: string;
  samplesDir: string;
  /** API paths: an inline ```sh block naming one is a sample in disguise. */
  apiPaths: string[];
  /** Resolves a link of a guide (`other-guide.md`, `reference:operationId`) to an href, or throws. */
  link: (href: string) => string;
  /** Sample files the guide shows (relative to samples/), collected for the checks. */
  shown: Set<string>;
}

export interface RenderedGuide {
  title: string;
  html: string;
  headings: Array<{ id: string; text: string; depth: number }>;
}

function sampleTabs(files: string[], ctx: RenderContext): string {
  return renderTabs(
    files.map((file) => {
      const language = languageOfFile(file);
      let source: string;
      try {
        source = readFileSync(join(ctx.samplesDir, file), "utf8");
      } catch {
        throw new Error(`${ctx.file}: the sample ${file} does not exist under samples/`);
      }
      ctx.shown.add(file);
      return { language: language.id, label: language.label, highlight: language.highlight, source, file };
    }),
  );
}

export function renderGuide(markdown: string, ctx: RenderContext): RenderedGuide {
  const headings: RenderedGuide["headings"] = [];
  let title = "";
  let diagrams = 0;
  const marked = new Marked({ gfm: true });
  marked.use({
    renderer: {
      heading(this: { parser: { parseInline: (t: Tokens.Generic[]) => string } }, token: Tokens.Heading) {
        const text = this.parser.parseInline(token.tokens);
        if (token.depth === 1) {
          title = text.replace(/<[^>]+>/g, "");
          return `<h1>${text}</h1>\n`;
        }
        const id = slugify(text);
        headings.push({ id, text, depth: token.depth });
        return `<h${token.depth} id="${id}">${text}</h${token.depth}>\n`;
      },
      code(token: Tokens.Code) {
        const lang = (token.lang ?? "").trim();
        if (lang === "sample")
          return sampleTabs(
            token.text
              .split("\n")
              .map((l) => l.trim())
              .filter(Boolean),
            ctx,
          );
        if (lang.startsWith("sequence")) {
          const caption = lang.slice("sequence".length).trim() || "Sequence diagram";
          return renderSequence(parseSequence(token.text), caption, `diagram-${++diagrams}`);
        }
        if (lang === "sh") {
          const api = ctx.apiPaths.find((p) => token.text.includes(p));
          if (/\bcurl\b/.test(token.text) || api) {
            throw new Error(
              `${ctx.file}: a \`\`\`sh block calls the API (${api ?? "curl"}); make it a sample file and show it with \`\`\`sample`,
            );
          }
          return `<pre tabindex="0"><code class="hljs language-bash">${highlight(token.text, "bash")}</code></pre>\n`;
        }
        if (lang === "text")
          return `<pre tabindex="0"><code class="language-text">${escapeHtml(token.text)}</code></pre>\n`;
        if (lang === "json")
          return `<pre tabindex="0"><code class="hljs language-json">${highlight(token.text, "json")}</code></pre>\n`;
        throw new Error(
          `${ctx.file}: a \`\`\`${lang || "(no language)"} block; code shown by the portal comes from sample files (\`\`\`sample), and only \`\`\`sh commands, \`\`\`text and \`\`\`json output are written inline`,
        );
      },
      link(this: { parser: { parseInline: (t: Tokens.Generic[]) => string } }, token: Tokens.Link) {
        const text = this.parser.parseInline(token.tokens);
        return `<a href="${escapeHtml(ctx.link(token.href))}">${text}</a>`;
      },
    },
  });
  const html = marked.parse(markdown, { async: false });
  if (!title) throw new Error(`${ctx.file}: starts with no # title`);
  return { title, html, headings };
}

export interface MarkdownContext {
  file: string;
  samplesDir: string;
  /** Resolves a guide's link to the address its Markdown page links (absolute), or throws. */
  link: (href: string) => string;
}

/** A code fence longer than any run of backticks in the code. */
export function fence(code: string, lang: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const f = "`".repeat(longest + 1);
  return `${f}${lang}\n${code.replace(/\n$/, "")}\n${f}`;
}

/**
 * A guide as Markdown, from the same source as its HTML page: each ```sample block becomes the
 * sample files themselves, one fenced block per language under its label; a ```sequence diagram
 * becomes its caption and numbered steps; links lead to the other pages' Markdown. Everything else
 * is the guide's own text.
 */
export function guideMarkdown(markdown: string, ctx: MarkdownContext): string {
  const marked = new Marked({ gfm: true });
  const out: string[] = [];
  for (const token of marked.lexer(markdown)) {
    if (token.type === "code" && (token.lang ?? "").trim() === "sample") {
      for (const file of token.text
        .split("\n")
        .map((l: string) => l.trim())
        .filter(Boolean)) {
        const language = languageOfFile(file);
        const source = readFileSync(join(ctx.samplesDir, file), "utf8");
        out.push(
          `**${language.label}** (\`samples/${file}\`, run against the mock by \`pnpm test\`):\n\n${fence(source, language.highlight)}\n\n`,
        );
      }
      continue;
    }
    if (token.type === "code" && (token.lang ?? "").trim().startsWith("sequence")) {
      const caption = (token.lang ?? "").trim().slice("sequence".length).trim() || "Sequence diagram";
      out.push(`*${caption}* (a sequence diagram):\n\n${sequenceSteps(parseSequence(token.text)).join("\n")}\n\n`);
      continue;
    }
    if (token.type === "code") {
      out.push(token.raw);
      continue;
    }
    const hrefs = new Set<string>();
    marked.walkTokens([token], (t) => {
      if (t.type === "link") hrefs.add((t as Tokens.Link).href);
    });
    let raw = token.raw;
    for (const href of hrefs) raw = raw.split(`](${href})`).join(`](${ctx.link(href)})`);
    out.push(raw);
  }
  return `${out.join("").trim()}\n`;
}

/** The first paragraph of a Markdown page as plain text, cut at a sentence under `max` characters: the page's description. */
export function firstParagraph(markdown: string, max = 200): string {
  const paragraph = new Marked({ gfm: true })
    .lexer(markdown)
    .find((t): t is Tokens.Paragraph => t.type === "paragraph");
  const text = (paragraph?.text ?? "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*_]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (text.length <= max) return text;
  const sentences = text.match(/[^.!?]+[.!?:](\s|$)/g) ?? [text];
  let cut = "";
  for (const s of sentences) {
    if ((cut + s).trim().length > max) break;
    cut += s;
  }
  // Whole sentences when they say enough; else the text cut at a word, marked as cut.
  if (cut.trim().length >= max / 2) return cut.trim().replace(/:$/, ".");
  return `${text
    .slice(0, max - 1)
    .replace(/\s+\S*$/, "")
    .replace(/[,;:]$/, "")}…`;
}
