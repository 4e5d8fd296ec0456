// What the lab offers: its problems, optimizers and data sets (each
// [name, problem, label]), the landscape's zoom range and the speed range
// [slowest, fastest, default]. Written from src/io/catalogue.rs by
// tests/catalogue.rs (UPDATE_CATALOGUE=1 cargo test --test catalogue): do
// not edit by hand.
export const CATALOGUE = {
  problems: ["regression", "classification"],
  optimizers: ["gd", "momentum", "nesterov", "rmsprop", "adam"],
  datasets: [["line", "regression", "A noisy line"], ["outliers", "regression", "A line with outliers"], ["houses", "regression", "House sizes and prices (large x)"], ["wave", "regression", "A wave (a line cannot fit it)"], ["steps", "regression", "Three steps"], ["groups", "classification", "Two overlapping groups"], ["separable", "classification", "Two separable groups"], ["mislabelled", "classification", "Groups with a few wrong labels"], ["middle", "classification", "A group between two others"]],
  zoom: [-3, 6],
  speed: [1, 1000, 20],
  settings: [["problem", "problem", "config", "name"], ["loss", "loss", "config", "name"], ["points", "points", "config", "shaped"], ["dataset.name", "data", "config", "name"], ["dataset.n", "n", "config", "number", null, null, true], ["dataset.noise", "noise", "config", "number", null, null, false], ["learningRate", "lr", "run", "number", null, null, false], ["optimizer", "opt", "run", "name"], ["momentum", "momentum", "constant", "number", null, null, false], ["alpha", "alpha", "constant", "number", null, null, false], ["beta1", "beta1", "constant", "number", null, null, false], ["beta2", "beta2", "constant", "number", null, null, false], ["epsilon", "eps", "constant", "number", null, null, false], ["batchSize", "batch", "run", "number", null, null, true], ["seed", "seed", "config", "number", null, null, true], ["start", "start", "config", "shaped"], ["race", "race", "config", "shaped"], ["standardize", "std", "config", "flag"], ["steps", "step", "steps", "number", 0, 1000000, true, 0, "a whole number of steps from 0 to 1000000"], ["speed", "speed", "view", "number", 1, 1000, false, 20, "a number of steps per second from 1 to 1000"], ["logScale", "log", "view", "flag"], ["residuals", "residuals", "view", "flag"], ["embed", "embed", "view", "flag"], ["play", "play", "view", "flag"], ["zoom", "zoom", "view", "number", -3, 6, true, 0, "a whole number from -3 to 6"], ["point", "point", "view", "number", 1, 1000000, true, 1, "a point's number, from 1"], ["panels", "panels", "view", "shaped"], ["controls", "controls", "view", "shaped"]],
};
