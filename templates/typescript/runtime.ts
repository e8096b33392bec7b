{% include "typescript/header.ts" %}
/* eslint-disable */
// Plan-independent runtime of the generated SDK: validation helpers the generated validators
// call, the validation policy, and the hand-off of envelopes to an AnalyticsClient.

/** One rule a payload breaks; the same shape and strings as every Trackplan runtime. */
export interface Violation {
  /** JSON path inside the validated object: `total`, `products[0].price`, `$`. */
  readonly path: string;
  /** The plan keyword of the rule: `required`, `type`, `minimum`… */
  readonly rule: string;
  /** What the rule expects, e.g. `>= 0`. */
  readonly expected: string;
  /** What the payload holds, e.g. `-1`. */
  readonly actual: string;
}

/** What happens to an event whose payload breaks the plan. */
export type ValidationPolicy = "disabled" | "track-on-invalid" | "skip-on-invalid" | "error-on-invalid";

/** Thrown under the `error-on-invalid` policy; carries every violation. */
export class ValidationError extends Error {
  /** The event (or call) whose payload is invalid. */
  declare readonly event: string;
  /** Every broken rule. */
  declare readonly violations: readonly Violation[];

  constructor(event: string, violations: readonly Violation[]) {
    super(event + " breaks the tracking plan: " + violations.map((v) => v.path + " " + v.rule + " expects " + v.expected + ", found " + v.actual).join("; "));
    // Assigned, not declared as fields: a field declaration costs a helper in every bundle.
    Object.assign(this, { name: "ValidationError", event, violations });
  }
}

/** Per-call settings of a track, identify, group, page or screen call. */
export interface TrackOptions {
  /** The signed-in user; defaults to the one given to `init`. */
  readonly userId?: string;
  /** The anonymous visitor; defaults to the one given to `init`, else one per client. */
  readonly anonymousId?: string;
  /** When it happened; defaults to now. */
  readonly timestamp?: Date | string;
  /** Deduplication id; defaults to a random UUID, kept across retries. */
  readonly messageId?: string;
  /** Extra context (locale, page, device…), passed through to the destination. */
  readonly context?: { readonly [key: string]: unknown };
}

/** Fields every envelope carries. */
export interface EnvelopeBase {
  readonly messageId: string;
  /** ISO 8601. */
  readonly timestamp: string;
  readonly userId?: string;
  readonly anonymousId?: string;
  readonly context?: { readonly [key: string]: unknown };
}

/** A validated call, ready for delivery. */
export type Envelope =
  | (EnvelopeBase & { readonly type: "track"; readonly event: string; readonly properties: Record<string, unknown> })
  | (EnvelopeBase & { readonly type: "identify"; readonly userId: string; readonly traits: Record<string, unknown> })
  | (EnvelopeBase & { readonly type: "group"; readonly groupId: string; readonly traits: Record<string, unknown> })
  | (EnvelopeBase & { readonly type: "page" | "screen"; readonly name?: string; readonly properties: Record<string, unknown> });

/** Where the generated functions hand envelopes: the built-in transport, a vendor SDK adapter
 * or a RecordingClient. `send` must not throw for delivery problems. */
export interface AnalyticsClient {
  send(envelope: Envelope): void;
  /** Deliver everything queued. */
  flush?(): Promise<void>;
}

/** Settings of `init`. */
export interface AnalyticsOptions<G> {
  /** Where envelopes go. */
  readonly client: AnalyticsClient;
  /** Properties sent with every track event; validated once, here. */
  readonly globals: G;
  /** Defaults to `error-on-invalid` when NODE_ENV is `test`, else `track-on-invalid`. */
  readonly policy?: ValidationPolicy;
  /** Told about every invalid payload that is not thrown; defaults to `console.warn`. */
  readonly onViolation?: (event: string, violations: readonly Violation[]) => void;
  /** Default user of every call. */
  readonly userId?: string;
  /** Default anonymous id of every call. */
  readonly anonymousId?: string;
}

/** A validator of one payload. */
export type Validate = (value: unknown) => readonly Violation[];

interface State {
  readonly client: AnalyticsClient;
  readonly globals: object;
  /** Whether events may be sent under skip-on-invalid: false when the globals are invalid. */
  readonly send: boolean;
  readonly policy: ValidationPolicy;
  readonly report: (event: string, violations: readonly Violation[]) => void;
  readonly userId?: string;
  readonly anonymousId?: string;
}

var state: State | undefined;

const host = globalThis as {
  process?: { env?: { NODE_ENV?: string } };
  console?: { warn(message: string): void };
  crypto?: { randomUUID?: () => string };
};

/** Applies the policy to a payload; true when it may be sent. */
function admit(policy: ValidationPolicy, report: State["report"], name: string, payload: unknown, check: Check): boolean {
  const found = policy === "disabled" ? NONE : validate(check, payload);
  if (!found.length) return true;
  if (policy === "error-on-invalid") throw new ValidationError(name, found);
  report(name, found);
  return policy !== "skip-on-invalid";
}

/** Starts the SDK (the generated `init` calls this); global properties are validated here. */
export function start(options: AnalyticsOptions<unknown>, checkGlobals: Check): void {
  const env = host.process && host.process.env;
  const policy = options.policy || (env && env.NODE_ENV === "test" ? "error-on-invalid" : "track-on-invalid");
  const report =
    options.onViolation ||
    ((event: string, violations: readonly Violation[]) => host.console && host.console.warn("[trackplan] " + new ValidationError(event, violations).message));
  const globals = (options.globals || {}) as object;
  state = {
    client: options.client,
    globals,
    send: admit(policy, report, "global properties", globals, checkGlobals),
    policy,
    report,
    userId: options.userId,
    anonymousId: options.anonymousId || (options.userId ? undefined : uuid()),
  };
}

let lastMs = NaN;
let lastIso = "";

/** The current time in ISO 8601, formatted once per millisecond: toISOString costs far more
 * than Date.now. */
function now(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

/** Validates a payload under the policy; when it may go, the fields of its envelope. */
function admitted(name: string, payload: object, check: Check, o: TrackOptions | undefined, withGlobals: boolean): EnvelopeBase | undefined {
  const s = state;
  if (!s) throw new Error("[trackplan] call init() before " + name);
  if (!admit(s.policy, s.report, name, payload, check) || (withGlobals && !s.send)) return undefined;
  const t = o && o.timestamp;
  const userId = (o && o.userId) || s.userId;
  // Absent fields stay undefined, which JSON leaves out.
  return {
    messageId: (o && o.messageId) || uuid(),
    timestamp: typeof t === "string" ? t : t ? t.toISOString() : now(),
    userId: userId || undefined,
    anonymousId: (o && o.anonymousId) || (userId ? undefined : s.anonymousId),
    context: (o && o.context) || undefined,
  };
}

/** Validates and sends a track event with the global properties merged in. */
function track(event: string, properties: object, check: Check, options?: TrackOptions): void {
  const b = admitted(event, properties, check, options, true);
  if (!b) return;
  const s = state as State;
  const merged: Record<string, unknown> = {};
  for (const key in s.globals) merged[key] = (s.globals as Rec)[key];
  for (const key in properties) merged[key] = (properties as Rec)[key];
  // Built field by field: object spread is slow on this hot path.
  s.client.send({
    type: "track",
    event,
    properties: merged,
    messageId: b.messageId,
    timestamp: b.timestamp,
    userId: b.userId,
    anonymousId: b.anonymousId,
    context: b.context,
  });
}

/** The track function of one event. */
export function tracker(event: string, check: Check): (properties?: object, options?: TrackOptions) => void {
  return (properties, options) => track(event, properties || {}, check, options);
}

/** Validates a call's payload and sends its envelope: the common fields, then `fields`. */
function call(type: Envelope["type"], payload: object, check: Check, options: TrackOptions | undefined, fields: object): void {
  const b = admitted(type, payload, check, options, false);
  if (b) (state as State).client.send({ ...b, type, ...fields } as Envelope);
}

/** Validates and sends an identify call. */
export function identify(userId: string, traits: object, check: Check, options?: TrackOptions): void {
  call("identify", traits, check, { ...options, userId }, { userId, traits: { ...traits } });
}

/** Validates and sends a group call. */
export function group(groupId: string, traits: object, check: Check, options?: TrackOptions): void {
  call("group", traits, check, options, { groupId, traits: { ...traits } });
}

/** Validates and sends a page or screen call. */
export function view(type: "page" | "screen", name: string | undefined, properties: object, check: Check, options?: TrackOptions): void {
  call(type, properties, check, options, { ...(name === undefined ? {} : { name }), properties: { ...properties } });
}

/** Delivers everything the client queued. */
export function flush(): Promise<void> {
  const c = state && state.client;
  return c && c.flush ? c.flush() : Promise.resolve();
}

/** A random (version 4) UUID; ids only need to be unique, so Math.random is an acceptable
 * fallback where crypto.randomUUID is missing (older React Native). */
export function uuid(): string {
  const c = host.crypto;
  return c && c.randomUUID
    ? c.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (d) => (+d ^ ((Math.random() * 16) >> (+d / 4))).toString(16));
}

// ---- validation helpers called by the generated check functions -----------------------
// A generated check function reads each property once, tests its presence inline and counts
// the present ones; a type guard (`isString(x, key)`…) tests the type, and each rule is a
// helper that tests inline and only builds a violation when broken (the key it reports at
// rides in a local of the caller, free until then). Guards and most rules are kept under
// V8's small-function inlining size (27 bytes of bytecode), so they are inlined whatever the
// number of properties. State is module-level (`var`, which needs no temporal-dead-zone
// check), so a valid payload allocates nothing.

/** An object being validated. */
export type Rec = { readonly [key: string]: unknown };
/** The check function of an object: reports into the current validation and returns the
 * number of declared properties present, for the undeclared-key check. */
export type Check = (v: Rec) => number;
type Key = string | number;

/** Keys and indexes from the payload down to the object or array being checked. */
var path: Key[] = [];
var found: Violation[] | undefined;
var NONE: readonly Violation[] = /* @__PURE__ */ Object.freeze([]);
var isInteger_ = Number.isInteger;
var isArray_ = Array.isArray;

/** The violations of a payload; a shared empty list when there are none. */
export function validate(check: Check, v: unknown): readonly Violation[] {
  found = undefined;
  if (path.length) path.length = 0; // left over by a getter that threw
  if (isRecord(v)) nest(v, check);
  else report("$", "type", "object", jsonType(v));
  const result = found || NONE;
  found = undefined;
  return result;
}

/** Every event's validator, by wire name. */
export function validators(checks: [string, Check][]): ReadonlyMap<string, Validate> {
  return new Map(checks.map(([event, check]) => [event, (v: unknown) => validate(check, v)]));
}

function isRecord(v: unknown): v is Rec {
  return typeof v === "object" && v !== null && !isArray_(v);
}

/** Checks an object's properties, then that it has no others: a key whose value is
 * `undefined` counts as absent, which the slow path sorts out. */
function nest(v: Rec, check: Check): void {
  let n = check(v);
  for (const _ in v) n--;
  if (n) undeclared(v, check);
}

/** Reports the keys of `v` that `check` does not read (it reads exactly the declared ones). */
function undeclared(v: Rec, check: Check): void {
  const declared: PropertyKey[] = [];
  const saved = found;
  found = undefined; // the dry run reports every required property missing
  const read = (_: object, k: PropertyKey): undefined => void declared.push(k);
  check(new Proxy({}, { get: read, getOwnPropertyDescriptor: read }));
  found = saved;
  // Own keys only: an enumerable key added to Object.prototype is not the payload's.
  for (const k in v) if (own(v, k) !== undefined && declared.indexOf(k) < 0) report(k, "additionalProperties", "no undeclared properties", "present");
}

function at(q: string, k: Key): string {
  return typeof k === "number"
    ? q + "[" + k + "]"
    : /^[A-Za-z_$][\w$]*$/.test(k)
      ? (q ? q + "." : "") + k
      : q + "[" + JSON.stringify(k) + "]";
}

function report(k: Key, rule: string, expected: string, actual: string): false {
  let q = "";
  for (let i = 0; i < path.length; i++) q = at(q, path[i]);
  (found || (found = [])).push({ path: at(q, k), rule, expected, actual });
  return false;
}

/** JSON type of a value; whole numbers are `integer`. */
function jsonType(v: unknown): string {
  return v === null ? "null" : isArray_(v) ? "array" : isInteger_(v) ? "integer" : typeof v;
}

/** Reports a value that is not of its type, an unexpected null, or a required property that
 * is absent; false. */
function wrongType(x: unknown, k: Key, type: string): false {
  return x === undefined ? report(k, "required", "present", "missing") : report(k, "type", type, jsonType(x));
}

/** `v[k]` when it is `v`'s own property: for the names `Object.prototype` has too. */
export function own(v: Rec, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined;
}

// Type guards: true when the value has the type, else reported (missing when undefined).

export function isString(x: unknown, k: Key): x is string {
  return typeof x === "string" || wrongType(x, k, "string");
}

export function isInteger(x: unknown, k: Key): x is number {
  return isInteger_(x) || wrongType(x, k, "integer");
}

export function isNumber(x: unknown, k: Key): x is number {
  return typeof x === "number" || wrongType(x, k, "number");
}

export function isBoolean(x: unknown, k: Key): x is boolean {
  return typeof x === "boolean" || wrongType(x, k, "boolean");
}

export function isArray(x: unknown, k: Key): x is readonly unknown[] {
  return isArray_(x) || wrongType(x, k, "array");
}

/** An object, checked by `check` inside its path entry. */
export function isObject(x: unknown, k: Key, check: Check): void {
  if (!isRecord(x)) return void wrongType(x, k, "object");
  path.push(k);
  nest(x, check);
  path.pop();
}

/** Enters an array, to check its items. */
export function enter(k: Key): void {
  path.push(k);
}

/** Leaves the array entered last. */
export function leave(): void {
  path.pop();
}

// Rules of a value of the right type, reported at `k`: the test inline, the report out of line.

/** Length in Unicode scalar values (a surrogate pair counts once). */
function scalars(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    const d = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c < 0xdc00 && d >= 0xdc00 && d < 0xe000) n--, i++;
  }
  return n;
}

/** Reports a string shorter than `min` scalar values (the caller saw fewer than `2 * min`
 * UTF-16 units). */
export function minLength(x: string, min: number, k: Key): void {
  const n = scalars(x);
  if (n < min) report(k, "minLength", "length >= " + min, "length " + n);
}

/** Reports a string longer than `max` scalar values (the caller saw more than `max` UTF-16
 * units). */
export function maxLength(x: string, max: number, k: Key): void {
  const n = scalars(x);
  if (n > max) report(k, "maxLength", "length <= " + max, "length " + n);
}

/** A string that does not match its pattern (as written in the plan). */
export function pattern(x: string, source: string, k: Key): void {
  report(k, "pattern", source, JSON.stringify(x));
}

/** Reports a value not among the allowed ones (the caller tested it). */
export function notOneOf(x: unknown, values: readonly unknown[], k: Key): void {
  report(k, "enum", JSON.stringify(values), JSON.stringify(x));
}

// Reports of a number outside a bound (the caller tested it).

export function minimum(x: number, b: number, k: Key): void {
  report(k, "minimum", ">= " + b, String(x));
}

export function exclusiveMinimum(x: number, b: number, k: Key): void {
  report(k, "exclusiveMinimum", "> " + b, String(x));
}

export function maximum(x: number, b: number, k: Key): void {
  report(k, "maximum", "<= " + b, String(x));
}

export function exclusiveMaximum(x: number, b: number, k: Key): void {
  report(k, "exclusiveMaximum", "< " + b, String(x));
}

/** Reports an item count outside a bound: 0 minimum, 1 maximum. */
function items(x: readonly unknown[], bound: number, kind: number, k: Key): void {
  report(k, kind ? "maxItems" : "minItems", (kind ? "items <= " : "items >= ") + bound, "items " + x.length);
}

export function minItems(x: readonly unknown[], min: number, k: Key): void {
  if (x.length < min) items(x, min, 0, k);
}

export function maxItems(x: readonly unknown[], max: number, k: Key): void {
  if (x.length > max) items(x, max, 1, k);
}

/** Reports the first item equal (as JSON) to an earlier one. */
export function uniqueItems(x: readonly unknown[], k: Key): void {
  for (let j = 1; j < x.length; j++) {
    for (let i = 0; i < j; i++) {
      if (same(x[i], x[j])) return void report(k, "uniqueItems", "unique items", "duplicate at [" + j + "]");
    }
  }
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (isArray_(a) || isArray_(b)) {
    if (!isArray_(a) || !isArray_(b) || a.length !== b.length) return false;
    return a.every((x, i) => same(x, b[i]));
  }
  const x = a as Rec;
  const y = b as Rec;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => k in y && same(x[k], y[k]));
}

// ---- formats, exactly as crates/plan-model/src/formats.rs ------------------------------

/** Reports a string not in its format. */
function badFormat(x: string, name: string, k: Key): void {
  report(k, "format", name, JSON.stringify(x));
}

// Rust's char::is_whitespace and char::is_control; some differ from ECMAScript's `\s`.
const BLANK = "\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
// Regular expressions: V8 compiles them to machine code, faster than a loop over charCodeAt
// (`var`, like the validation state: no temporal-dead-zone check in the inlined callers).
var EMAIL = /* @__PURE__ */ new RegExp("^[^@" + BLANK + "]+@(?!\\.)(?!.*\\.\\.)[^@" + BLANK + "]*[^@." + BLANK + "]$");
var URI = /* @__PURE__ */ new RegExp("^[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|\\\\^`" + BLANK + "]+$");
var UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
var DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
var TIME = /^[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** YYYY-MM-DD with a day that exists. */
function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days;
}

/** `date`: YYYY-MM-DD with a day that exists. */
export function formatDate(x: string, k: Key): void {
  if (!isDate(x)) badFormat(x, "date", k);
}

/** `date-time`: RFC 3339. */
export function formatDateTime(x: string, k: Key): void {
  const m = TIME.exec(x.slice(10));
  const ok = !!m && isDate(x.slice(0, 10)) && +m[1] <= 23 && +m[2] <= 59 && +m[3] <= 60 && (!m[6] || (+m[6] <= 23 && +m[7] <= 59));
  if (!ok) badFormat(x, "date-time", k);
}

/** `email`: one `@`, non-empty local part, dotted domain, no spaces. */
export function formatEmail(x: string, k: Key): void {
  if (!EMAIL.test(x)) badFormat(x, "email", k);
}

/** `uri`: a scheme (a letter, then letters, digits, `+`, `-`, `.`), a colon and at least one
 * more character; no blank, control or `<>"{}|\^`` ` character anywhere. */
export function formatUri(x: string, k: Key): void {
  if (!URI.test(x)) badFormat(x, "uri", k);
}

/** `uuid`: hyphenated 8-4-4-4-12 hexadecimal digits. */
export function formatUuid(x: string, k: Key): void {
  if (!UUID.test(x)) badFormat(x, "uuid", k);
}
