// Numbers as the page shows them: four significant digits, exponent form for
// very large or small values, and never "NaN" (a dash stands for no number).
// Plain from 1e-4 up to 1e6, as the charts and the lab's messages write them
// (src/io/number.rs) and links too (link.js); tests/js/format.test.mjs holds
// the two sides to one rule.

/** `value` with `digits` significant digits (trailing zeros dropped), e.g. 0.08412, -3.142, 1.235e-5. */
export function formatNumber(value, digits = 4) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "–";
  if (value === 0) return "0";
  const size = Math.abs(value);
  if (size >= 1e6 || size < 1e-4) {
    return value.toExponential(digits - 1).replace(/\.?0+e/, "e").replace("e+", "e");
  }
  const text = String(Number(value.toPrecision(digits)));
  return text === "-0" ? "0" : text;
}

/** `+ 0.47` or `- 0.47`: a signed term that follows another. */
export function signedTerm(value, digits = 4) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "+ –";
  return value < 0 ? `- ${formatNumber(-value, digits)}` : `+ ${formatNumber(value, digits)}`;
}
