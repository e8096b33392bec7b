{% include "typescript/header.ts" %}
