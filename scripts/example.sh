#!/usr/bin/env bash
# The main job on the bundled example plan: check it, generate the four SDKs and the docs
# site into target/example/.
set -euo pipefail
cd "$(dirname "$0")/.."

plan=fixtures/ecommerce/tracking-plan.json
out=target/example
cargo build --release --locked -p trackplan-cli
codegen=target/release/codegen

"$codegen" validate-plan "$plan"
for lang in rust typescript kotlin swift; do
    "$codegen" generate --plan "$plan" --lang "$lang" --out "$out/$lang"
done
rm -rf "$out/site"
"$codegen" docs "$plan" -o "$out/site"
echo "SDKs in $out/{rust,typescript,kotlin,swift}; documentation site: $out/site/index.html"
