// Prints the minified + gzipped size of the generated SDK entry (index.ts and the runtime it
// imports; the transport, recording client and adapters are separate modules), of the same
// code as an app bundles it, and of the entry plus the built-in transport. Usage: node size.js <sdk dir>
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

const sdk = size('export * from "./index.ts";');
// As an app ships it: every function used, none of the names kept, `validators` unused.
const source = require("fs").readFileSync(path.join(process.argv[2], "index.ts"), "utf8");
const used = [...source.matchAll(/^export (?:const|function) (track\w+|init|identify|group|page|screen)\b/gm)].map((m) => m[1]);
const app = size("import { " + used.join(", ") + ' } from "./index.ts"; export default [' + used.join(", ") + "];");
const withTransport = size('export * from "./index.ts"; export * from "./transport.ts";');
process.stdout.write(JSON.stringify({ sdk, app, withTransport, dir: path.basename(process.argv[2]) }));
