// Samples in one language each, as tabs that need no script to read: the page carries every
// panel, each under its language's label, and the tab list hidden. site.js, when it runs, shows the
// tab list, gives the panels their tab roles and hides all but the chosen language (the same
// language in every group of the page, remembered across pages). With JavaScript off, every
// language reads one after the other.

import { highlight } from "./highlight.js";
import { escapeHtml } from "./layout.js";

export interface Tab {
  /** The language's id (`curl`, `typescript`…): the same language is chosen in every group. */
  language: string;
  label: string;
  /** highlight.js language. */
  highlight: string;
  source: string;
  /** The sample file (relative to samples/), shown under the code and marked on it for the checks. */
  file: string;
}

let groups = 0;

export function renderTabs(tabs: Tab[], ariaLabel = "Sample in each language"): string {
  const group = `samples-${++groups}`;
  const buttons = tabs.map(
    (t, i) =>
      `<button type="button" role="tab" id="${group}-${i}-tab" aria-controls="${group}-${i}" aria-selected="${i === 0}" tabindex="${i === 0 ? 0 : -1}" data-language="${escapeHtml(t.language)}">${escapeHtml(t.label)}</button>`,
  );
  const panels = tabs.map(
    (t, i) =>
      `<div class="tab-panel" id="${group}-${i}" data-language="${escapeHtml(t.language)}">` +
      `<p class="tab-label">${escapeHtml(t.label)}</p>` +
      `<pre tabindex="0"><code class="hljs language-${t.highlight}" data-sample="${escapeHtml(t.file)}">${highlight(t.source, t.highlight)}</code></pre>` +
      `<p class="sample-source">samples/${escapeHtml(t.file)}, run against the mock by <code>pnpm test</code></p></div>`,
  );
  return `<div class="samples" data-tabs><div role="tablist" aria-label="${escapeHtml(ariaLabel)}" hidden>${buttons.join("")}</div>${panels.join("")}</div>`;
}
