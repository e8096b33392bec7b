{{ doc }}export function {{ function }}(properties: {{ type_name }}{{ default }}, options?: $.TrackOptions): void {
  $.track({{ wire }}, properties, {{ validate }}, options);
}
