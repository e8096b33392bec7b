// Prints the minified + gzipped size of the generated SDK entry (index.ts and the runtime it
// imports; the transport, recording client and adapters are separate modules) and of the
// entry plus the built-in transport. Usage: node size.js <sdk dir>
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
const withTransport = size('export * from "./index.ts"; export * from "./transport.ts";');
process.stdout.write(JSON.stringify({ sdk, withTransport, dir: path.basename(process.argv[2]) }));
