// Writes dist/: the static site (a copy of www/, ready for any static host)
// and dist/gradient-descent-lab.html, one self-contained file with the
// styles, the scripts and the WebAssembly inlined, that works opened from
// file:// and uploaded as a single file to an LMS.
//
//   node tools/dist.mjs        (run by ./build.sh dist after the build)
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const WWW = join(ROOT, "www");
const DIST = join(ROOT, "dist");
const ENTRY = "main.js";
const WASM = "pkg/gradient_descent_lab_bg.wasm";

/**
 * Bundles the page's ES modules into one script: each module becomes a
 * function whose exports go in `modules[path]`, in dependency order. It
 * understands the import and export forms this project uses (and says so
 * when it meets another).
 */
export function bundle(entry, read) {
  const order = [];
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    const source = read(path);
    for (const [, from] of source.matchAll(/^import[^"'\n]*["']([^"']+)["'];?\s*$/gm)) {
      visit(normalize(join(dirname(path), from)));
    }
    order.push([path, source]);
  };
  visit(entry);
  const parts = ["const modules = {};"];
  for (const [path, source] of order) parts.push(wrap(path, source));
  return parts.join("\n");
}

function wrap(path, source) {
  const exports = [];
  let body = source.replace(
    /^import\s+(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s*["']([^"']+)["'];?\s*$/gm,
    (_, name, names, from) => {
      const target = JSON.stringify(normalize(join(dirname(path), from)));
      const fields = [];
      if (name) fields.push(`default: ${name}`);
      for (const item of (names ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
        const [original, alias] = item.split(/\s+as\s+/);
        fields.push(alias ? `${original}: ${alias}` : original);
      }
      return `const { ${fields.join(", ")} } = modules[${target}];`;
    },
  );
  body = body.replace(/^export\s+(async\s+function|function|class|const|let)\s+(\w+)/gm, (_, kind, name) => {
    exports.push(name);
    return `${kind} ${name}`;
  });
  body = body.replace(/^export\s*\{([^}]*)\};?\s*$/gm, (_, names) => {
    for (const item of names.split(",").map((s) => s.trim()).filter(Boolean)) {
      const [original, alias] = item.split(/\s+as\s+/);
      exports.push(alias ? `${alias}: ${original}` : original);
    }
    return "";
  });
  if (/^\s*(import|export)\b/m.test(body)) {
    throw new Error(`${path}: an import or export form the bundler does not know`);
  }
  return `modules[${JSON.stringify(path)}] = (() => {\n${body}\nreturn { ${exports.join(", ")} };\n})();`;
}

const sha256 = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/** The single file: the lesson page with everything inlined and a hash-based CSP. */
export function singleFile() {
  const read = (path) => readFileSync(join(WWW, path), "utf8");
  const wasm = readFileSync(join(WWW, WASM)).toString("base64");
  const script = [
    `globalThis.gradientDescentLabWasm = Uint8Array.from(atob("${wasm}"), (c) => c.charCodeAt(0));`,
    bundle(ENTRY, read),
  ].join("\n");
  const style = read("style.css");
  const icon = `data:image/svg+xml,${encodeURIComponent(read("favicon.svg").trim())}`;
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)} 'wasm-unsafe-eval'`,
    `style-src ${sha256(style)}`,
    "img-src data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  let html = read("index.html");
  const replace = (pattern, text) => {
    if (!pattern.test(html)) throw new Error(`index.html: ${pattern} not found`);
    html = html.replace(pattern, () => text);
  };
  replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  replace(/<link rel="icon"[^>]*>/, `<link rel="icon" href="${icon}" type="image/svg+xml">`);
  replace(/<link rel="stylesheet" href="style.css">/, `<style>${style}</style>`);
  replace(/<script type="module" src="boot.js"><\/script>/, `<script type="module">${script}</script>`);
  // Browsers without modules see the page's static text; the single file has no other scripts.
  replace(/\s*<script nomodule src="nomodule.js"><\/script>/, "");
  return html;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  cpSync(WWW, DIST, { recursive: true, filter: (path) => !path.endsWith(".d.ts") });
  const html = singleFile();
  writeFileSync(join(DIST, "gradient-descent-lab.html"), html);
  console.log(`dist/ written; dist/gradient-descent-lab.html is ${Math.round(html.length / 1024)} KB`);
}
