// Where the portal is published, and what search engines read: canonical addresses, the sitemap
// and robots.txt. The address is COBROWSE_DOCS_URL at build time (a turbo input of the build),
// else the repository's GitHub Pages site.
import { escapeHtml } from "./layout.js";

export const DEFAULT_SITE_URL = "https://cec-cobrowse.github.io/cec-cobrowse/";

function siteUrl(): string {
  const raw = process.env.COBROWSE_DOCS_URL?.trim() || DEFAULT_SITE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`COBROWSE_DOCS_URL: "${raw}" is not an absolute URL (like ${DEFAULT_SITE_URL})`);
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash)
    throw new Error(`COBROWSE_DOCS_URL: "${raw}" must be an http(s) URL without a query or fragment`);
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

/** The portal's published root, ending in a slash. */
export const SITE_URL = siteUrl();

/** The absolute address of a file of dist/ (index.html is the folder's own address). */
export function absolute(path: string): string {
  const [file = "", anchor] = path.split("#");
  const url = new URL(file === "index.html" ? "" : file, SITE_URL).href;
  return anchor ? `${url}#${anchor}` : url;
}

export function sitemap(paths: string[]): string {
  const urls = paths.map((p) => `  <url><loc>${escapeHtml(absolute(p))}</loc></url>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}

export function robots(): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${absolute("sitemap.xml")}\n`;
}
