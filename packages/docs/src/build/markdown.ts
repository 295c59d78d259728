// Guides from Markdown to HTML at build time (marked, highlight.js). A guide's code is never typed
// into the guide: a ```sample block names sample files (tested by `pnpm test`) and shows them as
// tabs; a ```sequence block is a diagram drawn to SVG here. Only shell commands of this
// repository's workflow (```sh, with no API call in them) and output (```text, ```json) may be
// written inline; any other code block fails the build.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import go from "highlight.js/lib/languages/go";
import java from "highlight.js/lib/languages/java";
import jsonLang from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import typescript from "highlight.js/lib/languages/typescript";
import { Marked, type Tokens } from "marked";
import { escapeHtml } from "./layout.js";
import { languageOfFile } from "./samples.js";
import { parseSequence, renderSequence } from "./sequence.js";

hljs.registerLanguage("bash", bash);
hljs.registerLanguage("go", go);
hljs.registerLanguage("java", java);
hljs.registerLanguage("json", jsonLang);
hljs.registerLanguage("python", python);
hljs.registerLanguage("typescript", typescript);

export function highlight(code: string, language: string): string {
  return hljs.highlight(code, { language }).value;
}

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

let tabsCounter = 0;

function sampleTabs(files: string[], ctx: RenderContext): string {
  const group = `samples-${++tabsCounter}`;
  const tabs: string[] = [];
  const panels: string[] = [];
  files.forEach((file, i) => {
    const language = languageOfFile(file);
    let source: string;
    try {
      source = readFileSync(join(ctx.samplesDir, file), "utf8");
    } catch {
      throw new Error(`${ctx.file}: the sample ${file} does not exist under samples/`);
    }
    ctx.shown.add(file);
    const id = `${group}-${i}`;
    tabs.push(
      `<button type="button" role="tab" id="${id}-tab" aria-controls="${id}" aria-selected="${i === 0}" tabindex="${i === 0 ? 0 : -1}" data-language="${language.id}">${escapeHtml(language.label)}</button>`,
    );
    panels.push(
      `<div role="tabpanel" id="${id}" aria-labelledby="${id}-tab"${i === 0 ? "" : " hidden"}>` +
        `<pre tabindex="0"><code class="hljs language-${language.highlight}" data-sample="${escapeHtml(file)}">${highlight(source, language.highlight)}</code></pre>` +
        `<p class="sample-source">samples/${escapeHtml(file)}, run against the mock by <code>pnpm test</code></p></div>`,
    );
  });
  return `<div class="samples" data-tabs><div role="tablist" aria-label="Sample in each language">${tabs.join("")}</div>${panels.join("")}</div>`;
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
        if (lang === "sample") return sampleTabs(token.text.split("\n").map((l) => l.trim()).filter(Boolean), ctx);
        if (lang.startsWith("sequence")) {
          const caption = lang.slice("sequence".length).trim() || "Sequence diagram";
          return renderSequence(parseSequence(token.text), caption, `diagram-${++diagrams}`);
        }
        if (lang === "sh") {
          const api = ctx.apiPaths.find((p) => token.text.includes(p));
          if (/\bcurl\b/.test(token.text) || api) {
            throw new Error(`${ctx.file}: a \`\`\`sh block calls the API (${api ?? "curl"}); make it a sample file and show it with \`\`\`sample`);
          }
          return `<pre tabindex="0"><code class="hljs language-bash">${highlight(token.text, "bash")}</code></pre>\n`;
        }
        if (lang === "text") return `<pre tabindex="0"><code class="language-text">${escapeHtml(token.text)}</code></pre>\n`;
        if (lang === "json") return `<pre tabindex="0"><code class="hljs language-json">${highlight(token.text, "json")}</code></pre>\n`;
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
