{{ doc }}export const {{ function }}: (properties{{ optional }}: {{ type_name }}, options?: $.TrackOptions) => void =
  /* @__PURE__ */ $.tracker({{ wire }}, {{ check }});
