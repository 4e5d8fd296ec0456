import loadWasm, { init } from "./pkg/gradient_descent_lab.js";

await loadWasm();
const lab = init({ problem: "regression", learningRate: 0.1, seed: 42 });
const fit = document.getElementById("fit");
const loss = document.getElementById("loss");
const status = document.getElementById("status");
let playing = false;

function draw() {
  lab.drawFit(fit);
  lab.drawLoss(loss);
  const s = lab.state();
  status.textContent = `Step ${s.step}: w = ${s.w.toFixed(3)}, b = ${s.b.toFixed(3)}, loss = ${s.loss.toPrecision(4)}`;
}

function frame() {
  if (!playing) return;
  lab.step(1);
  draw();
  requestAnimationFrame(frame);
}

document.getElementById("step").addEventListener("click", () => { lab.step(); draw(); });
document.getElementById("play").addEventListener("click", (e) => {
  playing = !playing;
  e.target.textContent = playing ? "Pause" : "Play";
  if (playing) requestAnimationFrame(frame);
});
document.getElementById("reset").addEventListener("click", () => { lab.reset(); draw(); });
draw();
document.documentElement.dataset.ready = "true";
