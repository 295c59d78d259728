// llms.txt (https://llmstxt.org): the site's title, a summary, and one line per Markdown page by
// section; llms-full.txt: every reference and guide page's Markdown in one file.
export interface LlmsPage {
  title: string;
  /** Its absolute address. */
  url: string;
  description: string;
  /** The file under dist/. */
  file: string;
}

export function llmsIndex(o: { title: string; summary: string; sections: Array<[string, LlmsPage[]]> }): string {
  const sections = o.sections.map(
    ([name, pages]) =>
      `## ${name}\n\n${pages.map((p) => `- [${p.title}](${p.url}): ${p.description.replace(/\s+/g, " ").trim()}`).join("\n")}`,
  );
  return `# ${o.title}\n\n> ${o.summary}\n\n${sections.join("\n\n")}\n`;
}

export function llmsFull(title: string, pages: Array<LlmsPage & { text: string }>): string {
  const parts = pages.map((p) => `<!-- ${p.url} -->\n\n${p.text.trim()}`);
  return `# ${title}\n\n${parts.join("\n\n---\n\n")}\n`;
}
