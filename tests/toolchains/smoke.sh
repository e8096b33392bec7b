#!/usr/bin/env bash
# End-to-end proof that each cached toolchain compiles and runs a program with the flags the
# SDK tests use, and that those flags really reject a warning (a smoke test that passes
# with the strictness switched off would prove little).
#
#   tests/toolchains/smoke.sh [typescript|kotlin|swift|chromium]...   (default: all)
#
# Needs the toolchains installed (scripts/toolchains.sh install ...).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
exports=$("$repo/scripts/toolchains.sh" env)
eval "$exports"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
timings=""

# Runs one step, records its time, and shows its output only when it fails.
step() {
  local label=$1 start rc=0
  shift
  start=$EPOCHREALTIME
  "$@" >"$work/step.log" 2>&1 || rc=$?
  timings+=$(awk -v l="$label" -v a="$start" -v b="$EPOCHREALTIME" -v sep="${timings:+, }" \
    'BEGIN { printf "%s%s %.1fs", sep, l, b - a }')
  if [[ $rc != 0 ]]; then
    printf '  %s failed (exit %s):\n' "$label" "$rc" >&2
    sed 's/^/    /' "$work/step.log" >&2
  fi
  return "$rc"
}

# The step must fail, and for the planted reason: the compiler's diagnostic must match.
step_rejects() {
  local label=$1 reason=$2
  shift 2
  if step "$label" "$@" 2>/dev/null; then
    printf '  %s: compiled although it should not\n' "$label" >&2
    return 1
  fi
  grep -qE "$reason" "$work/step.log" || {
    printf '  %s: failed, but not with /%s/:\n' "$label" "$reason" >&2
    sed 's/^/    /' "$work/step.log" >&2
    return 1
  }
}

expect_output() {
  local want=$1 got
  got=$(<"$work/step.log")
  [[ $got == "$want" ]] || {
    printf '  expected output %q, got %q\n' "$want" "$got" >&2
    return 1
  }
}

need() {
  [[ -n ${!1:-} ]] || {
    printf '  %s is not set: run scripts/toolchains.sh install %s\n' "$1" "$2" >&2
    return 1
  }
}

smoke_typescript() {
  need TRACKPLAN_TSC typescript || return
  local d=$work/ts
  mkdir -p "$d"
  cat >"$d/hello.ts" <<'EOF'
interface Greeting {
  readonly name: string;
  readonly count: number;
}
const greet = (g: Greeting): string => `hello ${g.name} x${g.count}`;
console.log(greet({ name: "typescript", count: 1 }));
EOF
  cat >"$d/implicit_any.ts" <<'EOF'
export function twice(x) { return x * 2; }
EOF
  local flags=(--strict --noUnusedLocals --target es2022 --module nodenext
    --types node --typeRoots "$TRACKPLAN_NODE_MODULES/@types")
  step "compile" "$TRACKPLAN_TSC" "${flags[@]}" --outDir "$d/out" "$d/hello.ts" &&
    step "run" node "$d/out/hello.js" &&
    expect_output "hello typescript x1" &&
    step_rejects "rejects-implicit-any" "error TS7006" \
      "$TRACKPLAN_TSC" "${flags[@]}" --noEmit "$d/implicit_any.ts"
}

smoke_kotlin() {
  need TRACKPLAN_KOTLINC kotlin || return
  local d=$work/kt
  mkdir -p "$d"
  cat >"$d/Hello.kt" <<'EOF'
data class Greeting(val name: String, val count: Int)

fun main() {
    val g = Greeting("kotlin", 1)
    println("hello ${g.name} x${g.count}")
}
EOF
  # K2 reports no unused variables on the command line; a deprecated call always warns.
  cat >"$d/Deprecated.kt" <<'EOF'
@Deprecated("use newer")
fun older() = 1

fun main() {
    println(older())
}
EOF
  step "compile" "$TRACKPLAN_KOTLINC" -Werror -include-runtime -d "$d/hello.jar" "$d/Hello.kt" &&
    step "run" java -jar "$d/hello.jar" &&
    expect_output "hello kotlin x1" &&
    step_rejects "rejects-warning" "warnings found and -Werror specified" \
      "$TRACKPLAN_KOTLINC" -Werror -d "$d/deprecated" "$d/Deprecated.kt"
}

smoke_swift() {
  need TRACKPLAN_SWIFT_ROOT swift || return
  local d=$work/swift chroot=$repo/scripts/swiftc-chroot
  mkdir -p "$d"
  # Foundation's JSONEncoder is what generated SDKs serialise events with.
  cat >"$d/Hello.swift" <<'EOF'
import Foundation

struct Greeting: Codable {
    let name: String
    let count: Int
}

@main
struct Hello {
    static func main() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(Greeting(name: "swift", count: 1))
        print(String(decoding: json, as: UTF8.self))
    }
}
EOF
  cat >"$d/Unused.swift" <<'EOF'
@main
struct Unused {
    static func main() {
        let unused = 1
    }
}
EOF
  local flags=(swiftc -warnings-as-errors -parse-as-library)
  step "compile" "$chroot" "$d" -- "${flags[@]}" Hello.swift -o hello &&
    step "run" "$chroot" "$d" -- ./hello &&
    expect_output '{"count":1,"name":"swift"}' &&
    step_rejects "rejects-warning" "error: initialization of immutable value 'unused' was never" \
      "$chroot" "$d" -- "${flags[@]}" Unused.swift -o unused
}

smoke_chromium() {
  need TRACKPLAN_CHROMIUM chromium || return
  local d=$work/chromium
  mkdir -p "$d"
  # The text is written by script, so finding it in the DOM proves JavaScript ran.
  cat >"$d/page.html" <<'EOF'
<!doctype html>
<html><body><h1 id="out">static</h1>
<script>document.getElementById("out").textContent = "rendered by " + "chromium";</script>
</body></html>
EOF
  # Without the networking switches Chromium keeps dialling hosts this network refuses.
  local flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync)
  step "dump-dom" timeout 60 "$TRACKPLAN_CHROMIUM" "${flags[@]}" \
    --user-data-dir="$d/profile-dom" --dump-dom "file://$d/page.html" &&
    grep -q '<h1 id="out">rendered by chromium</h1>' "$work/step.log" &&
    step "screenshot" timeout 60 "$TRACKPLAN_CHROMIUM" "${flags[@]}" \
      --user-data-dir="$d/profile-png" --window-size=640,360 \
      --screenshot="$d/page.png" "file://$d/page.html" &&
    [[ -s $d/page.png ]] &&
    step "chromedriver" "$TRACKPLAN_CHROMEDRIVER" --version
}

toolchains=("$@")
[[ ${#toolchains[@]} -gt 0 ]] || toolchains=(typescript kotlin swift chromium)
for t in "${toolchains[@]}"; do
  case $t in
    typescript | kotlin | swift | chromium) ;;
    *)
      echo "usage: $0 [typescript|kotlin|swift|chromium]..." >&2
      exit 2
      ;;
  esac
  timings=""
  if "smoke_$t"; then
    passed=$((passed + 1))
    result=ok
  else
    failed=$((failed + 1))
    result=FAIL
  fi
  printf '%-4s %-10s %s\n' "$result" "$t" "$timings"
done
echo "smoke: $passed passed, $failed failed"
[[ $failed == 0 ]]
