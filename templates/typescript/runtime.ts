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
    super(event + " breaks the tracking plan: " + violations.map(describe).join("; "));
    this.name = "ValidationError";
    this.event = event;
    this.violations = violations;
  }
}

/** A violation as a sentence, for logs. */
export function describe(v: Violation): string {
  return v.rule === "required"
    ? v.path + " is required"
    : v.rule === "additionalProperties"
      ? v.path + " is not in the plan"
      : v.path + ": " + v.rule + " expects " + v.expected + ", found " + v.actual;
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
  readonly globals: Record<string, unknown>;
  readonly globalsValid: boolean;
  readonly policy: ValidationPolicy;
  readonly report: (event: string, violations: readonly Violation[]) => void;
  readonly userId?: string;
  readonly anonymousId?: string;
}

let state: State | undefined;

function defaultPolicy(): ValidationPolicy {
  const env = (globalThis as { process?: { env?: { NODE_ENV?: string } } }).process?.env;
  return env && env.NODE_ENV === "test" ? "error-on-invalid" : "track-on-invalid";
}

function warn(event: string, violations: readonly Violation[]): void {
  const c = (globalThis as { console?: { warn(message: string): void } }).console;
  if (c) c.warn("[trackplan] " + new ValidationError(event, violations).message);
}

/** Starts the SDK (the generated `init` calls this); global properties are validated here. */
export function start(options: AnalyticsOptions<unknown>, validateGlobals: Validate): void {
  const policy = options.policy || defaultPolicy();
  const report = options.onViolation || warn;
  const globals = (options.globals || {}) as Record<string, unknown>;
  const found = policy === "disabled" ? [] : validateGlobals(globals);
  if (found.length) {
    if (policy === "error-on-invalid") throw new ValidationError("global properties", found);
    report("global properties", found);
  }
  state = {
    client: options.client,
    globals,
    globalsValid: found.length === 0,
    policy,
    report,
    userId: options.userId,
    anonymousId: options.anonymousId || (options.userId ? undefined : uuid()),
  };
}

function ready(name: string): State {
  if (!state) throw new Error("[trackplan] call init() before " + name);
  return state;
}

/** Applies the policy; true when the payload may be sent. */
function admit(s: State, name: string, payload: unknown, validate: Validate, merged: boolean): boolean {
  if (s.policy === "disabled") return true;
  const found = validate(payload);
  if (found.length) {
    if (s.policy === "error-on-invalid") throw new ValidationError(name, found);
    s.report(name, found);
    if (s.policy === "skip-on-invalid") return false;
  }
  return !merged || s.globalsValid || s.policy !== "skip-on-invalid";
}

function base(s: State, o: TrackOptions | undefined): EnvelopeBase {
  const t = o && o.timestamp;
  const userId = (o && o.userId) || s.userId;
  return {
    messageId: (o && o.messageId) || uuid(),
    timestamp: t === undefined ? new Date().toISOString() : typeof t === "string" ? t : t.toISOString(),
    ...(userId === undefined ? {} : { userId }),
    ...(userId === undefined || (o && o.anonymousId) ? { anonymousId: (o && o.anonymousId) || s.anonymousId } : {}),
    ...(o && o.context ? { context: o.context } : {}),
  };
}

/** Validates and sends a track event (the generated `track…` functions call this). */
export function track(event: string, properties: object, validate: Validate, options?: TrackOptions): void {
  const s = ready(event);
  if (!admit(s, event, properties, validate, true)) return;
  s.client.send({ ...base(s, options), type: "track", event, properties: { ...s.globals, ...properties } });
}

/** Validates and sends an identify call. */
export function identify(userId: string, traits: object, validate: Validate, options?: TrackOptions): void {
  const s = ready("identify");
  if (!admit(s, "identify", traits, validate, false)) return;
  s.client.send({ ...base(s, { ...options, userId }), type: "identify", userId, traits: { ...traits } });
}

/** Validates and sends a group call. */
export function group(groupId: string, traits: object, validate: Validate, options?: TrackOptions): void {
  const s = ready("group");
  if (!admit(s, "group", traits, validate, false)) return;
  s.client.send({ ...base(s, options), type: "group", groupId, traits: { ...traits } });
}

/** Validates and sends a page or screen call. */
export function view(
  type: "page" | "screen",
  name: string | undefined,
  properties: object,
  validate: Validate,
  options?: TrackOptions,
): void {
  const s = ready(type);
  if (!admit(s, type, properties, validate, false)) return;
  s.client.send({ ...base(s, options), type, ...(name === undefined ? {} : { name }), properties: { ...properties } });
}

/** Delivers everything the client queued. */
export function flush(): Promise<void> {
  const c = state && state.client;
  return c && c.flush ? c.flush() : Promise.resolve();
}

/** A random (version 4) UUID. */
export function uuid(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string; getRandomValues?: (b: Uint8Array) => Uint8Array } })
    .crypto;
  if (c && c.randomUUID) return c.randomUUID();
  const b = new Uint8Array(16);
  if (c && c.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = (Math.random() * 256) | 0;
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  let h = "";
  for (let i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1) + (i === 3 || i === 5 || i === 7 || i === 9 ? "-" : "");
  return h;
}

// ---- validation helpers called by the generated validators ----------------------------
// Checkers take (value, out, parent path, path segment, flags) and return 1 when the value is
// present, so objects can spot undeclared keys by counting. Paths are only built when a
// violation is reported: a valid payload allocates nothing but its result array.

/** Violations found so far. */
export type Out = Violation[];
/** An object being validated. */
export type Rec = { readonly [key: string]: unknown };
/** Flag: the property is required. */
export const REQUIRED = 1;
/** Flag: the property may be null. */
export const NULLABLE = 2;

const indexes: string[] = [];
/** The path segment `[i]`, cached. */
export function ix(i: number): string {
  return indexes[i] || (indexes[i] = "[" + i + "]");
}

function add(o: Out, p: string, k: string, rule: string, expected: string, actual: string): void {
  o.push({ path: p + k || "$", rule, expected, actual });
}

/** JSON type of a value; whole numbers are `integer`. */
export function jsonType(v: unknown): string {
  return v === null
    ? "null"
    : Array.isArray(v)
      ? "array"
      : typeof v === "number"
        ? Number.isInteger(v)
          ? "integer"
          : "number"
        : typeof v;
}

function absent(o: Out, p: string, k: string, f: number): number {
  if (f & REQUIRED) add(o, p, k, "required", "present", "missing");
  return 0;
}

function wrongType(o: Out, p: string, k: string, f: number, expected: string, v: unknown): number {
  if (v !== null || !(f & NULLABLE)) add(o, p, k, "type", expected, jsonType(v));
  return 1;
}

/** Length in Unicode scalar values (a surrogate pair counts once). */
export function scalars(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Rules of a string. */
export interface StringRule {
  readonly lo: number;
  readonly hi: number;
  readonly re: RegExp | undefined;
  readonly src: string;
  readonly fm: ((s: string) => boolean) | undefined;
  readonly fn: string;
}

/** String rules, always with the same shape so that checks stay monomorphic. */
export function sr(lo: number, hi: number, src?: string, re?: RegExp, fn?: string, fm?: (s: string) => boolean): StringRule {
  return { lo, hi, re, src: src || "", fm, fn: fn || "" };
}

/** Checks a string. */
export function S(v: unknown, o: Out, p: string, k: string, f: number, r: StringRule): number {
  if (v === undefined) return absent(o, p, k, f);
  if (typeof v !== "string") return wrongType(o, p, k, f, "string", v);
  let n: number;
  if (v.length < 2 * r.lo && (n = scalars(v)) < r.lo) add(o, p, k, "minLength", "length >= " + r.lo, "length " + n);
  if (v.length > r.hi && (n = scalars(v)) > r.hi) add(o, p, k, "maxLength", "length <= " + r.hi, "length " + n);
  if (r.re && !r.re.test(v)) add(o, p, k, "pattern", r.src, JSON.stringify(v));
  if (r.fm && !r.fm(v)) add(o, p, k, "format", r.fn, JSON.stringify(v));
  return 1;
}

/** Checks a string enum. */
export function E(v: unknown, o: Out, p: string, k: string, f: number, values: readonly string[]): number {
  if (v === undefined) return absent(o, p, k, f);
  if (typeof v !== "string") return wrongType(o, p, k, f, "string", v);
  if (values.indexOf(v) < 0) add(o, p, k, "enum", JSON.stringify(values), JSON.stringify(v));
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

/** Number rules, always with the same shape. */
export function nr(
  int: boolean,
  lo = -Infinity,
  lx = false,
  hi = Infinity,
  hx = false,
  allowed?: readonly number[],
): NumberRule {
  return { int, lo, lx, hi, hx, allowed };
}

/** Checks an integer or number. */
export function N(v: unknown, o: Out, p: string, k: string, f: number, r: NumberRule): number {
  if (v === undefined) return absent(o, p, k, f);
  if (typeof v !== "number" || (r.int && !Number.isInteger(v))) return wrongType(o, p, k, f, r.int ? "integer" : "number", v);
  if (r.lx ? !(v > r.lo) : v < r.lo) add(o, p, k, r.lx ? "exclusiveMinimum" : "minimum", (r.lx ? "> " : ">= ") + r.lo, String(v));
  if (r.hx ? !(v < r.hi) : v > r.hi) add(o, p, k, r.hx ? "exclusiveMaximum" : "maximum", (r.hx ? "< " : "<= ") + r.hi, String(v));
  if (r.allowed && r.allowed.indexOf(v) < 0) add(o, p, k, "enum", JSON.stringify(r.allowed), String(v));
  return 1;
}

/** Checks a boolean. */
export function B(v: unknown, o: Out, p: string, k: string, f: number): number {
  if (v === undefined) return absent(o, p, k, f);
  return typeof v === "boolean" ? 1 : wrongType(o, p, k, f, "boolean", v);
}

/** A checker of one value. */
export type Check = (v: unknown, o: Out, p: string, k: string, f: number) => number;

/** Rules of an array. */
export interface ArrayRule {
  readonly lo: number;
  readonly hi: number;
  readonly unique: boolean;
  /** Flags of the items (NULLABLE or 0). */
  readonly items: number;
}

/** Array rules, always with the same shape. */
export function ar(lo = 0, hi = Infinity, unique = false, items = 0): ArrayRule {
  return { lo, hi, unique, items };
}

/** Checks an array and each of its items. */
export function A(v: unknown, o: Out, p: string, k: string, f: number, r: ArrayRule, item: Check): number {
  if (v === undefined) return absent(o, p, k, f);
  if (!Array.isArray(v)) return wrongType(o, p, k, f, "array", v);
  const n = v.length;
  if (n < r.lo) add(o, p, k, "minItems", "items >= " + r.lo, "items " + n);
  if (n > r.hi) add(o, p, k, "maxItems", "items <= " + r.hi, "items " + n);
  if (r.unique) {
    const j = repeated(v);
    if (j > 0) add(o, p, k, "uniqueItems", "unique items", "duplicate at [" + j + "]");
  }
  const q = p + k;
  for (let j = 0; j < n; j++) item(v[j], o, q, ix(j), r.items);
  return 1;
}

/** Checks an object with a generated body. */
export function O(v: unknown, o: Out, p: string, k: string, f: number, body: (v: Rec, o: Out, q: string) => void): number {
  if (v === undefined) return absent(o, p, k, f);
  if (typeof v !== "object" || v === null || Array.isArray(v)) return wrongType(o, p, k, f, "object", v);
  body(v as Rec, o, p + k);
  return 1;
}

/** Number of enumerable keys. */
export function count(v: Rec): number {
  let n = 0;
  for (const key in v) {
    void key;
    n++;
  }
  return n;
}

/** Reports every key of `v` that is not declared. */
export function extra(v: Rec, o: Out, q: string, declared: readonly string[]): void {
  for (const key in v) {
    if (v[key] !== undefined && declared.indexOf(key) < 0) {
      const seg = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? (q ? "." : "") + key : "[" + JSON.stringify(key) + "]";
      add(o, q, seg, "additionalProperties", "no undeclared properties", "present");
    }
  }
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
const URI = new RegExp('^[A-Za-z][A-Za-z0-9+.\\-]*:[^' + BLANK + '<>"{}|\\\\^`]+$');
const EMAIL = new RegExp("^[^@" + BLANK + "]+@(?!\\.)(?!.*\\.\\.)[^@" + BLANK + "]*[^@." + BLANK + "]$");
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

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

/** `uri`: absolute, with a scheme. */
export function isUri(s: string): boolean {
  return URI.test(s);
}

/** `uuid`: hyphenated 8-4-4-4-12 hex digits. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}
