#!/usr/bin/env bash
# Gradient Descent Lab: the one entry point. It installs what it lacks.
#
#   ./build.sh serve   build dist/, then serve the lesson on http://127.0.0.1:8080
#   ./build.sh test    every test: format, lints, native, wasm in Chromium, the JS API in Node,
#                      the page in Chromium and Firefox (ENGINES=chromium or =firefox for one)
#   ./build.sh dist    build dist/: the static site and one self-contained HTML file
#   ./build.sh bench   every benchmark, written to BENCHMARKS.md
#   ./build.sh build   build the WebAssembly into www/pkg/ only
#
# www/ holds the page's sources (its ES modules load as they are, for
# development); dist/ is what ships and what the page tests run against.
set -euo pipefail
cd "$(dirname "$0")"

PORT="${PORT:-8080}"
WASM_TARGET=wasm32-unknown-unknown
CRATE=gradient_descent_lab

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------- installs

ensure_rust() {
  have cargo || die "Rust is missing. Install it from https://rustup.rs, then run this again."
  if ! rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
    say "Adding the Rust target $WASM_TARGET"
    rustup target add "$WASM_TARGET"
  fi
}

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
  [ -n "$want" ] || die "Cargo.lock names no wasm-bindgen version."
  if have wasm-bindgen && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$want" ] \
      && have wasm-bindgen-test-runner; then
    return
  fi
  say "Installing wasm-bindgen-cli $want (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "=$want"
}

ensure_node_modules() {
  have node && have npm || die "Node.js 20 or newer (with npm) is missing: install it from https://nodejs.org or your package manager (Debian: apt-get install nodejs npm)."
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing the npm dev tools (wasm-opt, esbuild, terser, playwright-core, puppeteer-core, axe-core)"
    # The tests drive Debian's browsers: puppeteer must not download one of its own.
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
  fi
}

ensure_chromium() {
  if have chromium && have chromedriver; then return; fi
  if [ "$(id -u)" = 0 ] && have apt-get; then
    say "Installing Chromium and ChromeDriver (apt)"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
  else
    die "The tests need Chromium and ChromeDriver on PATH as 'chromium' and 'chromedriver'.
On Debian or Ubuntu: sudo apt-get install chromium chromium-driver
Elsewhere: install Chromium and the ChromeDriver of the same version."
  fi
}

# The page tests' second engine: Debian's Firefox ESR, driven over WebDriver BiDi.
ensure_firefox() {
  if have firefox-esr; then return; fi
  if [ "$(id -u)" = 0 ] && have apt-get; then
    say "Installing Firefox ESR (apt)"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y firefox-esr
  else
    die "The page tests need Firefox ESR on PATH as 'firefox-esr'.
On Debian or Ubuntu: sudo apt-get install firefox-esr
Or run only the Chromium page tests: ENGINES=chromium ./build.sh test"
  fi
}

# ---------------------------------------------------------------- build

build() {
  ensure_rust
  ensure_wasm_bindgen
  ensure_node_modules
  say "Building the WebAssembly (release)"
  # Panic messages in the WebAssembly name their source files: the folder of
  # this machine's crate registry is left out of those paths (40 bytes
  # gzipped, and no home folder in the page). Cargo adds these rustflags to
  # .cargo/config.toml's.
  local remap="" index
  for index in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do remap="$remap'--remap-path-prefix=$index=',"; done
  cargo build --release --target "$WASM_TARGET" --lib --config "target.$WASM_TARGET.rustflags=[${remap%,}]"
  rm -rf www/pkg
  wasm-bindgen --target web --out-dir www/pkg "target/$WASM_TARGET/release/$CRATE.wasm"
  say "Optimising with wasm-opt"
  # (tools/bench.mjs builds its "shipped" variant with the same flags.)
  # --low-memory-unused: Rust never uses the first KB of memory (the stack
  # grows down towards it from 1 MB), so constant offsets fold into loads.
  node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
    "www/pkg/${CRATE}_bg.wasm" -o "www/pkg/${CRATE}_bg.wasm"
  node tools/short-imports.mjs www/pkg
}

# The page-weight budget (gzipped bytes of every file the page loads): the
# goal of 100 KB, as 100,000 bytes. Growing past it fails the tests.
PAGE_BUDGET=100000

# The gzipped size of every file the lesson page loads (dist/, as it ships).
PAGE_FILES="index.html pkg/app.js pkg/${CRATE}_bg.wasm favicon.svg"
print_sizes() {
  say "Page weight (gzip -9 of every file the page loads)"
  local total=0 size file
  for file in $PAGE_FILES; do
    size=$(gzip -9 -c "dist/$file" | wc -c)
    total=$((total + size))
    printf '  %8d B  %s\n' "$size" "dist/$file"
  done
  printf '  %8d B  total (%d KB)\n' "$total" $(((total + 1023) / 1024))
  PAGE_BYTES=$total
}

# ---------------------------------------------------------------- commands

# The lesson as a SCORM 1.2 package for an LMS; its exercise from the query
# given (link keys: goal, within, task, controls, any setting), or the default.
scorm() {
  dist
  say "Packaging for an LMS (SCORM 1.2)"
  node tools/scorm.mjs "$@"
}

serve() {
  dist
  say "Serving the lesson on http://127.0.0.1:$PORT (Ctrl-C stops)"
  exec node tools/serve.mjs dist "$PORT"
}

run_tests() {
  ensure_rust
  ensure_wasm_bindgen
  ensure_node_modules
  ensure_chromium
  case ",${ENGINES:-firefox}," in *,firefox,*) ensure_firefox ;; esac

  say "Format (cargo fmt --check)"
  cargo fmt --all -- --check
  say "Lints (cargo clippy -D warnings, native and wasm)"
  cargo clippy --all-targets -- -D warnings
  cargo clippy --target "$WASM_TARGET" --lib --tests -- -D warnings

  say "Native tests of the core (cargo test)"
  cargo test

  say "WebAssembly tests in headless Chromium (wasm-bindgen-test)"
  CHROMEDRIVER="$(command -v chromedriver)" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target "$WASM_TARGET" --test wasm

  dist
  say "Size gate: the page must weigh at most $PAGE_BUDGET bytes gzipped"
  if [ "$PAGE_BYTES" -gt "$PAGE_BUDGET" ]; then
    die "The page weighs $PAGE_BYTES bytes gzipped, over its budget of $PAGE_BUDGET (see BENCHMARKS.md)."
  fi
  echo "  $PAGE_BYTES bytes: within the budget."
  say "The SCORM package (./build.sh scorm), for the page tests"
  node tools/scorm.mjs
  say "Tests of the JS API in Node: links and CSV (www/link.js, www/csv.js) through the built glue"
  node --test tests/js/
  say "End-to-end tests of the page in headless ${ENGINES:-chromium,firefox}"
  node --test --test-concurrency=1 tests/e2e/
  say "All tests passed"
}

dist() {
  build
  say "Writing dist/ (the static site and dist/gradient-descent-lab.html)"
  node tools/dist.mjs
  print_sizes
}

bench() {
  ensure_chromium
  have twiggy || { say "Installing twiggy (what takes the space in the WebAssembly)"; cargo install twiggy; }
  dist
  say "Benchmarks (several minutes), written to BENCHMARKS.md"
  node tools/bench.mjs "${@}"
}

# Random input on the page for longer than the tests' 20 s an engine:
# ./build.sh fuzz [seconds a run] [seeds, comma separated] (tools/fuzz.mjs).
fuzz() {
  ensure_node_modules
  ensure_chromium
  case ",${ENGINES:-firefox}," in *,firefox,*) ensure_firefox ;; esac
  dist
  say "Random input on the page (seed by seed, desktop and phone, each engine)"
  node tools/fuzz.mjs "${@}"
}

case "${1:-}" in
  serve) serve ;;
  fuzz) shift; fuzz "$@" ;;
  scorm) shift; scorm "$@" ;;
  bench) shift; bench "$@" ;;
  test) run_tests ;;
  dist) dist ;;
  build) build ;;
  *)
    echo "usage: ./build.sh serve | test | fuzz [seconds] [seeds] | dist | scorm [query] | bench | build" >&2
    exit 2
    ;;
esac
