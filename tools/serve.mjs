// A small static file server for the lesson: serves a folder on 127.0.0.1
// with the right MIME types (WebAssembly needs application/wasm), brotli- or
// gzip-compressed as static hosts send them, so local measurements match.
//
//   node tools/serve.mjs [folder=www] [port=8080]
//
// Also imported by the end-to-end tests: `startServer(folder, port)`.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".csv": "text/csv; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
};

/** Types worth compressing (images other than SVG already are). */
const COMPRESSIBLE = /^(text\/|application\/(wasm|json)|image\/svg)/;
const [brotli, gzipped] = [promisify(brotliCompress), promisify(gzip)];
const COMPRESS = {
  br: (data) => brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: (data) => gzipped(data, { level: 9 }),
};

/** The encoding to send for an Accept-Encoding header: br, else gzip, else none. */
export function encodingFor(accept = "") {
  const accepted = accept
    .split(",")
    .map((part) => part.trim().toLowerCase().split(/\s*;\s*/))
    .filter(([, q]) => !/^q=0(\.0*)?$/.test(q ?? ""))
    .map(([name]) => name);
  return ["br", "gzip"].find((name) => accepted.includes(name)) ?? null;
}

/** Compressed bodies (promises of them), per file and encoding, until the file changes. */
const cache = new Map();

function compressed(path, modified, body, encoding) {
  const key = `${encoding} ${path}`;
  const hit = cache.get(key);
  if (hit?.modified === modified) return hit.bytes;
  const bytes = COMPRESS[encoding](body);
  cache.set(key, { modified, bytes });
  return bytes;
}

/**
 * Serves `folder` on `host`:`port` (0 = any free port); resolves to the
 * server. (The start-up benchmark serves from other loopback addresses.)
 */
export function startServer(folder, port = 0, host = "127.0.0.1") {
  const root = resolve(folder);
  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url, "http://localhost");
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (path !== root && !path.startsWith(root + sep)) {
        response.writeHead(403).end("Forbidden");
        return;
      }
      let file = await stat(path).catch(() => null);
      if (file?.isDirectory()) {
        path = join(path, "index.html");
        file = await stat(path);
      }
      let body = await readFile(path);
      const type = TYPES[extname(path)] ?? "application/octet-stream";
      // Any origin may load the lab's files: learning platforms frame pasted
      // pages in <iframe sandbox="allow-scripts">, whose origin is opaque
      // ("null"), and a module script or a fetch from there needs this.
      const headers = { "Content-Type": type, "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*" };
      if (COMPRESSIBLE.test(type)) {
        headers.Vary = "Accept-Encoding";
        const encoding = encodingFor(request.headers["accept-encoding"]);
        if (encoding) {
          body = await compressed(path, file.mtimeMs, body, encoding);
          headers["Content-Encoding"] = encoding;
        }
      }
      response.writeHead(200, headers);
      response.end(body);
    } catch {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
    }
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => done(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const folder = process.argv[2] ?? "www";
  const port = Number(process.argv[3] ?? 8080);
  const server = await startServer(folder, port);
  console.log(`Serving ${folder}/ on http://127.0.0.1:${server.address().port} (Ctrl-C stops)`);
}
