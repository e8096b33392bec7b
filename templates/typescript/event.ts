{{ doc }}export function {{ function }}(properties{{ optional }}: {{ type_name }}, options?: $.TrackOptions): void {
  $.track({{ wire }}, properties || {}, {{ validate }}, options);
}
