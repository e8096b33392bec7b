{{ doc }}export const {{ name }} = [{{ values }}] as const;
{{ doc }}export type {{ name }} = (typeof {{ name }})[number];
