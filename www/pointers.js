// Textbook pointers: an arrow from each label under a formula ("Actual",
// "Predicted probability") up to the term it names. Drawn in an SVG over the
// formula, and redrawn when the layout changes.

const SVG = "http://www.w3.org/2000/svg";

/** Where each arrow of `formula` goes, read from the layout (no writes). */
function measure(formula) {
  const box = formula.getBoundingClientRect();
  if (box.width === 0) return null;
  const arrows = [];
  for (const label of formula.querySelectorAll("[data-points-at]")) {
    const target = formula.querySelector(`#${label.dataset.pointsAt}`);
    if (!target) continue;
    const to = target.getBoundingClientRect();
    const from = label.getBoundingClientRect();
    // Up from a label under the term, or down from one above it.
    const up = from.top >= to.bottom;
    const tipX = to.left + to.width / 2 - box.left + formula.scrollLeft;
    const tipY = (up ? to.bottom + 4 : to.top - 4) - box.top;
    // Start from the point of the label nearest the term.
    const left = from.left - box.left + formula.scrollLeft;
    const right = from.right - box.left + formula.scrollLeft;
    const startX = Math.min(Math.max(tipX, left + 16), right - 16);
    const startY = up ? from.top - box.top - 3 : from.bottom - box.top + 3;
    arrows.push({ startX, startY, tipX, tipY, colour: getComputedStyle(label).color });
  }
  return { width: box.width, height: box.height, arrows };
}

/** Draws the measured arrows into the formula's SVG (no reads). */
function draw(formula, measured) {
  const svg = formula.querySelector("svg.pointers");
  if (!svg) return;
  svg.replaceChildren();
  if (!measured) return;
  svg.setAttribute("viewBox", `0 0 ${measured.width} ${measured.height}`);
  for (const { startX, startY, tipX, tipY, colour } of measured.arrows) {
    const path = document.createElementNS(SVG, "path");
    const midY = (startY + tipY) / 2;
    path.setAttribute("d", `M${startX},${startY} C${startX},${midY} ${tipX},${midY} ${tipX},${tipY}`);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", colour);
    path.setAttribute("stroke-width", "1.5");
    const head = document.createElementNS(SVG, "path");
    const back = tipY < startY ? 7 : -7;
    head.setAttribute("d", `M${tipX - 4.5},${tipY + back} L${tipX},${tipY} L${tipX + 4.5},${tipY + back}`);
    head.setAttribute("fill", "none");
    head.setAttribute("stroke", colour);
    head.setAttribute("stroke-width", "1.5");
    svg.append(path, head);
  }
}

/** Redraws the pointers of `formulas`: all measured first, then all drawn (one layout, not one a formula). */
function drawPointers(formulas) {
  const measured = formulas.map(measure);
  formulas.forEach((formula, i) => draw(formula, measured[i]));
}

let pending = 0;

/** Redraws the pointers of `formula` at the next frame (its terms moved). */
export function redrawPointers(formula) {
  if (pending) return;
  pending = requestAnimationFrame(() => {
    pending = 0;
    drawPointers([formula]);
  });
}

/** Draws the pointers of every `.formula` now and whenever it is resized. */
export function setUpPointers() {
  const formulas = [...document.querySelectorAll(".formula")];
  const observer = new ResizeObserver((entries) => drawPointers(entries.map((e) => e.target)));
  for (const formula of formulas) {
    observer.observe(formula);
    formula.addEventListener("scroll", () => drawPointers([formula]), { passive: true });
  }
  document.fonts?.ready.then(() => drawPointers(formulas));
}
