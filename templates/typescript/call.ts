{{ doc }}export function {{ function }}({{ subject }}: {{ subject_type }}, {{ payload }}{{ optional }}: {{ type_name }}, options?: $.TrackOptions): void {
  $.{{ runtime }}({{ runtime_args }}{{ subject }}, {{ payload }} || {}, {{ check }}, options);
}
