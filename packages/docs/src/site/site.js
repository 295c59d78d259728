// The portal's behaviour, none of which a reader needs to read a page: the dark-mode toggle (shared
// with the console through localStorage "colorMode" and the body's dark-mode / light-mode classes
// Scalar styles by), the samples' tabs (one language chosen for every group, remembered), and the
// search box, whose script and index load when a reader first focuses it.
(() => {
  var root = document.documentElement;
  function apply(dark) {
    root.dataset.theme = dark ? "dark" : "light";
    document.body.classList.toggle("dark-mode", dark);
    document.body.classList.toggle("light-mode", !dark);
    var toggle = document.querySelector(".theme-toggle");
    if (toggle) toggle.setAttribute("aria-pressed", String(dark));
  }
  apply(root.dataset.theme === "dark");
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      var dark = root.dataset.theme !== "dark";
      try {
        localStorage.setItem("colorMode", dark ? "dark" : "light");
      } catch {}
      apply(dark);
    });
  }
  // Scalar sets the body's classes itself once it starts: keep them to the portal's mode.
  new MutationObserver(() => {
    var dark = root.dataset.theme === "dark";
    if (
      document.body.classList.contains("dark-mode") !== dark ||
      document.body.classList.contains("light-mode") === dark
    )
      apply(dark);
  }).observe(document.body, { attributes: true, attributeFilter: ["class"] });

  // Tabs: the page sends every panel under its label and the tab list hidden.
  var groups = [];
  function choose(language, focusTab) {
    groups.forEach((g) => {
      var tab = g.tabs.filter((t) => t.dataset.language === language)[0];
      if (!tab) return;
      g.tabs.forEach((t) => {
        var on = t === tab;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      });
      if (tab === focusTab) tab.focus();
    });
  }
  document.querySelectorAll("[data-tabs]").forEach((group) => {
    var tabs = Array.prototype.slice.call(group.querySelectorAll('[role="tab"]'));
    groups.push({ tabs: tabs });
    group.querySelector('[role="tablist"]').hidden = false;
    tabs.forEach((tab, i) => {
      var panel = document.getElementById(tab.getAttribute("aria-controls"));
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.hidden = i !== 0;
      tab.addEventListener("click", () => {
        try {
          localStorage.setItem("sampleLanguage", tab.dataset.language);
        } catch {}
        choose(tab.dataset.language, null);
      });
      tab.addEventListener("keydown", (e) => {
        var next =
          e.key === "ArrowRight"
            ? i + 1
            : e.key === "ArrowLeft"
              ? i - 1
              : e.key === "Home"
                ? 0
                : e.key === "End"
                  ? tabs.length - 1
                  : null;
        if (next === null) return;
        e.preventDefault();
        var to = tabs[(next + tabs.length) % tabs.length];
        choose(to.dataset.language, to);
      });
    });
  });
  var saved = null;
  try {
    saved = localStorage.getItem("sampleLanguage");
  } catch {}
  if (saved) choose(saved, null);

  // Search: assets/search.js (MiniSearch and the prebuilt index) on first focus, or on "/".
  var form = document.querySelector("form.search");
  if (form) {
    form.hidden = false;
    const input = form.querySelector("input");
    let loading = null;
    const load = () => {
      loading = loading || import(new URL("assets/search.js", new URL(form.dataset.root || "", location.href)).href);
      return loading;
    };
    input.addEventListener("focus", load);
    document.addEventListener("keydown", (e) => {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target?.tagName || "") || e.target?.isContentEditable;
      if (e.key === "/" && !typing && !document.querySelector("#reference-app")) {
        e.preventDefault();
        input.focus();
      }
    });
  }
})();
