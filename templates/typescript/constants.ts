{% for (name, code) in constants %}const {{ name }} = {{ code }};
{% endfor %}
