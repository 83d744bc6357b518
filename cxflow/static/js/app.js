// Small behaviours without inline handlers (the pages stay CSP-ready).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
