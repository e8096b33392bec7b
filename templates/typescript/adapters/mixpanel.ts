{% include "typescript/header.ts" %}
/* eslint-disable */
// Adapters for Mixpanel's official SDKs: `mixpanel` (Node) and `mixpanel-browser`. Written
// against their public types, without importing them. `messageId` becomes `$insert_id`.

import type { AnalyticsClient, Envelope } from "../runtime.js";

type Dict = Record<string, unknown>;

/** What the adapter needs of `Mixpanel.init(token)` from `mixpanel`. */
export interface MixpanelNodeLike {
  track: (event: string, properties: Dict) => void;
  people: {
    set: (distinctId: string, properties: Dict) => void;
    union: (distinctId: string, data: { [key: string]: string[] }) => void;
  };
}

function eventOf(e: Envelope): { event: string; properties: Dict } {
  const properties = e.type === "track" ? e.properties : e.type === "page" || e.type === "screen" ? { ...e.properties, ...(e.name === undefined ? {} : { name: e.name }) } : {};
  return {
    event: e.type === "track" ? e.event : e.type === "page" ? "Page Viewed" : "Screen Viewed",
    properties: {
      ...properties,
      time: Date.parse(e.timestamp),
      $insert_id: e.messageId,
      ...(e.anonymousId ? { $device_id: e.anonymousId } : {}),
      ...(e.userId === undefined ? {} : { $user_id: e.userId }),
    },
  };
}

/** Sends envelopes through the `mixpanel` Node client; identify and group update the profile. */
export function mixpanelNode(mixpanel: MixpanelNodeLike): AnalyticsClient {
  return {
    send(e: Envelope): void {
      const distinct = e.userId || e.anonymousId || "";
      if (e.type === "identify") mixpanel.people.set(distinct, e.traits);
      else if (e.type === "group") mixpanel.people.union(distinct, { groups: [e.groupId] });
      else {
        const { event, properties } = eventOf(e);
        mixpanel.track(event, { ...properties, distinct_id: distinct });
      }
    },
  };
}

/** What the adapter needs of `mixpanel-browser`. */
export interface MixpanelBrowserLike {
  track: (event: string, properties?: Dict) => void;
  identify: (id?: string) => unknown;
  set_group: (groupKey: string, groupIds: string) => void;
  people: { set: (properties: Dict) => void };
}

/** Sends envelopes through `mixpanel-browser` (it keeps the distinct id itself). */
export function mixpanelBrowser(mixpanel: MixpanelBrowserLike): AnalyticsClient {
  return {
    send(e: Envelope): void {
      if (e.type === "identify") {
        mixpanel.identify(e.userId);
        mixpanel.people.set(e.traits);
      } else if (e.type === "group") mixpanel.set_group("group", e.groupId);
      else {
        const { event, properties } = eventOf(e);
        mixpanel.track(event, properties);
      }
    },
  };
}
