{{ doc }}export function {{ function }}({{ subject }}: {{ subject_type }}, {{ payload }}: {{ type_name }}{{ default }}, options?: $.TrackOptions): void {
  $.{{ runtime }}({{ runtime_args }}{{ subject }}, {{ payload }}, {{ validate }}, options);
}
