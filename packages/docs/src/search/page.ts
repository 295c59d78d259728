// The search box of every page (bundled into assets/search.js, loaded when a reader first focuses
// the box): MiniSearch over the prebuilt index, results as a listbox under the box, arrow keys to
// move, Enter to go, Escape to close.
import MiniSearch from "minisearch";
import { SEARCH_INDEX, SEARCH_OPTIONS, type SearchDocument } from "./options.js";

type Result = Pick<SearchDocument, "title" | "context" | "url">;

export async function startSearch(form: HTMLFormElement): Promise<void> {
  const input = form.querySelector("input")!;
  const list = form.querySelector<HTMLUListElement>(".search-results")!;
  const root = new URL(form.dataset.root ?? "", location.href);
  const index = await fetch(new URL(SEARCH_INDEX, root)).then((r) => r.text());
  const search = MiniSearch.loadJSON<SearchDocument>(index, {
    ...SEARCH_OPTIONS,
    fields: [...SEARCH_OPTIONS.fields],
    storeFields: [...SEARCH_OPTIONS.storeFields],
  });
  let results: Result[] = [];
  let active = -1;

  const go = (r: Result) => {
    location.href = new URL(r.url, root).href;
    close();
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const mark = (i: number) => {
    active = i;
    list.querySelectorAll("[role=option]").forEach((el, j) => {
      el.setAttribute("aria-selected", String(j === i));
    });
    if (i >= 0) input.setAttribute("aria-activedescendant", `search-result-${i}`);
    else input.removeAttribute("aria-activedescendant");
    list.children[i]?.scrollIntoView({ block: "nearest" });
  };
  const render = () => {
    const query = input.value.trim();
    results = query ? (search.search(query) as unknown as Result[]).slice(0, 10) : [];
    list.replaceChildren(
      ...(results.length || !query
        ? results.map((r, i) => {
            const li = document.createElement("li");
            li.id = `search-result-${i}`;
            li.setAttribute("role", "option");
            li.setAttribute("aria-selected", "false");
            const title = document.createElement("span");
            title.className = "result-title";
            title.textContent = r.title;
            const context = document.createElement("span");
            context.className = "result-context";
            context.textContent = r.context;
            li.append(title, context);
            li.addEventListener("mousedown", (e) => e.preventDefault());
            li.addEventListener("click", () => go(r));
            return li;
          })
        : [
            Object.assign(document.createElement("li"), {
              className: "no-results",
              textContent: `Nothing found for “${query}”`,
            }),
          ]),
    );
    list.hidden = !query;
    input.setAttribute("aria-expanded", String(!list.hidden));
    active = -1;
  };
  input.addEventListener("input", render);
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!results.length) return;
      e.preventDefault();
      mark((active + (e.key === "ArrowDown" ? 1 : -1) + results.length) % results.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      const r = results[Math.max(active, 0)];
      if (r) go(r);
    } else if (e.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  form.addEventListener("submit", (e) => e.preventDefault());
  render();
}

const form = document.querySelector<HTMLFormElement>("form.search");
if (form) void startSearch(form);
