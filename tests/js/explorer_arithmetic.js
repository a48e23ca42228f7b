/* Runs the explorer's arithmetic (lib/rnadl/tinyvgg_explorer.arithmetic.js)
   in Node, without a browser, for tests/test_tinyvgg_explorer.py:

     node tests/js/explorer_arithmetic.js REQUEST.json OUT_DIR

   REQUEST.json holds {explorer: explorer_data(...), decimals: [[value,
   digits], ...], percents: [fraction, ...]}. Into OUT_DIR it writes, for
   every layer (and "input"), LAYER.f64: the layer's output on every
   example image, one after the other, little-endian float64 (and
   LAYER.logits.f64, a dense layer's logits); and numbers.json: the
   decimals and percents as the page writes them, and 1001 colours of the
   diverging scale, each with the text colour the page puts on it. */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const SCRIPT = path.join(
  __dirname, "..", "..", "lib", "rnadl", "tinyvgg_explorer.arithmetic.js");

function float64s(arrays) {
  const length = arrays.reduce((total, values) => total + values.length, 0);
  const out = Buffer.alloc(8 * length);
  let at = 0;
  for (const values of arrays) {
    for (const value of values) at = out.writeDoubleLE(value, at);
  }
  return out;
}

function main() {
  const [requestPath, outDir] = process.argv.slice(2);
  if (!requestPath || !outDir) {
    throw new Error("usage: explorer_arithmetic.js REQUEST.json OUT_DIR");
  }
  // A classic script, as the page runs it: its one global is the API.
  vm.runInThisContext(fs.readFileSync(SCRIPT, "utf8"), { filename: SCRIPT });
  const arithmetic = globalThis.tinyvggArithmetic;
  const request = JSON.parse(fs.readFileSync(requestPath, "utf8"));
  const data = request.explorer;
  const model = arithmetic.readModel(data);
  const files = {};
  const add = (name, values) => (files[name] = files[name] || []).push(values);
  for (const image of arithmetic.readImages(data)) {
    const outputs = arithmetic.forward(model, data.input_shape, image.pixels);
    for (const [name, output] of Object.entries(outputs)) {
      add(name + ".f64", output.values);
      if (output.logits) add(name + ".logits.f64", output.logits);
    }
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, arrays] of Object.entries(files)) {
    fs.writeFileSync(path.join(outDir, name), float64s(arrays));
  }
  const colours = [];
  for (let i = 0; i <= 1000; i++) {
    const background = arithmetic.diverging(i / 500 - 1);
    colours.push([background, arithmetic.textColour(background)]);
  }
  const numbers = {
    decimals: request.decimals.map(([value, digits]) =>
      arithmetic.decimal(value, digits)),
    percents: request.percents.map((value) => arithmetic.percent(value)),
    colours: colours
  };
  fs.writeFileSync(path.join(outDir, "numbers.json"),
    JSON.stringify(numbers));
}

main();
