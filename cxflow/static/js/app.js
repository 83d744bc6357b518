// Small behaviours without inline handlers (the pages stay CSP-ready).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});

// Timeline bars and today's line are placed from data attributes: the CSP allows no style
// attributes, while styles set from a script of this site are allowed.
document.querySelectorAll(".timeline [data-left]").forEach((element) => {
  element.style.left = `${element.dataset.left}%`;
  if (element.dataset.width) {
    element.style.width = `${element.dataset.width}%`;
  }
});

// A form whose action cannot be undone asks first (the same warning is printed beside it,
// so without JavaScript the page still says it).
document.querySelectorAll("form[data-confirm]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
});
