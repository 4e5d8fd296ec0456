// tools/short-imports.mjs: import names lose wasm-bindgen's hashes where
// they stay unique, in the module and in the glue alike, and the module is
// still valid WebAssembly with the same imports otherwise.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renameInGlue, shortenImports } from "../../tools/short-imports.mjs";
import { ROOT } from "./harness.mjs";

const bytes = (text) => [...new TextEncoder().encode(text)];
const named = (text) => [text.length, ...bytes(text)];

/** A module with one function type, and the given imports (functions, and a memory). */
function moduleWith(names) {
  const imports = names.flatMap((name) =>
    name === "memory" ? [...named("m"), ...named(name), 2, 0, 1] : [...named("m"), ...named(name), 0, 0],
  );
  const importSection = [names.length, ...imports];
  return new Uint8Array([
    ...[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...[1, 4, 1, 0x60, 0, 0], // type section: () -> ()
    ...[2, importSection.length, ...importSection],
  ]);
}

test("hashes go where the short name is unique; the module stays valid", () => {
  const wasm = moduleWith(["__wbg_fillRect_0123456789abcdef", "__wbg_new_1111111111111111", "memory", "__wbg_new_2222222222222222"]);
  const { wasm: out, renames } = shortenImports(wasm);
  const names = WebAssembly.Module.imports(new WebAssembly.Module(out)).map((i) => `${i.kind}:${i.name}`);
  assert.deepEqual(names, ["function:__wbg_fillRect", "function:__wbg_new_1111111111111111", "memory:memory", "function:__wbg_new_2222222222222222"]);
  assert.deepEqual([...renames], [["__wbg_fillRect_0123456789abcdef", "__wbg_fillRect"]]);
  const glue = "const i = { __wbg_fillRect_0123456789abcdef: f, __wbg_fillRect_0123456789abcdef0: g };";
  assert.equal(renameInGlue(glue, renames), "const i = { __wbg_fillRect: f, __wbg_fillRect_0123456789abcdef0: g };");
});

test("the shipped module and glue agree on every import", async () => {
  const wasm = readFileSync(join(ROOT, "dist/pkg/gradient_descent_lab_bg.wasm"));
  const glue = readFileSync(join(ROOT, "dist/pkg/gradient_descent_lab.js"), "utf8");
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(wasm));
  assert.ok(imports.length > 40);
  for (const { module, name } of imports) {
    if (module.startsWith("./snippets/")) {
      // A function of the page's own modules (www/link.js, www/csv.js), imported as it is.
      const snippet = readFileSync(join(ROOT, "dist/pkg", module), "utf8");
      assert.ok(snippet.includes(`export function ${name}(`), `${name} is exported by ${module}`);
      assert.ok(glue.includes(`from "${module}"`), `the glue imports ${module}`);
    } else {
      assert.ok(glue.includes(`${name}:`), `${name} is provided by the glue`);
    }
  }
  assert.ok(imports.filter((i) => /_[0-9a-f]{16}$/.test(i.name)).length < 5, "few hashes are left");
});
