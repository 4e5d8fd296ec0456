// Starts the lesson; if any part of it fails to load, says so instead of
// leaving a blank space. The WebAssembly starts compiling at once, in
// parallel with the page's first layout and the loading of its scripts.
import { describeLoadFailure, showFailure } from "./failure.js";

if (typeof WebAssembly === "object" && WebAssembly.compileStreaming) {
  globalThis.gradientDescentLabModule = WebAssembly.compileStreaming(fetch("pkg/gradient_descent_lab_bg.wasm"));
  globalThis.gradientDescentLabModule.catch(() => {});
}
import("./main.js").catch((error) => showFailure(describeLoadFailure(error)));
