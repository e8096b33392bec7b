// Prints the minified + gzipped size (esbuild, gzip -9) of the generated SDK: `sdk` is every
// generated module but the vendor adapters (index.ts, runtime.ts, transport.ts,
// recording.ts), the figure the budget is about; `app` is what an app using every
// function with the built-in transport for any vendor (`createTransport`) bundles, and
// `app_segment` the same with the Segment-only transport (`segmentTransport`) — the recording
// client and `validators` left out by tree-shaking; then the parts (a part exported whole, so
// with its export names). Usage: node size.js <sdk dir>
const esbuild = require("esbuild");
const zlib = require("zlib");
const path = require("path");

function size(entry) {
  const out = esbuild.buildSync({
    stdin: { contents: entry, resolveDir: process.argv[2], loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2019",
    write: false,
  });
  const code = out.outputFiles[0].contents;
  return { min: code.length, gzip: zlib.gzipSync(code, { level: 9 }).length };
}

const source = require("fs").readFileSync(path.join(process.argv[2], "index.ts"), "utf8");
const used = [...source.matchAll(/^export (?:const|function) (track\w+|init|identify|group|page|screen)\b/gm)].map((m) => m[1]);
const app = (transport) =>
  size("import { " + used.join(", ") + ' } from "./index.ts"; import { ' + transport + ' } from "./transport.ts"; export default [' + transport + ", " + used.join(", ") + "];");
const sizes = {
  sdk: size('export * from "./index.ts"; export * from "./transport.ts"; export * from "./recording.ts";'),
  app: app("createTransport"),
  app_segment: app("segmentTransport"),
  index_and_runtime: size('export * from "./index.ts";'),
  runtime: size('export * from "./runtime.ts";'),
  transport: size('export * from "./transport.ts";'),
  transport_segment: size('export { segmentTransport } from "./transport.ts";'),
  recording: size('export * from "./recording.ts";'),
};
process.stdout.write(JSON.stringify({ ...sizes, dir: path.basename(process.argv[2]) }));
