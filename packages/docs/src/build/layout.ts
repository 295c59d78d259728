// The page frame of every portal page: a header with the site's sections, search, a theme toggle,
// and the page's content; in its head the page's description, its canonical address and its
// Markdown twin. Everything it loads is under dist/ (no font, script or style from elsewhere).

export interface NavEntry {
  href: string;
  label: string;
}

export interface PageOptions {
  title: string;
  /** Path of the page from dist/, such as `guides/getting-started.html`. */
  path: string;
  /** Which header entry is the current page's section. */
  section: "reference" | "console" | "guides" | "playground" | "changelog";
  /** One or two sentences for search engines and link previews (`<meta name="description">`). */
  description: string;
  /** The page's absolute address (`<link rel="canonical">`). */
  canonical: string;
  /** The page's Markdown twin, relative to dist/ (`<link rel="alternate" type="text/markdown">`). */
  markdown?: string;
  /** Kept out of search engines' indexes (the console, which repeats the reference). */
  noindex?: boolean;
  body: string;
  /** Extra tags at the end of <head> and of <body>. */
  head?: string;
  scripts?: string[];
  bodyClass?: string;
  /** The side navigation (the guides), with the current page marked; or its HTML. */
  sidebar?: NavEntry[] | string;
}

export const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The relative prefix from a page to dist/'s root. */
export function rootOf(path: string): string {
  const depth = path.split("/").length - 1;
  return depth === 0 ? "" : "../".repeat(depth);
}

export const SECTIONS: Array<{ id: PageOptions["section"]; href: string; label: string }> = [
  { id: "reference", href: "index.html", label: "API reference" },
  { id: "console", href: "console.html", label: "Console" },
  { id: "guides", href: "guides/getting-started.html", label: "Guides" },
  { id: "playground", href: "playground.html", label: "Playground" },
  { id: "changelog", href: "changelog.html", label: "Changelog" },
];

export function header(path: string, section: PageOptions["section"]): string {
  const root = rootOf(path);
  const links = SECTIONS.map(
    (s) => `<li><a href="${root}${s.href}"${s.id === section ? ' aria-current="page"' : ""}>${s.label}</a></li>`,
  ).join("");
  return (
    `<header class="site-header"><a class="brand" href="${root}index.html">cec-cobrowse</a>` +
    `<nav aria-label="Sections"><ul>${links}</ul></nav>` +
    `<form class="search" role="search" action="${root}index.html" data-root="${root}" hidden><label class="visually-hidden" for="search-input">Search the docs</label>` +
    `<input id="search-input" type="search" role="combobox" placeholder="Search" autocomplete="off" aria-autocomplete="list" aria-controls="search-results" aria-expanded="false">` +
    `<ul id="search-results" class="search-results" role="listbox" aria-label="Search results" hidden></ul></form>` +
    `<button type="button" class="theme-toggle" aria-pressed="false" aria-label="Dark mode" hidden>◐<span class="visually-hidden">Dark mode</span></button></header>`
  );
}

export function page(o: PageOptions): string {
  const root = rootOf(o.path);
  const sidebar =
    typeof o.sidebar === "string"
      ? o.sidebar
      : o.sidebar
        ? `<nav class="sidebar" aria-label="Guides"><ul>${o.sidebar
            .map(
              (e) =>
                `<li><a href="${root}${e.href}"${e.href === o.path ? ' aria-current="page"' : ""}>${escapeHtml(e.label)}</a></li>`,
            )
            .join("")}</ul></nav>`
        : "";
  const scripts = [`${root}assets/site.js`, ...(o.scripts ?? []).map((s) => `${root}${s}`)]
    .map((s) => `<script src="${s}" defer></script>`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)} · cec-cobrowse</title>
<meta name="description" content="${escapeHtml(o.description)}">
<link rel="canonical" href="${escapeHtml(o.canonical)}">
${o.markdown ? `<link rel="alternate" type="text/markdown" href="${root}${o.markdown}">\n` : ""}${o.noindex ? '<meta name="robots" content="noindex">\n' : ""}<link rel="icon" href="${root}favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${root}assets/site.css">
<link rel="stylesheet" href="${root}assets/highlight.css">
<script src="${root}assets/theme.js"></script>
${o.head ?? ""}
</head>
<body class="${o.bodyClass ?? "doc"}">
<a class="skip-link" href="#content">Skip to the content</a>
${header(o.path, o.section)}
<div class="layout${o.sidebar ? " with-sidebar" : ""}">
${sidebar}
<main id="content" tabindex="-1">
${o.body}
</main>
</div>
${scripts}
</body>
</html>
`;
}
