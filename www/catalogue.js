// What the lab offers: its problems, optimizers and data sets (each
// [name, problem, label]), the landscape's zoom range and the speed range
// [slowest, fastest, default]. Written from src/io/catalogue.rs by
// tests/catalogue.rs (UPDATE_CATALOGUE=1 cargo test --test catalogue): do
// not edit by hand.
export const CATALOGUE = {
  problems: ["regression", "classification"],
  optimizers: ["gd", "momentum", "nesterov", "rmsprop", "adam"],
  datasets: [["line", "regression", "A noisy line"], ["outliers", "regression", "A line with outliers"], ["houses", "regression", "House sizes and prices (large x)"], ["groups", "classification", "Two overlapping groups"], ["separable", "classification", "Two separable groups"], ["mislabelled", "classification", "Groups with a few wrong labels"]],
  zoom: [-3, 6],
  speed: [1, 1000, 20],
};
