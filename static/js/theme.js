// The colour scheme. templates/base.html puts the person's choice on <html> as data-colour-scheme and the
// scheme to draw as data-bs-theme (Bootstrap's switch). "auto" follows the device's setting, here and
// whenever it changes. Loaded in <head> without defer, so the page is never first drawn in the wrong scheme.
(function () {
  "use strict";

  const root = document.documentElement;
  if (root.dataset.colourScheme !== "auto" || !window.matchMedia) {
    return;
  }
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  function follow() {
    root.dataset.bsTheme = dark.matches ? "dark" : "light";
  }
  follow();
  dark.addEventListener("change", follow);
})();
