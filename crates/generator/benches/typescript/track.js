// trackOrderCompleted() through the built-in transport (build, validate, serialise, enqueue)
// vs @segment/analytics-node's track() with a no-op HTTP client, same run. The machine is
// shared, so the two sides run in interleaved rounds and the report gives each side's median
// (and range) over the rounds, and the ratio of the medians.
// Usage: node track.js <dir with build/ and examples.json>
"use strict";
const path = require("path");
const dir = process.argv[2];
const sdk = require(path.join(dir, "build/sdk/index.js"));
const { createTransport } = require(path.join(dir, "build/sdk/transport.js"));
const { Analytics } = require("@segment/analytics-node");

const examples = require(path.join(dir, "examples.json"));
const globals = { app_version: "5.12.0", platform: "web", locale: "en-US" };
const ok = async () => ({ status: 200, headers: { get: () => null }, text: async () => "" });
const ROUNDS = 9;

function ns(start, n) {
  return Number(process.hrtime.bigint() - start) / n;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function summary(values) {
  return { median: Math.round(median(values)), min: Math.round(Math.min(...values)), max: Math.round(Math.max(...values)) };
}

async function measure(order) {
  const transport = createTransport({ vendor: "segment", key: "k", flushInterval: 0, batchSize: 1e9, maxQueue: 1e9, fetch: ok });
  sdk.init({ client: transport, globals, policy: "track-on-invalid" });
  const noop = { makeRequest: async () => ({ status: 200, statusText: "OK", headers: {}, text: async () => "" }) };
  const segment = new Analytics({ writeKey: "k", httpClient: noop, maxEventsInBatch: 15, flushInterval: 600000 });
  const properties = { ...globals, ...order };
  const options = { userId: "user-1" };
  const sides = { ours: [], oursWithDelivery: [], segment: [], segmentCallOnly: [] };
  for (let round = 0; round <= ROUNDS; round++) {
    // Calls only: the queue is flushed (to a fetch that answers at once) between batches of
    // calls, outside the timing.
    let total = 0;
    for (let batch = 0; batch < 4; batch++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 5000; i++) sdk.trackOrderCompleted(order, options);
      total += ns(start, 5000);
      await transport.flush();
    }
    const ours = total / 4;
    // Calls and delivery to a fetch that answers 200 at once.
    let start = process.hrtime.bigint();
    for (let i = 0; i < 10000; i++) sdk.trackOrderCompleted(order, options);
    await transport.flush();
    const oursWithDelivery = ns(start, 10000);
    start = process.hrtime.bigint();
    for (let i = 0; i < 10000; i++) segment.track({ userId: "user-1", event: "Order Completed", properties });
    const segmentCallOnly = ns(start, 10000);
    await segment.flush();
    const segmentWithDelivery = ns(start, 10000);
    if (round === 0) continue; // warm-up
    sides.ours.push(ours);
    sides.oursWithDelivery.push(oursWithDelivery);
    sides.segment.push(segmentWithDelivery);
    sides.segmentCallOnly.push(segmentCallOnly);
  }
  await segment.closeAndFlush();
  await transport.close();
  return {
    rounds: ROUNDS,
    builtin_call_ns: summary(sides.ours),
    builtin_call_and_delivery_ns: summary(sides.oursWithDelivery),
    segment_node_call_ns: summary(sides.segmentCallOnly),
    segment_node_call_and_delivery_ns: summary(sides.segment),
    // Segment's track() defers serialisation to its flush; ours serialises in the call.
    speedup_call_vs_segment_call_and_delivery: +(median(sides.segment) / median(sides.ours)).toFixed(1),
    speedup_both_with_delivery: +(median(sides.segment) / median(sides.oursWithDelivery)).toFixed(1),
  };
}

async function main() {
  const track = [];
  for (const [index, order] of examples.entries()) track.push({ example: index, ...(await measure(order)) });
  process.stdout.write(JSON.stringify({ track }) + "\n");
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
