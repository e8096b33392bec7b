{% include "typescript/header.ts" %}
/* eslint-disable */
// Adapters for Segment's official SDKs: @segment/analytics-node (servers) and
// @segment/analytics-next (browsers). Written against their public types, without importing
// them, so this SDK never depends on a vendor package.

import type { AnalyticsClient, Envelope } from "../runtime.js";

type Dict = Record<string, unknown>;
type Identity = { userId: string; anonymousId?: string } | { userId?: string; anonymousId: string };
type Common = { messageId?: string; timestamp?: string; context?: Dict } & Identity;

/** What the adapter needs of `new Analytics({ writeKey })` from @segment/analytics-node. */
export interface SegmentNodeLike {
  track: (params: Common & { event: string; properties?: Dict }) => void;
  identify: (params: Common & { traits?: Dict }) => void;
  group: (params: Common & { groupId: string; traits?: Dict }) => void;
  page: (params: Common & { name?: string; properties?: Dict }) => void;
  screen: (params: Common & { name?: string; properties?: Dict }) => void;
  flush: () => Promise<void>;
}

function common(e: Envelope): Common {
  const base = { messageId: e.messageId, timestamp: e.timestamp, ...(e.context ? { context: { ...e.context } } : {}) };
  return e.userId !== undefined
    ? { ...base, userId: e.userId, ...(e.anonymousId ? { anonymousId: e.anonymousId } : {}) }
    : { ...base, anonymousId: e.anonymousId || "" };
}

/** Sends envelopes through an @segment/analytics-node client; ids and timestamps are kept. */
export function segmentNode(analytics: SegmentNodeLike): AnalyticsClient {
  return {
    send(e: Envelope): void {
      const c = common(e);
      if (e.type === "track") analytics.track({ ...c, event: e.event, properties: e.properties });
      else if (e.type === "identify") analytics.identify({ ...c, traits: e.traits });
      else if (e.type === "group") analytics.group({ ...c, groupId: e.groupId, traits: e.traits });
      else analytics[e.type]({ ...c, ...(e.name === undefined ? {} : { name: e.name }), properties: e.properties });
    },
    flush: () => analytics.flush(),
  };
}

/** Call options of @segment/analytics-next that the adapter sets. */
export interface SegmentBrowserOptions {
  timestamp?: Date;
  anonymousId?: string;
  context?: Dict;
}

/** What the adapter needs of `AnalyticsBrowser.load(…)` from @segment/analytics-next. */
export interface SegmentBrowserLike {
  track: (event: string, properties?: Dict, options?: SegmentBrowserOptions) => unknown;
  identify: (userId: string, traits?: Dict, options?: SegmentBrowserOptions) => unknown;
  group: (groupId: string, traits?: Dict, options?: SegmentBrowserOptions) => unknown;
  page: (category: string, name: string, properties?: Dict, options?: SegmentBrowserOptions) => unknown;
  screen: (category: string, name: string, properties?: Dict, options?: SegmentBrowserOptions) => unknown;
}

function browserOptions(e: Envelope): SegmentBrowserOptions {
  return {
    timestamp: new Date(e.timestamp),
    ...(e.anonymousId ? { anonymousId: e.anonymousId } : {}),
    ...(e.context ? { context: { ...e.context } } : {}),
  };
}

/** Sends envelopes through an @segment/analytics-next instance (it assigns its own message ids). */
export function segmentBrowser(analytics: SegmentBrowserLike): AnalyticsClient {
  return {
    send(e: Envelope): void {
      const o = browserOptions(e);
      if (e.type === "track") void analytics.track(e.event, e.properties, o);
      else if (e.type === "identify") void analytics.identify(e.userId, e.traits, o);
      else if (e.type === "group") void analytics.group(e.groupId, e.traits, o);
      else void analytics[e.type]("", e.name || "", e.properties, o);
    },
  };
}
