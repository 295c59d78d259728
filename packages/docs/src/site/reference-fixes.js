// Accessibility repairs of the console's DOM, which Scalar renders (axe-core findings on
// @scalar/api-reference 1.46.4): sidebar buttons, and the tag groups' headings (x-tagGroups),
// carrying aria-selected (not allowed without a role that takes it: aria-current instead), icon-only buttons without a name, and a scrollable list that keyboards
// cannot reach. Colour contrast is repaired in site.css; the Models section, whose collapsible
// headings nest links inside buttons, is off (hideModels: each schema shows with its operation).
(() => {
  var names = [
    ["button[role='search']", "Search the reference"],
    ["button.scalar-code-copy", "Copy the code"],
    ["button[aria-controls]", "Show or hide the details"],
  ];
  function nameless(el) {
    return (
      !el.textContent.trim() &&
      !el.getAttribute("aria-label") &&
      !el.getAttribute("aria-labelledby") &&
      !el.getAttribute("title")
    );
  }
  function fix() {
    document.querySelectorAll("button[aria-selected]:not([role]), div[aria-selected]:not([role])").forEach((b) => {
      if (b.getAttribute("aria-selected") === "true") b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
      b.removeAttribute("aria-selected");
    });
    names.forEach((n) => {
      document.querySelectorAll(n[0]).forEach((b) => {
        if (nameless(b) || (n[0] !== "button[aria-controls]" && !b.getAttribute("aria-label")))
          b.setAttribute("aria-label", n[1]);
      });
    });
    document.querySelectorAll("ul.endpoints:not([tabindex])").forEach((u) => {
      u.setAttribute("tabindex", "0");
    });
  }
  new MutationObserver(fix).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["aria-selected"],
  });
  fix();
})();
