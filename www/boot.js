// Starts the lesson; if any part of it fails to load, says so instead of
// leaving a blank space. The WebAssembly starts compiling at once, in
// parallel with the page's first layout and the loading of its scripts.
// (What went wrong with the WebAssembly, main.js says; here only the
// script itself can fail, so this file stays small.)
import { showFailure } from "./failure.js";

if (typeof WebAssembly === "object" && WebAssembly.compileStreaming) {
  globalThis.gradientDescentLabModule = WebAssembly.compileStreaming(fetch("pkg/gradient_descent_lab_bg.wasm"));
  globalThis.gradientDescentLabModule.catch(() => {});
}
import("./main.js").catch((error) =>
  showFailure(
    `The lab's script could not be downloaded or run (${error?.message ?? error}). Reload the page; if it happens again, ` +
      "try a current Firefox, Chrome, Safari or Edge. If you host this page, make sure every file of the site was uploaded.",
  ),
);
