// Interlock's own script. Kept in a file, never inline, so the Content-Security-Policy can forbid inline code.
document.addEventListener("DOMContentLoaded", function () {
  // Buttons that ask before they act: <button data-confirm="Are you sure?">.
  document.body.addEventListener("click", function (event) {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
});
