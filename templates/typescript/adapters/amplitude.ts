{% include "typescript/header.ts" %}
/* eslint-disable */
// Adapter for Amplitude's official SDKs: @amplitude/analytics-node and
// @amplitude/analytics-browser share the client shape used here (`createInstance()` or the
// default instance). Written against their public types, without importing them.

import type { AnalyticsClient, Envelope } from "../runtime.js";

type Dict = Record<string, unknown>;

/** The event fields the adapter sets (a subset of Amplitude's `BaseEvent`). */
export interface AmplitudeEvent {
  event_type: string;
  user_id?: string;
  device_id?: string;
  time?: number;
  insert_id?: string;
  event_properties?: Dict;
  user_properties?: Dict;
  group_properties?: Dict;
  groups?: { [groupType: string]: string | string[] };
}

/** What the adapter needs of an Amplitude client. */
export interface AmplitudeLike {
  track: (event: AmplitudeEvent) => unknown;
  flush: () => { promise: Promise<unknown> };
}

/** Sends envelopes through an Amplitude client; `messageId` becomes `insert_id`, so retries
 * by the SDK and by Amplitude's deduplication agree. */
export function amplitude(client: AmplitudeLike): AnalyticsClient {
  return {
    send(e: Envelope): void {
      const event: AmplitudeEvent = {
        event_type: "",
        time: Date.parse(e.timestamp),
        insert_id: e.messageId,
        ...(e.userId === undefined ? {} : { user_id: e.userId }),
        ...(e.anonymousId ? { device_id: e.anonymousId } : {}),
      };
      if (e.type === "track") {
        event.event_type = e.event;
        event.event_properties = e.properties;
      } else if (e.type === "identify") {
        event.event_type = "$identify";
        event.user_properties = { $set: e.traits };
      } else if (e.type === "group") {
        event.event_type = "$groupidentify";
        event.groups = { group: e.groupId };
        event.group_properties = { $set: e.traits };
      } else {
        event.event_type = e.type === "page" ? "[Amplitude] Page Viewed" : "[Amplitude] Screen Viewed";
        event.event_properties = e.name === undefined ? e.properties : { ...e.properties, name: e.name };
      }
      client.track(event);
    },
    flush: () => client.flush().promise.then(() => undefined),
  };
}
