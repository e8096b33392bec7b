// trackOrderCompleted() through the built-in transport (build, validate, serialise, enqueue)
// vs @segment/analytics-node's track() with a no-op HTTP client, same run.
// Usage: node track.js <dir with build/ and examples.json>
"use strict";
const path = require("path");
const { nsPerCall } = require("./common.js");
const dir = process.argv[2];
const sdk = require(path.join(dir, "build/sdk/index.js"));
const { createTransport } = require(path.join(dir, "build/sdk/transport.js"));
const { Analytics } = require("@segment/analytics-node");

const order = require(path.join(dir, "examples.json"))[0];
const globals = { app_version: "5.12.0", platform: "web", locale: "en-US" };
const ok = async () => ({ status: 200, headers: { get: () => null }, text: async () => "" });

async function main() {
  const transport = createTransport({ vendor: "segment", key: "k", flushInterval: 0, batchSize: 1e9, maxQueue: 1e9, fetch: ok });
  sdk.init({ client: transport, globals, policy: "track-on-invalid" });
  const queue = () => transport.queue; // the private queue, emptied between rounds
  const ours = nsPerCall((i) => {
    sdk.trackOrderCompleted(order, { userId: "user-1" });
    if (i % 10000 === 9999) queue().length = 0;
  }, 200000);
  queue().length = 0;
  // Calls plus delivering them (to a fetch that answers 200 at once), per event.
  const n = 50000;
  const flushStart = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sdk.trackOrderCompleted(order, { userId: "user-1" });
  await transport.flush();
  const oursWithFlush = Number(process.hrtime.bigint() - flushStart) / n;

  const noop = { makeRequest: async () => ({ status: 200, statusText: "OK", headers: {}, text: async () => "" }) };
  const segment = new Analytics({ writeKey: "k", httpClient: noop, maxEventsInBatch: 15, flushInterval: 600000 });
  const properties = { ...globals, ...order };
  const m = 20000;
  let best = Infinity;
  let callsOnly = Infinity;
  for (let round = 0; round < 4; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < m; i++) segment.track({ userId: "user-1", event: "Order Completed", properties });
    const called = process.hrtime.bigint();
    await segment.flush();
    const end = process.hrtime.bigint();
    if (round > 0) {
      best = Math.min(best, Number(end - start) / m);
      callsOnly = Math.min(callsOnly, Number(called - start) / m);
    }
  }
  await segment.closeAndFlush();
  process.stdout.write(
    JSON.stringify({
      track: {
        builtin_call_ns: +ours.toFixed(0),
        builtin_call_and_delivery_ns: +oursWithFlush.toFixed(0),
        segment_node_call_ns: +callsOnly.toFixed(0),
        segment_node_call_and_delivery_ns: +best.toFixed(0),
        speedup: +(best / ours).toFixed(1),
      },
    }) + "\n",
  );
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
