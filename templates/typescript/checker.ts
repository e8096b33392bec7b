function {{ name }}({{ params }}): number {
  return {{ sum }};
}
