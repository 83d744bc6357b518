// The survey works without this script; it only helps: focus on the error summary, and the
// scale of Q12/Q13 hidden while «Нет» is chosen (the server ignores it then anyway).
(() => {
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
  document.querySelectorAll("[data-shown-by]").forEach((part) => {
    const name = CSS.escape(part.dataset.shownBy);
    const update = () => {
      const chosen = document.querySelector(`input[name="${name}"]:checked`);
      part.hidden = chosen !== null && chosen.value === "no";
    };
    document.querySelectorAll(`input[name="${name}"]`).forEach((radio) => {
      radio.addEventListener("change", update);
    });
    update();
  });
})();
