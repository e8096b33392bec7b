// Generated validation of Order Completed vs ajv with a cached compiled schema, same run.
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

let sink = 0;
const results = [];
examples.forEach((payload, index) => {
  if (validateOrderCompleted(payload).length !== 0 || !ajvValidate(payload)) throw new Error("example " + index + " invalid");
  const generated = nsPerCall(() => (sink += validateOrderCompleted(payload).length), 2000000);
  const cached = nsPerCall(() => (sink += ajvValidate(payload) ? 1 : 0), 2000000);
  results.push({ example: index, generated_ns: +generated.toFixed(1), ajv_ns: +cached.toFixed(1), speedup: +(cached / generated).toFixed(2) });
});
const invalid = { ...examples[0], total: -1, currency: "XXX" };
const generatedInvalid = nsPerCall(() => (sink += validateOrderCompleted(invalid).length), 500000);
const ajvInvalid = nsPerCall(() => (sink += ajvValidate(invalid) ? 1 : 0), 500000);
results.push({ example: "invalid (2 violations)", generated_ns: +generatedInvalid.toFixed(1), ajv_ns: +ajvInvalid.toFixed(1), speedup: +(ajvInvalid / generatedInvalid).toFixed(2) });
process.stdout.write(JSON.stringify({ validate: results, sink }) + "\n");
