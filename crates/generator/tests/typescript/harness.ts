// Behaviour harness for the generated e-commerce SDK, compiled with tsc --strict together with
// it and run under Node by tests/typescript.rs. Modes:
//   deliver <client> <base url> <cases.json>  fire every case through one client, then flush
//   vectors <vectors.json> [edge]             print the generated validators' verdicts (of the
//                                             e-commerce SDK, or of the edge plan's)
//   policies                                  check every validation policy (asserts)
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { Analytics } from "@segment/analytics-node";
import { createInstance } from "@amplitude/analytics-node";
import * as sdk from "./sdk/index.js";
import * as edge from "./edge/index.js";
import { amplitudeTransport, createTransport, mixpanelTransport, segmentTransport, type Vendor } from "./sdk/transport.js";
import { RecordingClient } from "./sdk/recording.js";
import { segmentNode } from "./sdk/adapters/segment.js";
import { amplitude } from "./sdk/adapters/amplitude.js";

interface Cases {
  globals: sdk.GlobalProperties;
  userId: string;
  events: { function: string; payload: unknown; messageId: string; timestamp: string }[];
}

type Fire = (properties: unknown, options: sdk.TrackOptions) => void;

async function client(kind: string, url: string): Promise<sdk.AnalyticsClient> {
  if (kind === "segment-node") {
    return segmentNode(new Analytics({ writeKey: "test-write-key", host: url, maxEventsInBatch: 100, flushInterval: 600000 }));
  }
  if (kind === "amplitude-node") {
    const instance = createInstance();
    await instance.init("test-api-key", { serverUrl: url + "/2/httpapi", flushQueueSize: 1000, flushIntervalMillis: 600000, logLevel: 0 }).promise;
    return amplitude(instance);
  }
  // `any-<vendor>`: the transport of every vendor, told which; `<vendor>`: that vendor's only.
  const vendor = kind.replace(/^any-/, "") as Vendor;
  const key = vendor === "segment" ? "test-write-key" : vendor === "amplitude" ? "test-api-key" : "test-project-token";
  const create =
    kind !== vendor
      ? createTransport
      : { segment: segmentTransport, amplitude: amplitudeTransport, mixpanel: mixpanelTransport }[vendor];
  return create({
    vendor,
    key,
    endpoint: url,
    flushInterval: 0,
    backoffBase: 50,
    backoffCap: 2000,
    onError: (error) => {
      console.error("delivery failed: " + error.message);
      process.exitCode = 3;
    },
  });
}

async function deliver(kind: string, url: string, file: string): Promise<void> {
  const cases = JSON.parse(fs.readFileSync(file, "utf8")) as Cases;
  sdk.init({ client: await client(kind, url), globals: cases.globals, policy: "error-on-invalid" });
  const functions = sdk as unknown as Record<string, Fire>;
  for (const c of cases.events) {
    functions[c.function](c.payload, { userId: cases.userId, messageId: c.messageId, timestamp: c.timestamp });
  }
  await sdk.flush();
}

function vectors(file: string, which: string | undefined): void {
  const vectors = JSON.parse(fs.readFileSync(file, "utf8")) as { cases: { event: string; payload: unknown }[] };
  const validators = which === "edge" ? edge.validators : sdk.validators;
  const verdicts = vectors.cases.map((c) => {
    const validate = validators.get(c.event);
    if (!validate) throw new Error("no validator for " + c.event);
    return validate(c.payload);
  });
  process.stdout.write(JSON.stringify(verdicts));
}

const globals: sdk.GlobalProperties = { app_version: "5.12.0", platform: "web" };
const order: sdk.OrderCompleted = { order_id: "ORD-004218", total: 14.9, currency: "USD", products: [{ product_id: "p-1", quantity: 1 }] };
const badOrder = { ...order, total: -1, currency: "XXX" } as unknown as sdk.OrderCompleted;

function withPolicy(policy: sdk.ValidationPolicy | undefined, g: sdk.GlobalProperties = globals) {
  const recording = new RecordingClient();
  const reported: { event: string; violations: readonly sdk.Violation[] }[] = [];
  sdk.init({ client: recording, globals: g, policy, onViolation: (event, violations) => reported.push({ event, violations }) });
  return { recording, reported };
}

function policies(): void {
  const expected = [
    { path: "currency", rule: "enum", expected: JSON.stringify(sdk.Currency), actual: '"XXX"' },
    { path: "total", rule: "minimum", expected: ">= 0", actual: "-1" },
  ];
  const sorted = (v: readonly sdk.Violation[]) => [...v].sort((a, b) => (a.path + a.rule < b.path + b.rule ? -1 : 1));

  let r = withPolicy("disabled");
  sdk.trackOrderCompleted(badOrder);
  assert.equal(r.recording.tracked("Order Completed").length, 1);
  assert.equal(r.reported.length, 0);

  r = withPolicy("track-on-invalid");
  sdk.trackOrderCompleted(badOrder);
  r.recording.expectTracked("Order Completed", 1);
  assert.deepEqual(r.reported.map((x) => x.event), ["Order Completed"]);
  assert.deepEqual(sorted(r.reported[0].violations), expected);

  r = withPolicy("skip-on-invalid");
  sdk.trackOrderCompleted(badOrder);
  r.recording.expectNothingTracked();
  assert.deepEqual(sorted(r.reported[0].violations), expected);
  sdk.trackOrderCompleted(order);
  r.recording.expectProperties("Order Completed", { ...globals, ...order });

  r = withPolicy("error-on-invalid");
  assert.throws(
    () => sdk.trackOrderCompleted(badOrder),
    (e: unknown) => e instanceof sdk.ValidationError && e.event === "Order Completed" && JSON.stringify(sorted(e.violations)) === JSON.stringify(expected),
  );
  r.recording.expectNothingTracked();

  // The default follows NODE_ENV.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = "test";
  r = withPolicy(undefined);
  assert.throws(() => sdk.trackOrderCompleted(badOrder), sdk.ValidationError);
  process.env.NODE_ENV = "production";
  r = withPolicy(undefined);
  sdk.trackOrderCompleted(badOrder);
  r.recording.expectTracked("Order Completed", 1);
  assert.equal(r.reported.length, 1);
  process.env.NODE_ENV = env;

  // Global properties: validated once at init, separately, merged into every track event.
  const badGlobals = { app_version: "five", platform: "web", extra: 1 } as unknown as sdk.GlobalProperties;
  assert.throws(
    () => withPolicy("error-on-invalid", badGlobals),
    (e: unknown) =>
      e instanceof sdk.ValidationError &&
      JSON.stringify(sorted(e.violations).map((v) => v.path + ":" + v.rule)) === '["app_version:pattern","extra:additionalProperties"]',
  );
  r = withPolicy("track-on-invalid", badGlobals);
  assert.deepEqual(r.reported.map((x) => x.event), ["global properties"]);
  sdk.trackOrderCompleted(order);
  r.recording.expectProperties("Order Completed", { ...badGlobals, ...order });
  r = withPolicy("skip-on-invalid", badGlobals);
  sdk.trackOrderCompleted(order);
  r.recording.expectNothingTracked();

  // Identify, group and page are validated with the same policy and never get globals.
  r = withPolicy("error-on-invalid");
  assert.throws(() => sdk.identify("user-1", { email: "not an email" }), sdk.ValidationError);
  sdk.identify("user-1", { email: "ada@example.com" });
  const identify = r.recording.envelopes[0];
  assert.ok(identify.type === "identify" && identify.userId === "user-1");
  assert.deepEqual(identify.type === "identify" && identify.traits, { email: "ada@example.com" });

  // A payload mutated after the call cannot change what was recorded.
  const mutable = { ...order };
  sdk.trackOrderCompleted(mutable);
  (mutable as { total: number }).total = 99;
  assert.equal(r.recording.expectTracked("Order Completed").properties.total, 14.9);

  // Validators: a valid payload gets the shared, frozen empty list; a getter that throws
  // half-way through a nested object leaves no stale path behind for the next payload.
  const validate = sdk.validators.get("Order Completed");
  if (!validate) throw new Error("no validator for Order Completed");
  const none = validate(order);
  assert.equal(none.length, 0);
  assert.strictEqual(validate(order), none);
  assert.ok(Object.isFrozen(none));
  const throwing = { ...order, products: [{ product_id: "p-1", get quantity(): number { throw new Error("getter"); } }] };
  assert.throws(() => validate(throwing), /getter/);
  assert.deepEqual(validate({ ...order, products: [{ product_id: "p-1", quantity: 0 }] }), [
    { path: "products[0].quantity", rule: "minimum", expected: ">= 1", actual: "0" },
  ]);

  // An enumerable key added to Object.prototype is not one of the payload's keys.
  const prototype = Object.prototype as Record<string, unknown>;
  prototype.polluted = 1;
  try {
    assert.deepEqual(validate({ ...order }), []);
  } finally {
    delete prototype.polluted;
  }

  // Recording client assertions fail with readable messages.
  assert.throws(() => r.recording.expectTracked("Nope"), /expected "Nope" to be tracked/);
  process.stdout.write("ok");
}

async function main(): Promise<void> {
  const [mode, a, b, c] = process.argv.slice(2);
  if (mode === "deliver") await deliver(a, b, c);
  else if (mode === "vectors") vectors(a, b);
  else if (mode === "policies") policies();
  else throw new Error("unknown mode " + mode);
}

// Vendor SDKs keep flush timers alive; everything was flushed, so leave now.
main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
