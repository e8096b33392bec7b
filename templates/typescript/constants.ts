{% for (name, code) in constants %}const {{ name }} = /* @__PURE__ */ {{ code }};
{% endfor %}
