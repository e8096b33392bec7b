{% include "typescript/header.ts" %}
/* eslint-disable */
// The built-in, dependency-free HTTP transport: batches envelopes and delivers them to
// Segment (/v1/batch), Amplitude (/2/httpapi) or Mixpanel (/import, /engage) with fetch.
// Each envelope is serialised once, when it is queued, so its ids are the same on every
// retry and later changes to the caller's objects cannot alter what is sent. Failed requests
// are retried with exponential backoff and full jitter, honouring Retry-After; a 413 splits
// the batch; on page unload in browsers the queue goes out with sendBeacon.

import type { AnalyticsClient, Envelope } from "./runtime.js";

/** The vendor APIs the transport speaks. */
export type Vendor = "segment" | "amplitude" | "mixpanel";

/** What `fetch` must provide (the global one in browsers, Node 18+ and React Native). */
export type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; keepalive?: boolean },
) => Promise<{ readonly status: number; readonly headers: { get(name: string): string | null }; text(): Promise<string> }>;

/** Settings of the built-in transport. */
export interface TransportOptions {
  readonly vendor: Vendor;
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

/** A client that delivers over HTTP; `flush` resolves once everything queued is sent or given up. */
export interface Transport extends AnalyticsClient {
  flush(): Promise<void>;
  /** Flushes, then stops the timer and unload listeners. */
  close(): Promise<void>;
}

const ENDPOINTS: Record<Vendor, string> = {
  segment: "https://api.segment.io",
  amplitude: "https://api2.amplitude.com",
  mixpanel: "https://api.mixpanel.com",
};

/** Largest request bodies the vendors take, in bytes. */
const MAX_BODY: Record<Vendor, number> = { segment: 500000, amplitude: 1000000, mixpanel: 2000000 };
const LIBRARY = { name: "trackplan", version: "1" };

interface Item {
  readonly envelope: Envelope;
  readonly path: string;
  readonly json: string;
}

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

/** Creates the built-in transport. */
export function createTransport(options: TransportOptions): Transport {
  return new HttpTransport(options);
}

class HttpTransport implements Transport {
  private queue: Item[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: unknown;
  private readonly origin: string;
  private readonly unload = () => {
    if (!host.document || host.document.visibilityState !== "visible") this.beacon();
  };

  constructor(private readonly o: TransportOptions) {
    this.origin = (o.endpoint || ENDPOINTS[o.vendor]).replace(/\/+$/, "");
    if (host.addEventListener && host.navigator) {
      host.addEventListener("pagehide", this.unload);
      host.addEventListener("visibilitychange", this.unload);
    }
  }

  send(envelope: Envelope): void {
    const item = serialize(this.o.vendor, this.o.key, envelope);
    if (this.o.vendor === "segment" && item.json.length > 32000 && utf8(item.json) > 32000) {
      this.fail(new Error("Segment refuses messages over 32 KB"), [envelope]);
      return;
    }
    this.queue.push(item);
    const max = this.o.maxQueue || 10000;
    if (this.queue.length > max) this.fail(new Error("queue full"), this.queue.splice(0, this.queue.length - max).map((i) => i.envelope));
    if (this.queue.length >= (this.o.batchSize || 100)) void this.flush();
    else this.schedule();
  }

  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.drain());
    return this.chain;
  }

  async close(): Promise<void> {
    if (host.removeEventListener) {
      host.removeEventListener("pagehide", this.unload);
      host.removeEventListener("visibilitychange", this.unload);
    }
    this.cancel();
    await this.flush();
  }

  private schedule(): void {
    const interval = this.o.flushInterval === undefined ? 10000 : this.o.flushInterval;
    if (this.timer !== undefined || !interval || !host.setTimeout) return;
    const t = host.setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, interval);
    // In Node, a pending flush must not keep the process alive.
    if (typeof t === "object" && t.unref) t.unref();
    this.timer = t;
  }

  private cancel(): void {
    if (this.timer !== undefined && host.clearTimeout) host.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Takes the next batch: consecutive items for one path, within count and size limits. */
  private take(): Item[] {
    const size = this.o.batchSize || 100;
    // UTF-16 length times 3 bounds the UTF-8 size without encoding anything.
    const budget = MAX_BODY[this.o.vendor] / 3 - 200;
    let n = 0;
    let chars = 0;
    while (n < this.queue.length && n < size && this.queue[n].path === this.queue[0].path) {
      chars += this.queue[n].json.length + 1;
      if (n > 0 && chars > budget) break;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async drain(): Promise<void> {
    this.cancel();
    while (this.queue.length) await this.deliver(this.take());
  }

  private async deliver(batch: Item[]): Promise<void> {
    const f = this.o.fetch || host.fetch;
    if (!f) return this.fail(new Error("no fetch available; pass TransportOptions.fetch"), batch.map((i) => i.envelope));
    const { url, headers, body } = request(this.o.vendor, this.o.key, this.origin, batch);
    const attempts = this.o.maxAttempts || 10;
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
        await this.deliver(batch.slice(0, half));
        return this.deliver(batch.slice(half));
      }
      if (status === 400 && this.o.vendor === "mixpanel") return this.partial(batch, text);
      const retryable = status === 0 || status === 408 || status === 429 || status >= 500;
      if (!retryable || attempt >= attempts) {
        const why = status ? "HTTP " + status + ": " + text.slice(0, 500) : text;
        return this.fail(new Error(this.o.vendor + " refused " + batch.length + " envelope(s) after " + attempt + " attempt(s): " + why), batch.map((i) => i.envelope));
      }
      const cap = this.o.backoffCap || 60000;
      const ceiling = Math.min(cap, (this.o.backoffBase || 100) * 2 ** (attempt - 1));
      await sleep(wait === undefined ? Math.random() * ceiling : Math.min(wait, cap));
    }
  }

  /** Mixpanel's strict mode imports the valid records and lists the others. */
  private partial(batch: Item[], text: string): void {
    let failed: { index?: number; message?: string }[] = [];
    try {
      failed = (JSON.parse(text) as { failed_records?: { index?: number; message?: string }[] }).failed_records || [];
    } catch {
      failed = batch.map((_, index) => ({ index, message: text }));
    }
    const refused = failed.filter((r) => typeof r.index === "number" && batch[r.index]);
    if (refused.length) {
      this.fail(new Error("mixpanel refused: " + refused.map((r) => r.message).join("; ")), refused.map((r) => batch[r.index as number].envelope));
    }
  }

  private fail(error: Error, envelopes: readonly Envelope[]): void {
    if (this.o.onError) this.o.onError(error, envelopes);
    else if (host.console) host.console.warn("[trackplan] " + error.message);
  }

  /** Sends the whole queue as the page goes away: sendBeacon when the credentials can ride in
   * the body, else a keepalive fetch. */
  private beacon(): void {
    this.cancel();
    while (this.queue.length) {
      const batch = this.take();
      const { url, headers, body } = request(this.o.vendor, this.o.key, this.origin, batch);
      const nav = host.navigator;
      const inBody = this.o.vendor !== "mixpanel";
      if (inBody && nav && nav.sendBeacon && host.Blob && nav.sendBeacon(url, new host.Blob([body], { type: "application/json" }))) continue;
      const f = this.o.fetch || host.fetch;
      if (f) void f(url, { method: "POST", headers, body, keepalive: true }).catch(() => undefined);
    }
  }
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

function base64(text: string): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
    out += chars[n >> 18] + chars[(n >> 12) & 63] + (i + 1 < bytes.length ? chars[(n >> 6) & 63] : "=") + (i + 2 < bytes.length ? chars[n & 63] : "=");
  }
  return out;
}

/** The request carrying a batch of items that share a path. */
function request(vendor: Vendor, key: string, origin: string, batch: Item[]): { url: string; headers: Record<string, string>; body: string } {
  const list = "[" + batch.map((i) => i.json).join(",") + "]";
  const path = batch[0].path;
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (vendor === "segment") {
    headers.Authorization = "Basic " + base64(key + ":");
    const body = '{"batch":' + list + ',"sentAt":' + JSON.stringify(new Date().toISOString()) + ',"writeKey":' + JSON.stringify(key) + "}";
    return { url: origin + path, headers, body };
  }
  if (vendor === "amplitude") {
    return { url: origin + path, headers, body: '{"api_key":' + JSON.stringify(key) + ',"events":' + list + "}" };
  }
  headers.Authorization = "Basic " + base64(key + ":");
  return { url: origin + path + (path === "/import" ? "?strict=1" : ""), headers, body: list };
}

function ms(timestamp: string): number {
  const t = Date.parse(timestamp);
  return isNaN(t) ? Date.now() : t;
}

/** One envelope in the vendor's wire format, with the path it is posted to. */
function serialize(vendor: Vendor, key: string, e: Envelope): Item {
  let path: string;
  let message: Record<string, unknown>;
  if (vendor === "segment") {
    // The envelope is already Segment's message shape; only the library is added, spliced
    // into the JSON when there is no context to merge it with (the common case, and faster).
    if (e.context) message = { ...e, context: { ...e.context, library: LIBRARY } };
    else return { envelope: e, path: "/v1/batch", json: JSON.stringify(e).slice(0, -1) + ',"context":{"library":' + JSON.stringify(LIBRARY) + "}}" };
    path = "/v1/batch";
  } else if (vendor === "amplitude") {
    path = "/2/httpapi";
    message = {
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
  } else {
    const distinct = e.userId || e.anonymousId || "";
    if (e.type === "identify" || e.type === "group") {
      path = "/engage";
      message =
        e.type === "identify"
          ? { $token: key, $distinct_id: distinct, $set: e.traits }
          : { $token: key, $distinct_id: distinct, $union: { groups: [e.groupId] } };
    } else {
      path = "/import";
      const properties = e.type === "track" ? e.properties : { ...e.properties, name: e.name };
      message = {
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
    }
  }
  return { envelope: e, path, json: JSON.stringify(message) };
}
