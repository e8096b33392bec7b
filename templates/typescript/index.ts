{% include "typescript/header.ts" %}
import * as $ from "./runtime.js";

export { ValidationError, flush } from "./runtime.js";
export type { AnalyticsClient, AnalyticsOptions, Envelope, TrackOptions, ValidationPolicy, Violation } from "./runtime.js";
{% for section in sections %}
{{ section }}{% endfor %}
