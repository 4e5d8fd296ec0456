// In-browser benchmarks: the lab's training step in WebAssembly against a
// plain JavaScript loop over Float64Arrays doing the same maths, in the same
// page, samples interleaved so that both see the same machine.
const pkg = new URLSearchParams(location.search).get("pkg") ?? "/www/pkg";
const { default: loadWasm, init } = await import(`${pkg}/gradient_descent_lab.js`);
await loadWasm();

/** The median and the spread (smallest to largest) of a list. */
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) };
}

/** One step of plain gradient descent in JavaScript: the loss and gradient on every point, then the update. */
function jsStep(problem, xs, ys, state, rate) {
  const n = xs.length;
  const { w, b } = state;
  let loss = 0;
  let gw = 0;
  let gb = 0;
  if (problem === "regression") {
    for (let i = 0; i < n; i++) {
      const e = w * xs[i] + b - ys[i];
      loss += e * e;
      gw += e * xs[i];
      gb += e;
    }
    gw *= 2;
    gb *= 2;
  } else {
    for (let i = 0; i < n; i++) {
      const z = w * xs[i] + b;
      const y = ys[i];
      const e = Math.exp(-Math.abs(z));
      const log1p = Math.log1p(e);
      const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      loss += y * (Math.max(-z, 0) + log1p) + (1 - y) * (Math.max(z, 0) + log1p);
      const d = p - y;
      gw += d * xs[i];
      gb += d;
    }
  }
  state.loss = loss / n;
  state.w = w - (rate * gw) / n;
  state.b = b - (rate * gb) / n;
}

/** Steps per sample so that one sample takes about `ms` milliseconds. */
function calibrate(run, ms) {
  let k = 1;
  for (;;) {
    const t = performance.now();
    run(k);
    const elapsed = performance.now() - t;
    if (elapsed > ms / 4 || k > 1e7) return Math.max(1, Math.round((k * ms) / Math.max(elapsed, 0.01)));
    k *= 4;
  }
}

/** Nanoseconds per point per step, in wasm and in JS, for `problem` at `n` points. */
window.throughput = (problem, n, samples = 9) => {
  const dataset = { name: problem === "regression" ? "line" : "groups", n };
  const lab = init({ problem, dataset, learningRate: 0.01 });
  const { x, y } = lab.columns();
  const state = { w: lab.state().w, b: lab.state().b, loss: 0 };
  const wasm = (k) => lab.step(k);
  const js = (k) => {
    for (let i = 0; i < k; i++) jsStep(problem, x, y, state, 0.01);
  };
  const kWasm = calibrate(wasm, 60);
  const kJs = calibrate(js, 60);
  const times = { wasm: [], js: [] };
  for (let s = 0; s < samples; s++) {
    for (const [name, run, k] of [["wasm", wasm, kWasm], ["js", js, kJs]]) {
      const t = performance.now();
      run(k);
      times[name].push(((performance.now() - t) * 1e6) / (k * n));
    }
  }
  lab.free();
  return { wasm: summary(times.wasm), js: summary(times.js), check: Number.isFinite(state.loss) };
};

window.benchReady = true;
