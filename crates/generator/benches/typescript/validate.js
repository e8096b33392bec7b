// Generated validation of Order Completed vs ajv with a cached compiled schema, same run. The
// machine is shared, so the two run in interleaved rounds; the report gives each side's
// median (and range) over the rounds, and the ratio of the medians.
// Usage: node validate.js <dir with build/, order-completed.schema.json, examples.json>
"use strict";
const path = require("path");
const { nsPerCall } = require("./common.js");
const dir = process.argv[2];
const sdk = require(path.join(dir, "build/sdk/index.js"));
const Ajv = require("ajv");
const addFormats = require("ajv-formats");

const schema = require(path.join(dir, "order-completed.schema.json"));
const examples = require(path.join(dir, "examples.json"));
// ajv at its fastest: compiled once, formats in "fast" mode; allErrors like the generated code.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv, { mode: "fast" });
const ajvValidate = ajv.compile(schema);
const validateOrderCompleted = sdk.validators.get("Order Completed");
const ROUNDS = 11;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function summary(values) {
  return { median: +median(values).toFixed(1), min: +Math.min(...values).toFixed(1), max: +Math.max(...values).toFixed(1) };
}

let sink = 0;
function compare(label, payload, iterations) {
  const generated = [];
  const cached = [];
  for (let round = 0; round < ROUNDS; round++) {
    generated.push(nsPerCall(() => (sink += validateOrderCompleted(payload).length), iterations, 3));
    cached.push(nsPerCall(() => (sink += ajvValidate(payload) ? 1 : 0), iterations, 3));
  }
  return { example: label, generated_ns: summary(generated), ajv_ns: summary(cached), speedup: +(median(cached) / median(generated)).toFixed(2) };
}

const results = [];
examples.forEach((payload, index) => {
  if (validateOrderCompleted(payload).length !== 0 || !ajvValidate(payload)) throw new Error("example " + index + " invalid");
  results.push(compare(index, payload, 200000));
});
const invalid = { ...examples[0], total: -1, currency: "XXX" };
if (validateOrderCompleted(invalid).length !== 2) throw new Error("the invalid payload should break two rules");
results.push(compare("invalid (2 violations)", invalid, 50000));
process.stdout.write(JSON.stringify({ validate: results, sink }) + "\n");
