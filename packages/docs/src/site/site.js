// The portal's behaviour: the dark-mode toggle (shared with the reference through localStorage
// "colorMode" and the body's dark-mode / light-mode classes Scalar styles by) and the samples' tabs.
(function () {
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
    toggle.addEventListener("click", function () {
      var dark = root.dataset.theme !== "dark";
      try { localStorage.setItem("colorMode", dark ? "dark" : "light"); } catch (e) {}
      apply(dark);
    });
  }
  // Scalar sets the body's classes itself once it starts: keep them to the portal's mode.
  new MutationObserver(function () {
    var dark = root.dataset.theme === "dark";
    if (document.body.classList.contains("dark-mode") !== dark || document.body.classList.contains("light-mode") === dark) apply(dark);
  }).observe(document.body, { attributes: true, attributeFilter: ["class"] });

  document.querySelectorAll("[data-tabs]").forEach(function (group) {
    var tabs = Array.prototype.slice.call(group.querySelectorAll('[role="tab"]'));
    function select(tab, focus) {
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      });
      if (focus) tab.focus();
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { select(tab, false); });
      tab.addEventListener("keydown", function (e) {
        var next = e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : null;
        if (next === null) return;
        e.preventDefault();
        select(tabs[(next + tabs.length) % tabs.length], true);
      });
    });
  });
})();
