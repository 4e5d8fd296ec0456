// When the lab cannot start or has to stop: say so in words, say what to do,
// and offer a reload. The lesson text stays readable either way.

/** Why the WebAssembly could not start, and what to do about it. */
export function describeLoadFailure(error) {
  const detail = String(error?.message ?? error);
  if (typeof WebAssembly !== "object") {
    return "This browser cannot run WebAssembly, which the lab needs. Open the page in a current Firefox, Chrome, Safari or Edge.";
  }
  if (/content security policy|blocked by CSP|wasm-unsafe-eval|unsafe-eval|disallowed by embedder/i.test(detail)) {
    return "The site's Content-Security-Policy does not allow WebAssembly, so the lab cannot start. Whoever hosts this page must add 'wasm-unsafe-eval' to its script-src (see the README).";
  }
  if (/fetch|network|magic|mime|404|not found|load/i.test(detail)) {
    return `The lab's WebAssembly could not be downloaded (${detail}). Check your connection and reload the page. If you host it, make sure every file of the site was uploaded and that .wasm files are served as application/wasm.`;
  }
  return `The lab could not start (${detail}). Reload the page; if it happens again, try a current version of Firefox, Chrome, Safari or Edge.`;
}

/**
 * Shows `message` in the lab's place, with a Reload button. boot.js draws it,
 * so that the page can say so even when this module could not be downloaded.
 */
export const showFailure = (message) => globalThis.gradientDescentLabFailure?.(message);
