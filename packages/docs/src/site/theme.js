// Before the page paints: the colour mode saved by the toggle (the key Scalar's reference uses
// too), else the system's preference.
(function () {
  var mode = null;
  try { mode = localStorage.getItem("colorMode"); } catch (e) {}
  var dark = mode === "dark" || ((!mode || mode === "system") && window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
})();
