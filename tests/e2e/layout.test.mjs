// Layout on narrow screens: no element of the page runs past its card (the
// lab, a lesson section) or past the screen, on a phone and in a small embed.
import assert from "node:assert/strict";
import { eachEngine, open, button } from "./harness.mjs";

/**
 * Runs in the page: every visible element whose box runs past the content box
 * of its nearest card (`.lab` or `section`) or past the viewport, outermost
 * first (an element inside one already listed is only counted).
 * Visually hidden elements (no box, `visibility: hidden`, clipped to nothing)
 * are ignored, and so is what a scroll box or a clipping box inside the card
 * holds: that box is checked instead.
 */
function overflowingElements() {
  const TOLERANCE = 0.5;
  const viewport = document.documentElement.clientWidth;
  const selector = (el) =>
    el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + [...el.classList].map((c) => `.${c}`).join("");
  const name = (el) => {
    const named = el.id ? null : el.parentElement?.closest("[id]");
    return selector(el) + (named ? ` (in ${selector(named)})` : "");
  };
  const visuallyHidden = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.display === "none" || style.visibility === "hidden") return true;
      if (style.clipPath === "inset(50%)" || style.clip === "rect(0px, 0px, 0px, 0px)") return true;
    }
    return false;
  };
  const cardOf = (el) => el.parentElement?.closest(".lab, section");
  /** Whether a box between `el` and `outer` (or the body) scrolls or clips it sideways. */
  const heldInside = (el, outer = document.body) => {
    for (let e = el.parentElement; e && e !== outer && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== "visible") return true;
    }
    return false;
  };
  /** The card's content box; its padding box for a bar that bleeds into the padding on purpose (negative margins). */
  const contentBox = (card, el) => {
    const box = card.getBoundingClientRect();
    const style = getComputedStyle(card);
    const own = getComputedStyle(el);
    const bleeds = parseFloat(own.marginLeft) < 0 && parseFloat(own.marginRight) < 0;
    const [padLeft, padRight] = bleeds ? [0, 0] : [parseFloat(style.paddingLeft), parseFloat(style.paddingRight)];
    const left = box.left + card.clientLeft + padLeft;
    return { left, right: left + card.clientWidth - padLeft - padRight };
  };
  const found = [];
  let inside = 0;
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const card = cardOf(el);
    const reasons = [];
    if (!heldInside(el) && (box.right > viewport + TOLERANCE || box.left < -TOLERANCE)) {
      reasons.push(`spans ${box.left.toFixed(1)}–${box.right.toFixed(1)} px of a ${viewport} px screen`);
    }
    if (card && !heldInside(el, card)) {
      const edges = contentBox(card, el);
      if (box.right > edges.right + TOLERANCE || box.left < edges.left - TOLERANCE) {
        reasons.push(
          `is ${box.width.toFixed(1)} px wide at ${box.left.toFixed(1)}–${box.right.toFixed(1)} px in ${name(card)}, ` +
            `whose content is ${(edges.right - edges.left).toFixed(1)} px at ${edges.left.toFixed(1)}–${edges.right.toFixed(1)} px`,
        );
      }
    }
    if (reasons.length === 0 || visuallyHidden(el)) continue;
    if (found.some((f) => f.el.contains(el))) inside++;
    else found.push({ el, text: `${name(el)} ${reasons.join("; and ")}` });
  }
  return { elements: found.map((f) => f.text), inside };
}

eachEngine(({ env, test }) => {
  for (const [name, path, viewport] of [
    ["the lesson at phone-390x844", "", { width: 390, height: 844 }],
    ["classification at phone-390x844", "?problem=classification", { width: 390, height: 844 }],
    ["an embed 320×640", "?embed=1&panels=fit,loss,landscape,steps&controls=run,rate", { width: 320, height: 640 }],
  ]) {
    test(`nothing runs past its card or the screen: ${name}`, async () => {
      const { page, problems, context } = await open(env, path, { viewport, hasTouch: viewport.width < 500 });
      for (let i = 0; i < 3; i++) await button(page, "Step").click();
      // The lesson's sections lay out as they near the screen (content-visibility): bring each there.
      await page.evaluate(async () => {
        for (const section of document.querySelectorAll("section")) {
          section.scrollIntoView();
          await new Promise(requestAnimationFrame);
        }
        window.scrollTo(0, 0);
      });
      const { elements, inside } = await page.evaluate(overflowingElements);
      assert.deepEqual(elements, [], `${elements.length} elements run past (and ${inside} more inside them):\n${elements.join("\n")}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
