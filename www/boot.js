// Starts the lab. A classic script read with the page's head (dist/ inlines
// it), so the WebAssembly downloads and compiles while the page is parsed and
// laid out, and is ready when the lab's module runs.
//
// It also owns the message that takes the lab's place when the lab cannot
// start or has to stop (failure.js passes the page's messages here), so the
// page can still say what went wrong when the lab's script itself could not
// be downloaded or run.
"use strict";
(() => {
  /** Shows `message` in the lab's place, with a Reload button. */
  function showFailure(message) {
    const box = document.getElementById("load-error");
    if (!box) return;
    const text = document.createElement("span");
    text.textContent = `${message} `;
    const reload = document.createElement("button");
    reload.type = "button";
    reload.textContent = "Reload";
    reload.addEventListener("click", () => location.reload());
    box.replaceChildren(text, reload);
    box.hidden = false;
    document.body.dataset.failed = "true";
    document.documentElement.dataset.ready = "error";
  }
  globalThis.gradientDescentLabFailure = showFailure;

  // The lesson's parts for the link's problem and loss show from the first
  // paint (index.html's are regression's), so nothing moves when the lab
  // arrives and sets them from its run.
  const link = new URLSearchParams(location.search);
  if (link.get("problem") === "classification") {
    const root = document.documentElement.dataset;
    root.problem = "classification";
    if (link.get("loss") !== "mse") root.loss = "cross-entropy";
  }

  if (typeof WebAssembly === "object" && WebAssembly.compileStreaming) {
    // The single-file build carries the WebAssembly inline, set just before this.
    const inline = globalThis.gradientDescentLabWasm;
    const module = inline
      ? WebAssembly.compile(inline)
      : WebAssembly.compileStreaming(fetch("pkg/gradient_descent_lab_bg.wasm"));
    // If that failed, main.js lets the glue load it and say what went wrong.
    module.catch(() => {});
    globalThis.gradientDescentLabModule = module;
  }

  // Before the lab has started: its script could not be downloaded (the
  // <script> element reports "error"), or a browser too old for it could not
  // parse it (a SyntaxError).
  addEventListener(
    "error",
    (event) => {
      if (document.documentElement.dataset.ready) return;
      if (!(event.target instanceof HTMLScriptElement || event.error instanceof SyntaxError)) return;
      const detail = event.message ? ` (${event.message})` : "";
      showFailure(
        `The lab's script could not be downloaded or run${detail}. Reload the page; if it happens again, ` +
          "try a current Firefox, Chrome, Safari or Edge. If you host this page, make sure every file of the site was uploaded " +
          "and, where a learning platform frames it in a sandbox, that its files are sent with Access-Control-Allow-Origin: * (see the README).",
      );
    },
    true,
  );
})();
