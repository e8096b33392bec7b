const {{ keys }}: readonly string[] = [{{ key_list }}];
function {{ name }}(v: $.Rec, o: $.Out, q: string): void {
  const n = {{ sum }};
  if (n !== $.count(v)) $.extra(v, o, q, {{ keys }});
}
