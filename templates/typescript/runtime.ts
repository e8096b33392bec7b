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
  readonly event: string;
  /** Every broken rule. */
  readonly violations: readonly Violation[];

  constructor(event: string, violations: readonly Violation[]) {
    super(event + " breaks the tracking plan: " + violations.map((v) => v.path + " " + v.rule + " expects " + v.expected + ", found " + v.actual).join("; "));
    this.name = "ValidationError";
    this.event = event;
    this.violations = violations;
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

let state: State | undefined;

const host = globalThis as {
  process?: { env?: { NODE_ENV?: string } };
  console?: { warn(message: string): void };
  crypto?: { randomUUID?: () => string };
};

/** Applies the policy to a payload; true when it may be sent. */
function admit(policy: ValidationPolicy, report: State["report"], name: string, payload: unknown, validate: Validate): boolean {
  const found = policy === "disabled" ? [] : validate(payload);
  if (!found.length) return true;
  if (policy === "error-on-invalid") throw new ValidationError(name, found);
  report(name, found);
  return policy !== "skip-on-invalid";
}

/** Starts the SDK (the generated `init` calls this); global properties are validated here. */
export function start(options: AnalyticsOptions<unknown>, validateGlobals: Validate): void {
  const env = host.process && host.process.env;
  const policy = options.policy || (env && env.NODE_ENV === "test" ? "error-on-invalid" : "track-on-invalid");
  const report =
    options.onViolation ||
    ((event: string, violations: readonly Violation[]) => host.console && host.console.warn("[trackplan] " + new ValidationError(event, violations).message));
  const globals = (options.globals || {}) as object;
  state = {
    client: options.client,
    globals,
    send: admit(policy, report, "global properties", globals, validateGlobals),
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
function admitted(name: string, payload: object, validate: Validate, o: TrackOptions | undefined, withGlobals: boolean): EnvelopeBase | undefined {
  const s = state;
  if (!s) throw new Error("[trackplan] call init() before " + name);
  if (!admit(s.policy, s.report, name, payload, validate) || (withGlobals && !s.send)) return undefined;
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
export function track(event: string, properties: object, validate: Validate, options?: TrackOptions): void {
  const b = admitted(event, properties, validate, options, true);
  if (!b) return;
  const s = state as State;
  const merged: Record<string, unknown> = {};
  for (const key in s.globals) merged[key] = (s.globals as Record<string, unknown>)[key];
  for (const key in properties) merged[key] = (properties as Record<string, unknown>)[key];
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
export function tracker(event: string, validate: Validate): (properties?: object, options?: TrackOptions) => void {
  return (properties, options) => track(event, properties || {}, validate, options);
}

/** Validates and sends an identify call. */
export function identify(userId: string, traits: object, validate: Validate, options?: TrackOptions): void {
  const b = admitted("identify", traits, validate, { ...options, userId }, false);
  if (b) (state as State).client.send({ ...b, type: "identify", userId, traits: { ...traits } });
}

/** Validates and sends a group call. */
export function group(groupId: string, traits: object, validate: Validate, options?: TrackOptions): void {
  const b = admitted("group", traits, validate, options, false);
  if (b) (state as State).client.send({ ...b, type: "group", groupId, traits: { ...traits } });
}

/** Validates and sends a page or screen call. */
export function view(type: "page" | "screen", name: string | undefined, properties: object, validate: Validate, options?: TrackOptions): void {
  const b = admitted(type, properties, validate, options, false);
  if (b) (state as State).client.send({ ...b, type, ...(name === undefined ? {} : { name }), properties: { ...properties } });
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

// ---- validation helpers called by the generated validators ----------------------------
// A generated check function reads each property once, tests it inline and counts the
// present ones; only a broken rule calls one of the helpers below, which builds the
// violation. Violations collect in `found` and paths in `path` (keys and indexes of the
// objects being checked), both module-level, so a valid payload allocates nothing.

/** An object being validated. */
export type Rec = { readonly [key: string]: unknown };
/** The check function of an object: reports into the current validation. */
export type Check = (v: Rec) => void;

/** Keys and indexes from the payload down to the object being checked. */
export const path: (string | number)[] = [];
let found: Violation[] | undefined;
const NONE: readonly Violation[] = /* @__PURE__ */ Object.freeze([]);

/** Starts validating a payload: true when it is an object, to be checked by the event's
 * generated function (called directly by each validator, so V8 can inline it). */
export function begin(v: unknown): v is Rec {
  found = undefined;
  if (path.length) path.length = 0; // left over by a getter that threw
  return typeof v === "object" && v !== null && !Array.isArray(v) ? true : (report("$", "type", "object", jsonType(v)), false);
}

/** Ends a validation: the violations found, a shared empty list when there are none. */
export function end(): readonly Violation[] {
  const result = found || NONE;
  found = undefined;
  return result;
}

/** Checks that `v` has no keys besides the `n` declared ones found present: a key whose
 * value is `undefined` counts as absent, which the slow path sorts out. */
export function closed(v: Rec, n: number, check: Check): void {
  for (const _ in v) n--;
  if (n) undeclared(v, check);
}

/** Reports the keys of `v` that `check` does not read (it reads exactly the declared ones). */
function undeclared(v: Rec, check: Check): void {
  const declared: PropertyKey[] = [];
  const saved = found;
  found = undefined; // the dry run reports every required property missing
  check(new Proxy({}, { get: (_, key) => void declared.push(key) }));
  found = saved;
  for (const key in v) if (v[key] !== undefined && declared.indexOf(key) < 0) report(key, "additionalProperties", "no undeclared properties", "present");
}

function at(q: string, k: string | number): string {
  return typeof k === "number"
    ? q + "[" + k + "]"
    : /^[A-Za-z_$][\w$]*$/.test(k)
      ? (q ? q + "." : "") + k
      : q + "[" + JSON.stringify(k) + "]";
}

function report(k: string | number, rule: string, expected: string, actual: string): void {
  let q = "";
  for (let i = 0; i < path.length; i++) q = at(q, path[i]);
  (found || (found = [])).push({ path: at(q, k), rule, expected, actual });
}

/** JSON type of a value; whole numbers are `integer`. */
function jsonType(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "number" && Number.isInteger(v) ? "integer" : typeof v;
}

/** A required property is absent. */
export function missing(k: string): void {
  report(k, "required", "present", "missing");
}

/** Reports a value that is not of its type (or an unexpected null); false. */
function wrongType(k: string | number, x: unknown, type: string): false {
  report(k, "type", type, jsonType(x));
  return false;
}

// Type guards the generated checks call: true when `x` has the type, else reported.

export function isString(k: string | number, x: unknown): x is string {
  return typeof x === "string" || wrongType(k, x, "string");
}

export function isInteger(k: string | number, x: unknown): x is number {
  return (typeof x === "number" && Number.isInteger(x)) || wrongType(k, x, "integer");
}

export function isNumber(k: string | number, x: unknown): x is number {
  return typeof x === "number" || wrongType(k, x, "number");
}

export function isBoolean(k: string | number, x: unknown): x is boolean {
  return typeof x === "boolean" || wrongType(k, x, "boolean");
}

export function isArray(k: string | number, x: unknown): x is unknown[] {
  return Array.isArray(x) || wrongType(k, x, "array");
}

export function isObject(k: string | number, x: unknown): x is Rec {
  return (typeof x === "object" && x !== null && !Array.isArray(x)) || wrongType(k, x, "object");
}

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

/** A string that may be shorter than `min` scalar values. */
export function minLength(k: string | number, x: string, min: number): void {
  const n = scalars(x);
  if (n < min) report(k, "minLength", "length >= " + min, "length " + n);
}

/** A string that may be longer than `max` scalar values. */
export function maxLength(k: string | number, x: string, max: number): void {
  const n = scalars(x);
  if (n > max) report(k, "maxLength", "length <= " + max, "length " + n);
}

/** A string that does not match its pattern (as written in the plan). */
export function pattern(k: string | number, x: string, source: string): void {
  report(k, "pattern", source, JSON.stringify(x));
}

/** A string not in its format. */
export function format(k: string | number, x: string, name: string): void {
  report(k, "format", name, JSON.stringify(x));
}

/** A value not among the allowed ones. */
export function notOneOf(k: string | number, x: string | number, values: readonly unknown[]): void {
  report(k, "enum", JSON.stringify(values), JSON.stringify(x));
}

const BOUNDS = ["minimum", ">= ", "exclusiveMinimum", "> ", "maximum", "<= ", "exclusiveMaximum", "< "];

/** A number outside a bound: 0 minimum, 1 exclusive minimum, 2 maximum, 3 exclusive maximum. */
export function bound(k: string | number, x: number, kind: number, limit: number): void {
  report(k, BOUNDS[2 * kind], BOUNDS[2 * kind + 1] + limit, String(x));
}

/** An array with fewer than `min` items. */
export function minItems(k: string | number, x: readonly unknown[], min: number): void {
  report(k, "minItems", "items >= " + min, "items " + x.length);
}

/** An array with more than `max` items. */
export function maxItems(k: string | number, x: readonly unknown[], max: number): void {
  report(k, "maxItems", "items <= " + max, "items " + x.length);
}

/** Reports the first item equal (as JSON) to an earlier one. */
export function unique(k: string | number, x: readonly unknown[]): void {
  for (let j = 1; j < x.length; j++) {
    for (let i = 0; i < j; i++) {
      if (same(x[i], x[j])) return report(k, "uniqueItems", "unique items", "duplicate at [" + j + "]");
    }
  }
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => same(x, b[i]));
  }
  const x = a as Rec;
  const y = b as Rec;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((key) => key in y && same(x[key], y[key]));
}

// ---- formats, exactly as crates/plan-model/src/formats.rs ------------------------------

// Rust's char::is_whitespace and char::is_control; some differ from ECMAScript's `\s`.
const BLANK = "\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const EMAIL = /* @__PURE__ */ new RegExp("^[^@" + BLANK + "]+@(?!\\.)(?!.*\\.\\.)[^@" + BLANK + "]*[^@." + BLANK + "]$");
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** `date`: YYYY-MM-DD with a day that exists. */
export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days;
}

/** `date-time`: RFC 3339. */
export function isDateTime(s: string): boolean {
  const m = TIME.exec(s.slice(10));
  return !!m && isDate(s.slice(0, 10)) && +m[1] <= 23 && +m[2] <= 59 && +m[3] <= 60 && (!m[6] || (+m[6] <= 23 && +m[7] <= 59));
}

/** `email`: one `@`, non-empty local part, dotted domain, no spaces. */
export function isEmail(s: string): boolean {
  return EMAIL.test(s);
}

// Regular expressions: V8 compiles them to machine code, faster than a loop over charCodeAt.
const URI = /* @__PURE__ */ new RegExp("^[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|\\\\^`" + BLANK + "]+$");
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** `uri`: a scheme (a letter, then letters, digits, `+`, `-`, `.`), a colon and at least one
 * more character; no blank, control or `<>"{}|\^`` ` character anywhere. */
export function isUri(s: string): boolean {
  return URI.test(s);
}

/** `uuid`: hyphenated 8-4-4-4-12 hexadecimal digits. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}
