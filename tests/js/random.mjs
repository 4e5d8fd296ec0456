// A seeded random generator for tests that must do the same on every run
// (the property tests here, the page's random-input runs in tests/e2e/).

/** `{ next, below, pick, text }` from `seed`: `next()` is a number in [0, 1) (mulberry32). */
export function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const below = (n) => Math.floor(next() * n);
  const pick = (list) => list[below(list.length)];
  /** Text of up to `length` characters from `alphabet`. */
  const text = (length, alphabet) => Array.from({ length: below(length + 1) }, () => pick(alphabet)).join("");
  return { next, below, pick, text };
}
