// Before the page paints: the colour mode saved by the toggle (the key Scalar's console uses too),
// else the system's preference; and the `js` class, which the styles read to tell the page will be
// enhanced (with JavaScript off, the page stays fully readable as it was sent).
(() => {
  var mode = null;
  try {
    mode = localStorage.getItem("colorMode");
  } catch {}
  var dark =
    mode === "dark" ||
    ((!mode || mode === "system") && window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
  document.documentElement.classList.add("js");
})();
