function {{ name }}(v: $.Rec): void {
{{ body }}}
