{% include "typescript/header.ts" %}
/* eslint-disable */
// The built-in, dependency-free HTTP transport: batches envelopes and delivers them to
// Segment (/v1/batch), Amplitude (/2/httpapi) or Mixpanel (/import, /engage) with fetch.
// Each envelope is serialised once, when it is queued, so its ids are the same on every
// retry and later changes to the caller's objects cannot alter what is sent. Failed requests
// are retried with exponential backoff and full jitter, honouring Retry-After; a 413 splits
// the batch; on page unload in browsers the queue goes out with sendBeacon.
//
// `createTransport({ vendor })` speaks all three APIs; `segmentTransport`, `amplitudeTransport`
// and `mixpanelTransport` bundle only their vendor's code.

import type { AnalyticsClient, Envelope } from "./runtime.js";

/** The vendor APIs the transport speaks. */
export type Vendor = "segment" | "amplitude" | "mixpanel";

/** What `fetch` must provide (the global one in browsers, Node 18+ and React Native). */
export type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; keepalive?: boolean },
) => Promise<{ readonly status: number; readonly headers: { get(name: string): string | null }; text(): Promise<string> }>;

/** Settings of the built-in transport for one vendor (`segmentTransport`…). */
export interface VendorTransportOptions {
  /** Segment write key, Amplitude API key or Mixpanel project token. */
  readonly key: string;
  /** API origin, e.g. `https://api.eu.amplitude.com`; defaults to the vendor's US endpoint. */
  readonly endpoint?: string;
  /** Envelopes per request (default 100). */
  readonly batchSize?: number;
  /** Milliseconds between automatic flushes (default 10 000; 0 turns them off). */
  readonly flushInterval?: number;
  /** Attempts per batch before it is given up and reported (default 10). */
  readonly maxAttempts?: number;
  /** First backoff ceiling in ms (default 100); it doubles per attempt. */
  readonly backoffBase?: number;
  /** Largest backoff in ms (default 60 000); also caps Retry-After. */
  readonly backoffCap?: number;
  /** Envelopes kept while the network is down (default 10 000); beyond, the oldest are reported and dropped. */
  readonly maxQueue?: number;
  /** The fetch to use; defaults to the global one. */
  readonly fetch?: Fetch;
  /** Told about envelopes that could not be delivered, and why. */
  readonly onError?: (error: Error, envelopes: readonly Envelope[]) => void;
}

/** Settings of the built-in transport. */
export interface TransportOptions extends VendorTransportOptions {
  readonly vendor: Vendor;
}

/** A client that delivers over HTTP; `flush` resolves once everything queued is sent or given up. */
export interface Transport extends AnalyticsClient {
  flush(): Promise<void>;
  /** Flushes, then stops the timer and unload listeners. */
  close(): Promise<void>;
}

/** Creates the built-in transport for any of the vendors. */
export function createTransport(options: TransportOptions): Transport {
  return transport(options, { segment: SEGMENT, amplitude: AMPLITUDE, mixpanel: MIXPANEL }[options.vendor]);
}

/** Creates the built-in transport for Segment. */
export function segmentTransport(options: VendorTransportOptions): Transport {
  return transport(options, SEGMENT);
}

/** Creates the built-in transport for Amplitude. */
export function amplitudeTransport(options: VendorTransportOptions): Transport {
  return transport(options, AMPLITUDE);
}

/** Creates the built-in transport for Mixpanel. */
export function mixpanelTransport(options: VendorTransportOptions): Transport {
  return transport(options, MIXPANEL);
}

/** An envelope in its vendor's wire format, and the path it is posted to. */
interface Item {
  readonly envelope: Envelope;
  readonly path: string;
  readonly json: string;
}

interface Request {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** How one vendor's API takes envelopes. */
interface Codec {
  readonly name: Vendor;
  /** The default origin. */
  readonly origin: string;
  /** Largest request body, in bytes. */
  readonly maxBody: number;
  readonly item: (key: string, e: Envelope) => Item;
  /** The request carrying a batch of items that share a path. */
  readonly request: (key: string, origin: string, batch: Item[]) => Request;
  /** Why the vendor would refuse an item, checked before it is queued. */
  readonly refuse?: (item: Item) => string | undefined;
  /** A 400 answer that imported some items: reports the others. */
  readonly partial?: (batch: Item[], text: string, fail: Fail) => void;
  /** Whether sendBeacon can carry a request: the credentials ride in the body. */
  readonly beacon: boolean;
}

type Fail = (error: Error, items: Item[]) => void;

interface Host {
  fetch?: Fetch;
  setTimeout?: (f: () => void, ms: number) => { unref?: () => void } | number;
  clearTimeout?: (t: unknown) => void;
  addEventListener?: (type: string, f: () => void) => void;
  removeEventListener?: (type: string, f: () => void) => void;
  document?: { visibilityState?: string };
  navigator?: { sendBeacon?: (url: string, body: unknown) => boolean };
  Blob?: new (parts: string[], options: { type: string }) => unknown;
  console?: { warn(...args: unknown[]): void };
}

const host = globalThis as Host;
const EVENTS = ["pagehide", "visibilitychange"];

function transport(o: VendorTransportOptions, codec: Codec): Transport {
  let queue: Item[] = [];
  let chain: Promise<void> = Promise.resolve();
  let timer: unknown;
  const origin = (o.endpoint || codec.origin).replace(/\/+$/, "");
  const size = o.batchSize || 100;
  const fetcher = () => o.fetch || host.fetch;

  const fail: Fail = (error, items) => {
    if (o.onError) o.onError(error, items.map((i) => i.envelope));
    else if (host.console) host.console.warn("[trackplan] " + error.message);
  };

  const cancel = () => {
    if (timer !== undefined && host.clearTimeout) host.clearTimeout(timer);
    timer = undefined;
  };

  /** Takes the next batch: consecutive items for one path, within count and size limits. */
  const take = (): Item[] => {
    // UTF-16 length times 3 bounds the UTF-8 size without encoding anything.
    const budget = codec.maxBody / 3 - 200;
    let n = 0;
    let chars = 0;
    while (n < queue.length && n < size && queue[n].path === queue[0].path) {
      chars += queue[n].json.length + 1;
      if (n > 0 && chars > budget) break;
      n++;
    }
    return queue.splice(0, n);
  };

  const deliver = async (batch: Item[]): Promise<void> => {
    const f = fetcher();
    if (!f) return fail(new Error("no fetch available; pass TransportOptions.fetch"), batch);
    const { url, headers, body } = codec.request(o.key, origin, batch);
    const cap = o.backoffCap || 60000;
    for (let attempt = 1; ; attempt++) {
      let status = 0;
      let text = "";
      let wait: number | undefined;
      try {
        const response = await f(url, { method: "POST", headers, body });
        status = response.status;
        wait = retryAfter(response.headers.get("retry-after"));
        text = await response.text();
      } catch (error) {
        text = String(error);
      }
      if (status >= 200 && status < 300) return;
      if (status === 413 && batch.length > 1) {
        const half = batch.length >> 1;
        await deliver(batch.slice(0, half));
        return deliver(batch.slice(half));
      }
      if (status === 400 && codec.partial) return codec.partial(batch, text, fail);
      const retryable = status === 0 || status === 408 || status === 429 || status >= 500;
      if (!retryable || attempt >= (o.maxAttempts || 10)) {
        const why = status ? "HTTP " + status + ": " + text.slice(0, 500) : text;
        return fail(new Error(codec.name + " refused " + batch.length + " envelope(s) after " + attempt + " attempt(s): " + why), batch);
      }
      const ceiling = Math.min(cap, (o.backoffBase || 100) * 2 ** (attempt - 1));
      await sleep(wait === undefined ? Math.random() * ceiling : Math.min(wait, cap));
    }
  };

  const flush = (): Promise<void> =>
    (chain = chain.then(async () => {
      cancel();
      while (queue.length) await deliver(take());
    }));

  const schedule = () => {
    const interval = o.flushInterval === undefined ? 10000 : o.flushInterval;
    if (timer !== undefined || !interval || !host.setTimeout) return;
    const t = host.setTimeout(() => {
      timer = undefined;
      void flush();
    }, interval);
    // In Node, a pending flush must not keep the process alive.
    if (typeof t === "object" && t.unref) t.unref();
    timer = t;
  };

  /** Sends the whole queue as the page goes away: sendBeacon when the credentials can ride in
   * the body, else a keepalive fetch. */
  const unload = () => {
    if (host.document && host.document.visibilityState === "visible") return;
    cancel();
    while (queue.length) {
      const { url, headers, body } = codec.request(o.key, origin, take());
      const nav = host.navigator;
      if (codec.beacon && nav && nav.sendBeacon && host.Blob && nav.sendBeacon(url, new host.Blob([body], { type: "application/json" }))) continue;
      const f = fetcher();
      if (f) void f(url, { method: "POST", headers, body, keepalive: true }).catch(() => undefined);
    }
  };

  if (host.addEventListener && host.navigator) for (const type of EVENTS) host.addEventListener(type, unload);

  return {
    send(envelope: Envelope): void {
      const item = codec.item(o.key, envelope);
      const refused = codec.refuse && codec.refuse(item);
      if (refused) return fail(new Error(refused), [item]);
      queue.push(item);
      const max = o.maxQueue || 10000;
      if (queue.length > max) fail(new Error("queue full"), queue.splice(0, queue.length - max));
      if (queue.length >= size) void flush();
      else schedule();
    },
    flush,
    async close(): Promise<void> {
      if (host.removeEventListener) for (const type of EVENTS) host.removeEventListener(type, unload);
      cancel();
      await flush();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => (host.setTimeout ? host.setTimeout(resolve, ms) : resolve()));
}

/** Retry-After in ms: delta-seconds or an HTTP date. */
function retryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (!isNaN(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function utf8(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

/** The `Authorization` header of HTTP basic authentication with `key` as the user. */
function basic(key: string): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const text = key + ":";
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  let out = "Basic ";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
    out += chars[n >> 18] + chars[(n >> 12) & 63] + (i + 1 < bytes.length ? chars[(n >> 6) & 63] : "=") + (i + 2 < bytes.length ? chars[n & 63] : "=");
  }
  return out;
}

/** The JSON array of a batch's items. */
function list(batch: Item[]): string {
  return "[" + batch.map((i) => i.json).join(",") + "]";
}

const JSON_TYPE = "application/json";

function ms(timestamp: string): number {
  const t = Date.parse(timestamp);
  return isNaN(t) ? Date.now() : t;
}

const LIBRARY = { name: "trackplan", version: "1" };
/** Segment's `context` when the envelope has none, spliced into every message's JSON. */
const LIBRARY_CONTEXT = /* @__PURE__ */ JSON.stringify({ library: LIBRARY });

const SEGMENT: Codec = {
  name: "segment",
  origin: "https://api.segment.io",
  maxBody: 500000,
  // The envelope is already Segment's message shape; only the library is added, spliced into
  // the JSON when there is no context to merge it with (the common case, and faster).
  item: (_, e) => ({
    envelope: e,
    path: "/v1/batch",
    json: e.context
      ? JSON.stringify({ ...e, context: { ...e.context, library: LIBRARY } })
      : JSON.stringify(e).slice(0, -1) + ',"context":' + LIBRARY_CONTEXT + "}",
  }),
  request: (key, origin, batch) => ({
    url: origin + batch[0].path,
    headers: { "Content-Type": JSON_TYPE, Authorization: basic(key) },
    body: '{"batch":' + list(batch) + ',"sentAt":' + JSON.stringify(new Date().toISOString()) + ',"writeKey":' + JSON.stringify(key) + "}",
  }),
  refuse: (item) => (item.json.length > 32000 && utf8(item.json) > 32000 ? "Segment refuses messages over 32 KB" : undefined),
  beacon: true,
};

const AMPLITUDE: Codec = {
  name: "amplitude",
  origin: "https://api2.amplitude.com",
  maxBody: 1000000,
  item: (_, e) => {
    const message: Record<string, unknown> = {
      user_id: e.userId,
      device_id: e.anonymousId,
      time: ms(e.timestamp),
      insert_id: e.messageId,
      library: LIBRARY.name + "/" + LIBRARY.version,
    };
    if (e.type === "track") {
      message.event_type = e.event;
      message.event_properties = e.properties;
    } else if (e.type === "identify") {
      message.event_type = "$identify";
      message.user_properties = { $set: e.traits };
    } else if (e.type === "group") {
      message.event_type = "$groupidentify";
      message.groups = { group: e.groupId };
      message.group_properties = { $set: e.traits };
    } else {
      message.event_type = e.type === "page" ? "[Amplitude] Page Viewed" : "[Amplitude] Screen Viewed";
      message.event_properties = e.name === undefined ? e.properties : { ...e.properties, name: e.name };
    }
    return { envelope: e, path: "/2/httpapi", json: JSON.stringify(message) };
  },
  request: (key, origin, batch) => ({
    url: origin + batch[0].path,
    headers: { "Content-Type": JSON_TYPE },
    body: '{"api_key":' + JSON.stringify(key) + ',"events":' + list(batch) + "}",
  }),
  beacon: true,
};

const MIXPANEL: Codec = {
  name: "mixpanel",
  origin: "https://api.mixpanel.com",
  maxBody: 2000000,
  item: (key, e) => {
    const distinct = e.userId || e.anonymousId || "";
    if (e.type === "identify" || e.type === "group") {
      const message =
        e.type === "identify"
          ? { $token: key, $distinct_id: distinct, $set: e.traits }
          : { $token: key, $distinct_id: distinct, $union: { groups: [e.groupId] } };
      return { envelope: e, path: "/engage", json: JSON.stringify(message) };
    }
    const properties = e.type === "track" ? e.properties : { ...e.properties, name: e.name };
    const message = {
      event: e.type === "track" ? e.event : e.type === "page" ? "Page Viewed" : "Screen Viewed",
      properties: {
        ...properties,
        time: ms(e.timestamp),
        distinct_id: distinct,
        $insert_id: e.messageId,
        ...(e.anonymousId ? { $device_id: e.anonymousId } : {}),
        ...(e.userId ? { $user_id: e.userId } : {}),
        mp_lib: LIBRARY.name,
      },
    };
    return { envelope: e, path: "/import", json: JSON.stringify(message) };
  },
  request: (key, origin, batch) => {
    const path = batch[0].path;
    return {
      url: origin + path + (path === "/import" ? "?strict=1" : ""),
      headers: { "Content-Type": JSON_TYPE, Authorization: basic(key) },
      body: list(batch),
    };
  },
  // Strict mode imports the valid records and lists the others.
  partial: (batch, text, fail) => {
    let failed: { index?: number; message?: string }[] = [];
    try {
      failed = (JSON.parse(text) as { failed_records?: { index?: number; message?: string }[] }).failed_records || [];
    } catch {
      failed = batch.map((_, index) => ({ index, message: text }));
    }
    const refused = failed.filter((r) => typeof r.index === "number" && batch[r.index]);
    if (refused.length) fail(new Error("mixpanel refused: " + refused.map((r) => r.message).join("; ")), refused.map((r) => batch[r.index as number]));
  },
  // The token rides in a header, which sendBeacon cannot send.
  beacon: false,
};
