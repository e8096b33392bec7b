/**
 * Starts the SDK: where envelopes go, the global properties sent with every track event
 * (validated here, once), and the validation policy. Call once, before any other function.
 */
export function init(options: {{ options_type }}): void {
  $.start(options, {{ check }});
}
