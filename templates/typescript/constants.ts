// Validation: one check function per object shape, one guard per property. Guard flags:
// 1 = required (absence is reported), 2 = nullable (null passes, without rules).
{% for (name, code) in constants %}const {{ name }} = {{ code }};
{% endfor %}{% for function in functions %}{{ function }}
{% endfor %}
