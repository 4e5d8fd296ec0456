// The dev server compresses as static hosts do: brotli when the browser
// takes it, else gzip, else the file as it is; the same bytes once unpacked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { get } from "node:http";
import { readFileSync } from "node:fs";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { startServer, encodingFor } from "../../tools/serve.mjs";
import { ROOT } from "./harness.mjs";

let server;
let base;
before(async () => {
  server = await startServer(`${ROOT}dist`, 0);
  base = `http://127.0.0.1:${server.address().port}/`;
});
after(() => new Promise((done) => server.close(done)));

/** The raw response to a GET of `path` with an Accept-Encoding header. */
function fetchRaw(path, accept) {
  return new Promise((done, fail) => {
    const headers = accept === undefined ? {} : { "Accept-Encoding": accept };
    get(base + path, { headers }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => done({ headers: response.headers, status: response.statusCode, body: Buffer.concat(chunks) }));
    }).on("error", fail);
  });
}

const UNPACK = { br: brotliDecompressSync, gzip: gunzipSync, undefined: (body) => body };

test("the page's files come brotli'd, gzipped or plain as asked, with Vary, to any origin", async () => {
  for (const path of ["", "pkg/app.js", "pkg/gradient_descent_lab_bg.wasm", "favicon.svg"]) {
    const file = readFileSync(`${ROOT}dist/${path || "index.html"}`);
    for (const [accept, encoding] of [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip", "gzip"],
      ["br;q=0, gzip;q=0.5", "gzip"],
      ["identity", undefined],
      [undefined, undefined],
    ]) {
      const { headers, status, body } = await fetchRaw(path, accept);
      assert.equal(status, 200);
      assert.equal(headers["content-encoding"], encoding, `${path} for ${accept}`);
      assert.equal(headers.vary, "Accept-Encoding");
      assert.equal(headers["access-control-allow-origin"], "*", "any origin (a sandboxed frame's is null) may load it");
      assert.ok(UNPACK[encoding](body).equals(file), `${path} for ${accept}: the file's bytes`);
      if (encoding && path !== "favicon.svg") assert.ok(body.length < file.length / 2, `${path} ${encoding}: ${body.length} of ${file.length} bytes`);
    }
  }
  assert.equal((await fetchRaw("missing.js", "br")).status, 404);
});

test("Accept-Encoding is read as browsers write it", () => {
  assert.equal(encodingFor("gzip, deflate, br"), "br");
  assert.equal(encodingFor("GZIP"), "gzip");
  assert.equal(encodingFor("br;q=0, gzip"), "gzip");
  assert.equal(encodingFor("br; q=0.0"), null);
  assert.equal(encodingFor("deflate"), null);
  assert.equal(encodingFor(undefined), null);
});
