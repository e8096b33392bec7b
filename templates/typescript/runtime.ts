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
export type Validate = (value: unknown) => Violation[];

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

/** Validates a payload under the policy and, when it may go, sends the envelope built from it. */
function emit(
  name: string,
  payload: object,
  validate: Validate,
  o: TrackOptions | undefined,
  withGlobals: boolean,
  build: (base: EnvelopeBase, globals: object) => Envelope,
): void {
  const s = state;
  if (!s) throw new Error("[trackplan] call init() before " + name);
  if (!admit(s.policy, s.report, name, payload, validate) || (withGlobals && !s.send)) return;
  const t = o && o.timestamp;
  const userId = (o && o.userId) || s.userId;
  // Built field by field: object spread is slow on this hot path. Absent fields stay
  // undefined, which JSON leaves out.
  s.client.send(
    build(
      {
        messageId: (o && o.messageId) || uuid(),
        timestamp: typeof t === "string" ? t : (t || new Date()).toISOString(),
        userId: userId || undefined,
        anonymousId: (o && o.anonymousId) || (userId ? undefined : s.anonymousId),
        context: (o && o.context) || undefined,
      },
      s.globals,
    ),
  );
}

/** Validates and sends a track event with the global properties merged in. */
export function track(event: string, properties: object, validate: Validate, options?: TrackOptions): void {
  emit(event, properties, validate, options, true, (b, globals) => {
    const merged: Record<string, unknown> = {};
    for (const key in globals) merged[key] = (globals as Record<string, unknown>)[key];
    for (const key in properties) merged[key] = (properties as Record<string, unknown>)[key];
    return {
      type: "track",
      event,
      properties: merged,
      messageId: b.messageId,
      timestamp: b.timestamp,
      userId: b.userId,
      anonymousId: b.anonymousId,
      context: b.context,
    };
  });
}

/** The track function of one event. */
export function tracker(event: string, validate: Validate): (properties?: object, options?: TrackOptions) => void {
  return (properties, options) => track(event, properties || {}, validate, options);
}

/** Validates and sends an identify call. */
export function identify(userId: string, traits: object, validate: Validate, options?: TrackOptions): void {
  emit("identify", traits, validate, { ...options, userId }, false, (b) => ({ ...b, type: "identify", userId, traits: { ...traits } }));
}

/** Validates and sends a group call. */
export function group(groupId: string, traits: object, validate: Validate, options?: TrackOptions): void {
  emit("group", traits, validate, options, false, (b) => ({ ...b, type: "group", groupId, traits: { ...traits } }));
}

/** Validates and sends a page or screen call. */
export function view(type: "page" | "screen", name: string | undefined, properties: object, validate: Validate, options?: TrackOptions): void {
  emit(type, properties, validate, options, false, (b) => ({ ...b, type, ...(name === undefined ? {} : { name }), properties: { ...properties } }));
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
// A checker gets the value `x` (read at the call site, where the key is a constant and the
// load stays monomorphic), the output, the container's path `q`, the key or index `k` and
// flags, and returns 1 when the value is present, so that object bodies can spot undeclared
// keys by counting. Paths are only built when a violation is reported:
// a valid payload allocates little more than its result array.

/** Violations found so far. */
export type Out = Violation[];
/** An object or array being validated. */
export type Rec = { readonly [key: string]: unknown };
/** The checks of an object's declared properties; returns how many are present. */
export type Body = (v: Rec, o: Out, q: string) => number;
/** A checker of the value `x` at key or index `k`. */
export type Check = (x: unknown, o: Out, q: string, k: string | number, f: number) => number;

/** Flag: the property is required. */
const REQUIRED = 1;
/** Flag: the value may be null. */
const NULLABLE = 2;

/** The path of `k` inside the value at path `q`, printed like every Trackplan runtime. */
function at(q: string, k: string | number): string {
  return typeof k === "number"
    ? q + "[" + k + "]"
    : /^[A-Za-z_$][\w$]*$/.test(k)
      ? (q ? q + "." : "") + k
      : q + "[" + JSON.stringify(k) + "]";
}

function add(o: Out, q: string, k: string | number, rule: string, expected: string, actual: string): void {
  o.push({ path: at(q, k), rule, expected, actual });
}

/** JSON type of a value; whole numbers are `integer`. */
function jsonType(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "number" && Number.isInteger(v) ? "integer" : typeof v;
}

/** Handles absent values and wrong types; returns what the checker returns, or -1 to go on. */
function pre(x: unknown, ok: boolean, o: Out, q: string, k: string | number, f: number, type: string): number {
  if (x === undefined) {
    if (f & REQUIRED) add(o, q, k, "required", "present", "missing");
    return 0;
  }
  if (ok) return -1;
  if (x !== null || !(f & NULLABLE)) add(o, q, k, "type", type, jsonType(x));
  return 1;
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

/** Rules of a string, always with the same shape so that checks stay monomorphic. */
export interface StringRule {
  readonly lo: number;
  readonly hi: number;
  readonly src: string;
  readonly re: RegExp | undefined;
  readonly fn: string;
  readonly fm: ((s: string) => boolean) | undefined;
}

/** String rules: lengths, and a pattern as written with its ECMAScript form when it differs. */
export function sr(lo = 0, hi = Infinity, src = "", ecma?: string): StringRule {
  return { lo, hi, src, re: src ? new RegExp(ecma || src, "u") : undefined, fn: "", fm: undefined };
}

/** String rules with a format. */
export function fr(fn: string, fm: (s: string) => boolean, lo = 0, hi = Infinity, src = "", ecma?: string): StringRule {
  return { ...sr(lo, hi, src, ecma), fn, fm };
}

/** Checks a string. */
export function S(x: unknown, o: Out, q: string, k: string | number, f: number, r: StringRule): number {
  const s = pre(x, typeof x === "string", o, q, k, f, "string");
  if (s >= 0) return s;
  const t = x as string;
  let n: number;
  if (t.length < 2 * r.lo && (n = scalars(t)) < r.lo) add(o, q, k, "minLength", "length >= " + r.lo, "length " + n);
  if (t.length > r.hi && (n = scalars(t)) > r.hi) add(o, q, k, "maxLength", "length <= " + r.hi, "length " + n);
  if (r.re && !r.re.test(t)) add(o, q, k, "pattern", r.src, JSON.stringify(t));
  if (r.fm && !r.fm(t)) add(o, q, k, "format", r.fn, JSON.stringify(t));
  return 1;
}

/** Checks a string enum. */
export function E(x: unknown, o: Out, q: string, k: string | number, f: number, values: readonly string[]): number {
  const s = pre(x, typeof x === "string", o, q, k, f, "string");
  if (s >= 0) return s;
  if (values.indexOf(x as string) < 0) add(o, q, k, "enum", JSON.stringify(values), JSON.stringify(x));
  return 1;
}

/** Rules of an integer or number. */
export interface NumberRule {
  readonly int: boolean;
  readonly lo: number;
  readonly lx: boolean;
  readonly hi: number;
  readonly hx: boolean;
  readonly allowed: readonly number[] | undefined;
}

/** Number rules (bounds, whether they are exclusive, allowed values). */
export function nr(int: boolean, lo = -Infinity, lx = false, hi = Infinity, hx = false, allowed?: readonly number[]): NumberRule {
  return { int, lo, lx, hi, hx, allowed };
}

/** Checks an integer or number. */
export function N(x: unknown, o: Out, q: string, k: string | number, f: number, r: NumberRule): number {
  const s = pre(x, typeof x === "number" && (!r.int || Number.isInteger(x)), o, q, k, f, r.int ? "integer" : "number");
  if (s >= 0) return s;
  const n = x as number;
  if (r.lx ? !(n > r.lo) : n < r.lo) add(o, q, k, r.lx ? "exclusiveMinimum" : "minimum", (r.lx ? "> " : ">= ") + r.lo, String(n));
  if (r.hx ? !(n < r.hi) : n > r.hi) add(o, q, k, r.hx ? "exclusiveMaximum" : "maximum", (r.hx ? "< " : "<= ") + r.hi, String(n));
  if (r.allowed && r.allowed.indexOf(n) < 0) add(o, q, k, "enum", JSON.stringify(r.allowed), String(n));
  return 1;
}

/** Checks a boolean. */
export function B(x: unknown, o: Out, q: string, k: string | number, f: number): number {
  const s = pre(x, typeof x === "boolean", o, q, k, f, "boolean");
  return s >= 0 ? s : 1;
}

/** Rules of an array. */
export interface ArrayRule {
  readonly lo: number;
  readonly hi: number;
  readonly unique: boolean;
  /** Flags of the items (NULLABLE or 0). */
  readonly items: number;
}

/** Array rules (item counts, uniqueness, whether items may be null). */
export function ar(lo = 0, hi = Infinity, unique = false, items = 0): ArrayRule {
  return { lo, hi, unique, items };
}

/** Checks an array and each of its items. */
export function A(x: unknown, o: Out, q: string, k: string | number, f: number, r: ArrayRule, item: Check): number {
  const s = pre(x, Array.isArray(x), o, q, k, f, "array");
  if (s >= 0) return s;
  const a = x as unknown[];
  const n = a.length;
  if (n < r.lo) add(o, q, k, "minItems", "items >= " + r.lo, "items " + n);
  if (n > r.hi) add(o, q, k, "maxItems", "items <= " + r.hi, "items " + n);
  const j = r.unique ? repeated(a) : -1;
  if (j > 0) add(o, q, k, "uniqueItems", "unique items", "duplicate at [" + j + "]");
  const p = at(q, k);
  for (let i = 0; i < n; i++) item(a[i], o, p, i, r.items);
  return 1;
}

/** Checks an object: its declared properties, then any undeclared key. */
export function O(x: unknown, o: Out, q: string, k: string | number, f: number, body: Body): number {
  const s = pre(x, typeof x === "object" && x !== null && !Array.isArray(x), o, q, k, f, "object");
  if (s >= 0) return s;
  const r = x as Rec;
  const p = at(q, k);
  if (body(r, o, p) !== count(r)) extra(r, o, p, body);
  return 1;
}

/** A validator of a whole payload (path `$`) with this body. */
export function V(body: Body): Validate {
  return (v) => {
    const o: Out = [];
    if (typeof v !== "object" || v === null || Array.isArray(v)) add(o, "", "$", "type", "object", jsonType(v));
    else if (body(v as Rec, o, "") !== count(v as Rec)) extra(v as Rec, o, "", body);
    return o;
  };
}

function count(v: Rec): number {
  let n = 0;
  for (const key in v) if (key !== undefined) n++;
  return n;
}

/** Reports the keys of `v` that `body` does not declare (it reads exactly those). */
function extra(v: Rec, o: Out, q: string, body: Body): void {
  const declared: PropertyKey[] = [];
  body(new Proxy({}, { get: (_, key) => void declared.push(key) }), [], q);
  for (const key in v) if (v[key] !== undefined && declared.indexOf(key) < 0) add(o, q, key, "additionalProperties", "no undeclared properties", "present");
}

/** Index of the first item equal (as JSON) to an earlier one, or -1. */
function repeated(items: readonly unknown[]): number {
  for (let j = 1; j < items.length; j++) for (let i = 0; i < j; i++) if (same(items[i], items[j])) return j;
  return -1;
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

// URIs and UUIDs are checked a character at a time: several times faster than a regex here.

/** `uri`: a scheme (a letter, then letters, digits, `+`, `-`, `.`), a colon and at least one
 * more character; no blank, control or `<>"{}|\^`` ` character anywhere. */
export function isUri(s: string): boolean {
  const colon = s.indexOf(":");
  if (colon < 1 || colon === s.length - 1) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const letter = (c | 32) >= 97 && (c | 32) <= 122;
    const ok =
      i < colon
        ? letter || (i > 0 && ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46))
        : !(c <= 0x20 || (c >= 0x7f && c <= 0xa0) || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
            c === 0x202f || c === 0x205f || c === 0x3000 || c === 60 || c === 62 || c === 34 || c === 123 || c === 125 || c === 124 ||
            c === 92 || c === 94 || c === 96);
    if (!ok) return false;
  }
  return true;
}

/** `uuid`: hyphenated 8-4-4-4-12 hexadecimal digits. */
export function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    const hex = (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
    if (i === 8 || i === 13 || i === 18 || i === 23 ? c !== 45 : !hex) return false;
  }
  return true;
}
