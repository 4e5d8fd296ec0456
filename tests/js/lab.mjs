// The lab's JS API in Node, as course authors load it: the glue that
// ./build.sh builds into www/pkg/ (with the modules it imports from
// pkg/snippets/), initialised with the WebAssembly read from disk.
import { readFileSync } from "node:fs";
import loadWasm from "../../www/pkg/gradient_descent_lab.js";

await loadWasm({ module_or_path: readFileSync(new URL("../../www/pkg/gradient_descent_lab_bg.wasm", import.meta.url)) });

export { init, readCsv, readLink } from "../../www/pkg/gradient_descent_lab.js";

export { random } from "./random.mjs";

/** Characters for arbitrary text: ASCII, some that URLs and CSV treat specially, and beyond ASCII. */
export const ANY_CHARACTER = [..."abcxyzEeNnIi0123456789.,;:-+ \t\r\n&=%?#\"'<>/\\_~!*()[]{}", "é", "€", "²", "χ", "\u00a0", "\ufeff", "\u0085", "😀"];

/** Every finite number in the state, the runs of a race included, stays finite. */
export function assertFinite(lab, assert) {
  const state = lab.state();
  const numbers = { w: state.w, b: state.b, loss: state.loss, gradW: state.gradW, gradB: state.gradB, nextW: state.update.w.next, nextB: state.update.b.next };
  for (const [name, value] of Object.entries(numbers)) assert.ok(Number.isFinite(value), `${name} = ${value}`);
  for (const run of state.runs) assert.ok([run.w, run.b, run.loss].every(Number.isFinite), JSON.stringify(run));
}
