{% include "typescript/header.ts" %}
/* eslint-disable */
// A client for unit tests: keeps every envelope and checks them with readable failures.

import type { AnalyticsClient, Envelope } from "./runtime.js";

type Track = Extract<Envelope, { type: "track" }>;

/** Records envelopes instead of sending them. */
export class RecordingClient implements AnalyticsClient {
  /** Every envelope, in order. */
  readonly envelopes: Envelope[] = [];

  send(envelope: Envelope): void {
    this.envelopes.push(envelope);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  /** Track envelopes, optionally only those of one event. */
  tracked(event?: string): Track[] {
    return this.envelopes.filter((e): e is Track => e.type === "track" && (event === undefined || e.event === event));
  }

  /** Forgets everything recorded. */
  clear(): void {
    this.envelopes.length = 0;
  }

  /** Throws unless `event` was tracked (exactly `times` times, when given); returns the last. */
  expectTracked(event: string, times?: number): Track {
    const found = this.tracked(event);
    if (!found.length || (times !== undefined && found.length !== times)) {
      const seen = this.tracked().map((e) => e.event);
      throw new Error(
        "expected " + JSON.stringify(event) + " to be tracked " + (times === undefined ? "at least once" : times + " time(s)") +
          ", it was tracked " + found.length + " time(s); tracked: " + JSON.stringify(seen),
      );
    }
    return found[found.length - 1];
  }

  /** Throws unless the last `event` carried exactly these properties (globals included). */
  expectProperties(event: string, properties: Record<string, unknown>): void {
    const actual = this.expectTracked(event).properties;
    const a = canonical(actual);
    const b = canonical(properties);
    if (a !== b) throw new Error("properties of " + JSON.stringify(event) + " differ:\n  expected " + b + "\n  actual   " + a);
  }

  /** Throws if anything was tracked. */
  expectNothingTracked(): void {
    const seen = this.tracked().map((e) => e.event);
    if (seen.length) throw new Error("expected no track calls, found " + JSON.stringify(seen));
  }
}

/** JSON with object keys sorted, so key order does not matter. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.keys(v as object)
          .sort()
          .reduce<Record<string, unknown>>((out, k) => ((out[k] = (v as Record<string, unknown>)[k]), out), {})
      : v,
  );
}
