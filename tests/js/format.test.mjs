// One rule for writing numbers: the page's text (www/format.js) and the lab's
// own (src/io/number.rs, which writes the charts' labels and the messages)
// switch between plain and exponent form at the same sizes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatNumber } from "../../www/format.js";
import { init } from "./lab.mjs";

/** The number in the lab's message for a batch size it refuses: `got 250000.5.` */
function writtenByTheLab(value) {
  try {
    init({ batchSize: value });
  } catch (error) {
    return error.message.match(/got (.*)\.$/)[1];
  }
  assert.fail(`batchSize ${value} was taken`);
}

test("the page and the lab write numbers plain or with an exponent at the same sizes", () => {
  const sizes = [1.5e-5, 9.5e-5, 1.5e-4, 0.5, 99999.5, 100000.5, 250000.5, 999999.5, 1000000.5, 2.5e7 + 0.5, -250000.5, -1.5e-5];
  for (const value of sizes) {
    // The lab writes 15 significant digits; the page the same, asked for them.
    assert.equal(formatNumber(value, 15), writtenByTheLab(value), `${value}`);
  }
  // And the page's usual four digits: plain below 1e6, an exponent from there.
  assert.equal(formatNumber(250000), "250000");
  assert.equal(formatNumber(999900), "999900");
  assert.equal(formatNumber(1e6), "1e6");
  assert.equal(formatNumber(0.0001), "0.0001");
  assert.equal(formatNumber(0.00009), "9e-5");
});
