// Writes dist/, the lesson as it ships:
//   - the static site, ready for any static host: index.html, a small
//     boot.js, the page's modules and the wasm-bindgen glue bundled and
//     minified into pkg/app.js (esbuild), the minified style.css, and the
//     WebAssembly in pkg/;
//   - dist/gradient-descent-lab.html, one self-contained file with the
//     styles, the scripts and the WebAssembly inlined, that works opened from
//     file:// and uploaded as a single file to an LMS.
//
//   node tools/dist.mjs        (run by ./build.sh dist after the build)
import { buildSync } from "esbuild";
import { minify } from "terser";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const WWW = join(ROOT, "www");
const DIST = join(ROOT, "dist");
const WASM = "pkg/gradient_descent_lab_bg.wasm";
/** Files served as they are; the glue and its types are for course authors who script. */
const COPIED = [
  "favicon.svg",
  "nomodule.js",
  "embed-example.html",
  "embed-example.css",
  "scripting-example.html",
  "scripting-example.js",
  WASM,
  "pkg/gradient_descent_lab.js",
  "pkg/gradient_descent_lab.d.ts",
];

const read = (path) => readFileSync(join(WWW, path), "utf8");

/**
 * The page's modules and the glue as one minified ES module: bundled by
 * esbuild, then compressed once more by terser (2 % smaller gzipped).
 */
async function bundleApp() {
  const result = buildSync({
    entryPoints: [join(WWW, "main.js")],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    write: false,
    legalComments: "none",
  });
  const bundled = result.outputFiles[0].text;
  const { code } = await minify(bundled, { module: true, ecma: 2022, compress: { passes: 2 }, format: { comments: false } });
  return code;
}

/** boot.js: loads the app, or says in words why it cannot. */
function bundleBoot() {
  const result = buildSync({
    stdin: {
      contents: read("boot.js").replace('import("./main.js")', 'import("./pkg/app.js")'),
      resolveDir: WWW,
    },
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    external: ["./pkg/app.js"],
    write: false,
  });
  return result.outputFiles[0].text;
}

function minifyCss(css) {
  return buildSync({ stdin: { contents: css, loader: "css" }, minify: true, write: false }).outputFiles[0].text;
}

/**
 * The page without comments and without the indentation at the start of its
 * lines: the same document (a line break stays where there was one, and the
 * page has no <pre>), 4 % smaller gzipped.
 */
function minifyHtml(html) {
  if (/<pre[\s>]/.test(html)) throw new Error("minifyHtml: the page has a <pre>; keep its whitespace");
  return html.replace(/<!--[\s\S]*?-->/g, "").replace(/\n\s+/g, "\n");
}

const sha256 = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/** The single file: the lesson page with everything inlined and a hash-based CSP. */
function singleFile(app, style) {
  const wasm = readFileSync(join(WWW, WASM)).toString("base64");
  const script = `globalThis.gradientDescentLabWasm=Uint8Array.from(atob("${wasm}"),(c)=>c.charCodeAt(0));\n${app}`;
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
  // Everything is inline: nothing to fetch ahead.
  replace(/\s*<!-- The lab's code[^>]*>\s*<link rel="modulepreload"[^>]*>\s*<link rel="preload"[^>]*>/, "");
  // Browsers without modules keep the page's static text; the file has no other scripts.
  replace(/\s*<script nomodule src="nomodule.js"><\/script>/, "");
  return html;
}

rmSync(DIST, { recursive: true, force: true });
mkdirSync(join(DIST, "pkg"), { recursive: true });
for (const file of COPIED) copyFileSync(join(WWW, file), join(DIST, file));
const app = await bundleApp();
const style = minifyCss(read("style.css"));
writeFileSync(join(DIST, "pkg/app.js"), app);
writeFileSync(join(DIST, "boot.js"), bundleBoot());
writeFileSync(join(DIST, "style.css"), style);
// The site's page preloads the bundle that boot.js imports.
const page = read("index.html").replace('<link rel="modulepreload" href="main.js">', '<link rel="modulepreload" href="pkg/app.js">');
writeFileSync(join(DIST, "index.html"), minifyHtml(page));
const single = singleFile(app, style);
writeFileSync(join(DIST, "gradient-descent-lab.html"), single);
console.log(`dist/ written; dist/gradient-descent-lab.html is ${Math.round(single.length / 1024)} KB`);
