// Written sums that are true as written: worked out by hand from the numbers
// shown, a sum gives the result shown, to its last digit. The result is the
// lab's own number to four significant digits; the numbers it is worked out
// from get as many digits as that takes (four at least). Each sum is worked
// out here from its own text, so what is checked is exactly what is shown.
import { formatNumber as fmt } from "./format.js";

/**
 * The text of a sum whose worked part is `parts` (strings, and numbers as
 * `[value, class, bind, id]`) and whose exact result is `result`:
 * `{ texts, result }`, each number as shown. Four digits where they do;
 * else each number gets the digits it needs (with the others exact), and all
 * one more until together they work out.
 */
export function workOut(parts, result) {
  const target = fmt(result);
  const show = (digits) => parts.map((part, i) => (typeof part === "string" ? part : fmt(part[0], digits[i])));
  const worksOut = (digits) => fmt(evaluate(show(digits).join(""))) === target;
  const every = (d) => parts.map(() => d);
  let digits = every(4);
  if (!worksOut(digits)) {
    digits = parts.map((part, i) => {
      let d = 4;
      while (d < 17 && !worksOut(every(17).with(i, d))) d++;
      return d;
    });
    while (!worksOut(digits) && digits.some((d) => d < 17)) digits = digits.map((d) => Math.min(17, d + 1));
  }
  const texts = show(digits);
  // With every digit shown and still apart (a tie in the last digit), the
  // result shown is the one the shown numbers give.
  return { texts, result: fmt(evaluate(texts.join(""))) };
}

/** Evaluates a written sum: numbers, + − × · / ( ), x², √x, ln x, σ(x). */
export function evaluate(text) {
  const tokens = text.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?|ln|[−+×·/()²√σ]/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = () => tokens[at++];
  const sum = () => {
    let value = product();
    while (peek() === "+" || peek() === "−") value = take() === "+" ? value + product() : value - product();
    return value;
  };
  const product = () => {
    let value = prefixed();
    while (["×", "·", "/"].includes(peek())) value = take() === "/" ? value / prefixed() : value * prefixed();
    return value;
  };
  const prefixed = () => {
    const op = peek();
    if (op === "−") return take() && -prefixed();
    if (op === "√") return take() && Math.sqrt(prefixed());
    if (op === "ln") return take() && Math.log(prefixed());
    if (op === "σ") return take() && 1 / (1 + Math.exp(-prefixed()));
    return squared();
  };
  const squared = () => {
    let value;
    if (peek() === "(") {
      take();
      value = sum();
      take(); // ")"
    } else {
      value = Number(take());
    }
    while (peek() === "²") {
      take();
      value *= value;
    }
    return value;
  };
  const value = sum();
  return at === tokens.length ? value : NaN;
}

/**
 * Builds `parts` into `element` as text and number spans, and the result,
 * as one written sum: `formula = worked = result`. Numbers keep their class
 * and `data-bind`; the worked part and the result carry the classes
 * `worked` and `result` (tests evaluate one and compare with the other).
 * A sum of the same shape as the last one there only has its numbers
 * changed: a step changes every sum on the page, so this spares the
 * browser new elements to style and lay out in every frame.
 */
export function writeSum(element, formula, parts, result, resultClass = "", resultBind = "") {
  const sum = workOut(parts, result);
  // A negative number after an operator goes in parentheses.
  const wrapped = parts.map((part, i) => typeof part !== "string" && sum.texts[i].startsWith("-") && /[−+×·/]$/.test((parts[i - 1] ?? "").trimEnd()));
  const shape = JSON.stringify([formula, parts.map((p) => (typeof p === "string" ? p : p.slice(1))), wrapped, resultClass, resultBind]);
  const numbers = element.dataset.shape === shape ? element.querySelectorAll(".worked .num, .result") : [];
  const texts = [...sum.texts.filter((_, i) => typeof parts[i] !== "string"), sum.result];
  // (Unless other words were written there since: then it is built again.)
  if (numbers.length === texts.length) {
    texts.forEach((text, k) => numbers[k].textContent !== text && (numbers[k].textContent = text));
    return element;
  }
  const worked = span("worked");
  parts.forEach((part, i) => {
    if (typeof part === "string") {
      worked.append(part);
      return;
    }
    const number = span(`num ${part[1] ?? ""}`.trim(), sum.texts[i]);
    if (part[2]) number.dataset.bind = part[2];
    if (part[3]) number.id = part[3];
    worked.append(...(wrapped[i] ? ["(", number, ")"] : [number]));
  });
  const shown = span(`num result ${resultClass}`.trim(), sum.result);
  if (resultBind) shown.dataset.bind = resultBind;
  element.classList.add("sum");
  element.dataset.shape = shape;
  // A line may break before the result's "=", never after it, nor at the formula's.
  element.replaceChildren(...(formula ? [formula, "\u00a0=\u00a0"] : []), worked, " =\u00a0", shown);
  return element;
}

function span(className, text = "") {
  const element = document.createElement("span");
  element.className = className;
  element.textContent = text;
  return element;
}
