// The adapters accept the real vendor SDK clients: checked against their published .d.ts.
import { Analytics } from "@segment/analytics-node";
import { AnalyticsBrowser } from "@segment/analytics-next";
import * as amplitudeNode from "@amplitude/analytics-node";
import * as amplitudeBrowser from "@amplitude/analytics-browser";
import Mixpanel = require("mixpanel");
import mixpanelBrowser from "mixpanel-browser";
import { segmentNode, segmentBrowser } from "./sdk/adapters/segment.js";
import { amplitude } from "./sdk/adapters/amplitude.js";
import { mixpanelNode, mixpanelBrowser as mixpanelBrowserAdapter } from "./sdk/adapters/mixpanel.js";
import type { AnalyticsClient } from "./sdk/index.js";

export const clients: AnalyticsClient[] = [
  segmentNode(new Analytics({ writeKey: "k" })),
  segmentBrowser(AnalyticsBrowser.load({ writeKey: "k" })),
  amplitude(amplitudeNode.createInstance()),
  amplitude(amplitudeBrowser.createInstance()),
  amplitude(amplitudeNode),
  mixpanelNode(Mixpanel.init("token")),
  mixpanelBrowserAdapter(mixpanelBrowser),
];
