// Two labs on one page, from a script: the JS API that course authors use.
import loadWasm, { init } from "./pkg/gradient_descent_lab.js";

await loadWasm();
const shared = { seed: 3, learningRate: 0.1, start: { w: -2, b: 2.5 } };
const labs = [
  ["lab-gd", init({ ...shared, optimizer: "gd" })],
  ["lab-momentum", init({ ...shared, optimizer: "momentum" })],
].map(([id, lab]) => ({ lab, figure: document.getElementById(id) }));

function draw() {
  for (const { lab, figure } of labs) {
    lab.drawFit(figure.querySelector(".fit"));
    lab.drawLoss(figure.querySelector(".loss"));
    const state = lab.state();
    figure.querySelector("output").textContent = `step ${state.step}, loss ${state.loss.toPrecision(3)}`;
  }
}

document.getElementById("step-both").addEventListener("click", () => {
  for (const { lab } of labs) lab.step(10);
  draw();
});
document.getElementById("reset-both").addEventListener("click", () => {
  for (const { lab } of labs) lab.reset(shared.start);
  draw();
});
new ResizeObserver(draw).observe(document.querySelector(".pair-of-labs"));
draw();
document.documentElement.dataset.ready = "true";
