// quicktype-core (Typewriter's engine) generating TypeScript from the same per-event JSON
// Schemas. Usage: node quicktype.js <schemas.json: [{name, schema}]>
"use strict";
const fs = require("fs");
const { quicktype, InputData, JSONSchemaInput, FetchingJSONSchemaStore } = require("quicktype-core");

async function main() {
  const schemas = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const start = process.hrtime.bigint();
  const input = new JSONSchemaInput(new FetchingJSONSchemaStore());
  for (const { name, schema } of schemas) await input.addSource({ name, schema: JSON.stringify(schema) });
  const data = new InputData();
  data.addInput(input);
  const result = await quicktype({ inputData: data, lang: "typescript" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(
    JSON.stringify({ quicktype: { events: schemas.length, seconds: +seconds.toFixed(2), lines: result.lines.length, rss_mb: Math.round(process.memoryUsage().rss / 1048576) } }) + "\n",
  );
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
