{% for (name, code) in constants %}const {{ name }} = {{ code }};
{% endfor %}{% for function in functions %}{{ function }}
{% endfor %}
