// The page frame of every portal page: a header with the site's sections, a theme toggle, and the
// page's content. Everything it loads is under dist/ (no font, script or style from elsewhere).

export interface NavEntry {
  href: string;
  label: string;
}

export interface PageOptions {
  title: string;
  /** Path of the page from dist/, such as `guides/getting-started.html`. */
  path: string;
  /** Which header entry is the current page's section. */
  section: "reference" | "guides" | "playground" | "changelog";
  body: string;
  /** Extra tags at the end of <head> and of <body>. */
  head?: string;
  scripts?: string[];
  bodyClass?: string;
  /** The side navigation (the guides), with the current page marked. */
  sidebar?: NavEntry[];
}

export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The relative prefix from a page to dist/'s root. */
export function rootOf(path: string): string {
  const depth = path.split("/").length - 1;
  return depth === 0 ? "" : "../".repeat(depth);
}

export const SECTIONS: Array<{ id: PageOptions["section"]; href: string; label: string }> = [
  { id: "reference", href: "index.html", label: "API reference" },
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
    `<button type="button" class="theme-toggle" aria-pressed="false" aria-label="Dark mode">◐<span class="visually-hidden">Dark mode</span></button></header>`
  );
}

export function page(o: PageOptions): string {
  const root = rootOf(o.path);
  const sidebar = o.sidebar
    ? `<nav class="sidebar" aria-label="Guides"><ul>${o.sidebar
        .map((e) => `<li><a href="${root}${e.href}"${e.href === o.path ? ' aria-current="page"' : ""}>${escapeHtml(e.label)}</a></li>`)
        .join("")}</ul></nav>`
    : "";
  const scripts = [`${root}assets/site.js`, ...(o.scripts ?? []).map((s) => `${root}${s}`)].map((s) => `<script src="${s}" defer></script>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)} · cec-cobrowse</title>
<link rel="icon" href="${root}favicon.svg" type="image/svg+xml">
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
