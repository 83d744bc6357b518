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

// The points of an index checklist as the user ticks (seed 002 App. 8), read from the form's
// data attributes: points per parameter, per comfort level, the vacancy formula or events.
// The server computes the saved score again; that one counts.
document.querySelectorAll("form[data-checklist-rule]").forEach((form) => {
  const output = document.getElementById(form.dataset.output);
  if (!output) {
    return;
  }
  const rule = form.dataset.checklistRule;
  const max = parseFloat(form.dataset.max);
  const each = parseFloat(form.dataset.points || "0");
  const levelPoints = JSON.parse(form.dataset.levelPoints || "{}");
  const number = new Intl.NumberFormat(document.documentElement.lang || "ru", {
    maximumFractionDigits: 3,
  });
  const boxes = () => Array.from(form.querySelectorAll("input[data-points]"));
  const value = (name) => (form.elements[name] ? form.elements[name].value.trim() : "");

  const points = () => {
    if (rule === "comfort_levels") {
      // a level counts when it and every level before it (3, then 2, then 1) are complete
      let reached = 0;
      for (const level of [3, 2, 1]) {
        const all = boxes().filter((box) => box.dataset.level === String(level));
        if (!all.length || all.some((box) => !box.checked)) {
          break;
        }
        reached = levelPoints[String(level)] || 0;
      }
      return reached;
    }
    if (rule === "vacancy_dynamics") {
      const current = value("values.current");
      const previous = value("values.previous");
      if (!/^\d+$/.test(current) || !/^\d+$/.test(previous) || Number(previous) === 0) {
        return null;
      }
      const coefficient = parseFloat(form.dataset.coefficient || "2");
      return (Number(current) / Number(previous) - 1) * coefficient;
    }
    let sum = boxes()
      .filter((box) => box.checked)
      .reduce((total, box) => total + parseFloat(box.dataset.points || "0"), 0);
    if (rule === "events") {
      const others = new Set(
        value("values.other_events")
          .split("\n")
          .map((line) => line.trim().toLowerCase())
          .filter(Boolean),
      );
      sum += others.size * each;
    }
    return sum;
  };

  const show = () => {
    const found = points();
    if (found === null) {
      output.value = "—";
      return;
    }
    const capped = Math.min(Math.max(found, 0), max);
    output.value = number.format(Math.round(capped * 10000) / 10000);
  };
  form.addEventListener("input", show);
  form.addEventListener("change", show);
  show();
});
