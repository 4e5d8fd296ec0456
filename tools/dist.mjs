// Writes dist/, the lesson as it ships:
//   - the static site, ready for any static host: index.html with boot.js
//     inline, the page's modules and the wasm-bindgen glue bundled and
//     minified into pkg/app.js (esbuild), the minified styles inline, and
//     the WebAssembly in pkg/;
//   - dist/gradient-descent-lab.js, the <gradient-descent-lab> custom
//     element: one module with the glue, which loads pkg/'s WebAssembly;
//   - dist/gradient-descent-lab.html, one self-contained file with the
//     styles, the scripts and the WebAssembly inlined, that works opened from
//     file:// and uploaded as a single file to an LMS.
//
//   node tools/dist.mjs        (run by ./build.sh dist after the build)
import { build, buildSync, transformSync } from "esbuild";
import { minify } from "terser";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const WWW = join(ROOT, "www");
const DIST = join(ROOT, "dist");
const WASM = "pkg/gradient_descent_lab_bg.wasm";
/**
 * Files served as they are; the glue, its types and the JS modules it imports
 * (pkg/snippets/, copied there by wasm-bindgen) are for course authors who script.
 */
const COPIED = [
  "favicon.svg",
  "nomodule.js",
  "embed-example.html",
  "embed-example.css",
  "element-example.html",
  "scripting-example.html",
  "scripting-example.js",
  WASM,
  "pkg/gradient_descent_lab.js",
  "pkg/gradient_descent_lab.d.ts",
  "pkg/snippets",
];

const read = (path) => readFileSync(join(WWW, path), "utf8");

/** The page's modules that it imports only when asked (`import("./exercise.js")`); they import only each other. */
const ON_DEMAND = /^\.\/(exercises?|data-io)\.js$/;

/**
 * `entry` and what it imports as one ES module, bundled by esbuild and
 * compressed once more by terser (2 % smaller gzipped). What the page loads
 * only on demand (ON_DEMAND) stays an import of its own file when `onDemand`
 * is set (the site), and is bundled in otherwise (the single file).
 */
async function bundle(entry, onDemand) {
  const plugins = [
    // The page and the link snippet (pkg/snippets/…/www/link.js) import the
    // same catalogue: one copy of it.
    { name: "one-catalogue", setup: (build) => build.onResolve({ filter: /\/catalogue\.js$/ }, () => ({ path: join(WWW, "catalogue.js") })) },
  ];
  if (onDemand) plugins.push({ name: "on-demand", setup: (build) => build.onResolve({ filter: ON_DEMAND }, ({ path }) => ({ path, external: true })) });
  const result = await build({
    entryPoints: [join(WWW, entry)],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    write: false,
    legalComments: "none",
    plugins,
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs);
  if (ON_DEMAND.test(`./${entry}`) && inputs.length > 1) throw new Error(`${entry} is loaded on demand, so it must import nothing of the page's: ${inputs}`);
  const { code } = await minify(result.outputFiles[0].text, { module: true, ecma: 2022, compress: { passes: 2 }, format: { comments: false } });
  return code;
}

/** boot.js, minified: a classic script, inlined in the page's head. */
function minifyBoot() {
  return transformSync(read("boot.js"), { minify: true, target: "es2020" }).code.trim();
}

function minifyCss(css) {
  return buildSync({ stdin: { contents: css, loader: "css" }, minify: true, write: false }).outputFiles[0].text;
}

/**
 * The page without comments and without the indentation at the start of its
 * lines: the same document (a line break stays where there was one, and the
 * page has no <pre>), 4 % smaller gzipped. Its buttons' `type="button"` goes
 * too: a button's type matters only inside a form, and the page has none.
 */
function minifyHtml(html) {
  if (/<pre[\s>]/.test(html)) throw new Error("minifyHtml: the page has a <pre>; keep its whitespace");
  if (/<form[\s>]/.test(html)) throw new Error("minifyHtml: the page has a <form>; keep its buttons' types");
  return html.replace(/<!--[\s\S]*?-->/g, "").replace(/\n\s+/g, "\n").replace(/(<button) type="button"/g, "$1");
}

const sha256 = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/** The single file: the lesson page with everything inlined and a hash-based CSP. */
function singleFile(boot, app, style) {
  const wasm = readFileSync(join(WWW, WASM)).toString("base64");
  const start = `globalThis.gradientDescentLabWasm=Uint8Array.from(atob("${wasm}"),(c)=>c.charCodeAt(0));\n${boot}`;
  const icon = `data:image/svg+xml,${encodeURIComponent(read("favicon.svg").trim())}`;
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(start)} ${sha256(app)} 'wasm-unsafe-eval'`,
    `style-src ${sha256(style)}`,
    "img-src data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const page = new Page(read("index.html"));
  page.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  page.replace(/<link rel="icon"[^>]*>/, `<link rel="icon" href="${icon}" type="image/svg+xml">`);
  page.replace(/<link rel="stylesheet" href="style.css">/, `<style>${style}</style>`);
  page.replace(/<script src="boot.js"><\/script>/, `<script>${start}</script>`);
  page.replace(/<script type="module" src="main.js"><\/script>/, `<script type="module">${app}</script>`);
  // Browsers without modules keep the page's static text; the file has no other scripts.
  page.replace(/\s*<script nomodule defer src="nomodule.js"><\/script>/, "");
  return page.html;
}

/**
 * The site's page: boot.js inline in its head (it starts the WebAssembly
 * before anything else is fetched) and the styles inline (the lab's module
 * waits for the page's stylesheet: one file less to wait for), both allowed
 * by their hashes, and the bundle in place of the modules.
 */
function sitePage(boot, style) {
  const page = new Page(minifyHtml(read("index.html")));
  page.replace("default-src 'self';", `default-src 'self'; style-src ${sha256(style)};`);
  page.replace("script-src 'self'", `script-src 'self' ${sha256(boot)}`);
  page.replace('<link rel="stylesheet" href="style.css">', `<style>${style}</style>`);
  page.replace('<script src="boot.js"></script>', `<script>${boot}</script>`);
  page.replace('<script type="module" src="main.js"></script>', '<script type="module" src="pkg/app.js"></script>');
  return page.html;
}

/** index.html as it is rewritten for dist/: each replaced part must be there. */
class Page {
  constructor(html) {
    this.html = html;
  }

  replace(pattern, text) {
    const found = typeof pattern === "string" ? this.html.includes(pattern) : pattern.test(this.html);
    if (!found) throw new Error(`index.html: ${pattern} not found`);
    this.html = this.html.replace(pattern, () => text);
  }
}

rmSync(DIST, { recursive: true, force: true });
mkdirSync(join(DIST, "pkg"), { recursive: true });
for (const file of COPIED) cpSync(join(WWW, file), join(DIST, file), { recursive: true });
const boot = minifyBoot();
const style = minifyCss(read("style.css"));
// The site: app.js, and beside it the modules it imports on demand (each
// imports nothing of the page's, so nothing is bundled twice).
writeFileSync(join(DIST, "pkg/app.js"), await bundle("main.js", true));
for (const module of ["exercise.js", "exercises.js", "data-io.js"]) writeFileSync(join(DIST, "pkg", module), await bundle(module, true));
writeFileSync(join(DIST, "index.html"), sitePage(boot, style));
// The custom element: one module with the glue, beside pkg/ (its wasm).
writeFileSync(join(DIST, "gradient-descent-lab.js"), await bundle("gradient-descent-lab.js", false));
// The single file: one module with everything.
const app = await bundle("main.js", false);
const single = singleFile(boot, app, style);
writeFileSync(join(DIST, "gradient-descent-lab.html"), single);
console.log(`dist/ written; dist/gradient-descent-lab.html is ${Math.round(single.length / 1024)} KB`);
