#!/usr/bin/env bash
# Installs and caches the toolchains that tests compile generated SDKs with.
#
#   scripts/toolchains.sh install [typescript|typescript-sdk|kotlin|swift|chromium|all]...   (default: all)
#   scripts/toolchains.sh env     # `export` lines for what is installed; tests `eval` them
#
# Everything lives under $TRACKPLAN_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/trackplan),
# outside the repo, so a fresh clone reuses it. Each toolchain writes a stamp holding the key
# of what it installed (lockfile hash, package list) only after it works, so a warm run just
# compares stamps, and a changed pin or an interrupted install is redone. Chromium is the
# exception: Debian's package goes system-wide, and dpkg's own status is its stamp.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${TRACKPLAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/trackplan}
npm_locks=$repo/tests/toolchains/npm

# No Swift toolchain exists for bookworm; Debian 13 (trixie) packages one, so Swift lives in a
# trixie chroot. libc6-dev and libstdc++-14-dev are what swiftc links against.
swift_suite=trixie
swift_packages=(swiftlang libc6-dev libstdc++-14-dev)
# Fonts with the metrics of the common web fonts, so the docs site renders the same everywhere.
chromium_packages=(chromium chromium-driver fonts-liberation)

all_toolchains=(typescript typescript-sdk kotlin swift chromium)

log() { printf 'toolchains: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

now() { printf '%s' "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }

# A stamp holds the key of a completed install; a missing or different one means "install".
stamp_ok() { [[ -f $1 && $(<"$1") == "$2" ]]; }

# Long installer output goes to a log; only a failure shows its tail.
run_logged() {
  local name=$1
  shift
  mkdir -p "$cache/logs"
  local logfile=$cache/logs/$name.log
  if ! "$@" >"$logfile" 2>&1; then
    tail -n 40 "$logfile" >&2
    die "'$*' failed; full log: $logfile"
  fi
}

apt_updated=0
apt_install() {
  # Package lists on a fresh machine are empty or stale: refresh once per run, not per package.
  if [[ $apt_updated == 0 ]]; then
    log "apt-get update"
    run_logged apt-update apt-get update
    apt_updated=1
  fi
  log "apt-get install $*"
  run_logged apt-install env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "$@"
}

dpkg_installed() {
  local p
  for p in "$@"; do
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) == installed ]] || return 1
  done
}

# --- npm-based toolchains (TypeScript, Kotlin) -------------------------------------------

# The key is the committed package.json + lockfile, so bumping a pin reinstalls.
npm_key() {
  cat "$npm_locks/$1/package.json" "$npm_locks/$1/package-lock.json" | sha256sum | cut -d' ' -f1
}

staging=""
cleanup_staging() { [[ -z $staging ]] || rm -rf "$staging"; }
trap cleanup_staging EXIT

# `npm ci` against the committed lockfile (integrity-checked), into a staging dir that replaces
# the old install only once it is complete, so an interrupted run never leaves a half install.
install_npm() {
  local name=$1 dest=$cache/$1 key
  key=$(npm_key "$name")
  if stamp_ok "$dest/.stamp" "$key"; then
    log "$name: cached"
    return
  fi
  log "$name: npm ci (tests/toolchains/npm/$name)"
  staging=$(mktemp -d "$cache/.$name.XXXXXX")
  chmod 755 "$staging" # mktemp makes it private; the toolchain is for every user
  cp "$npm_locks/$name/package.json" "$npm_locks/$name/package-lock.json" "$staging/"
  # A throwaway npm cache: the tarballs would only duplicate what is unpacked here.
  run_logged "npm-$name" npm ci --prefix "$staging" --ignore-scripts --no-audit --no-fund \
    --cache "$staging/.npm-cache"
  rm -rf "$staging/.npm-cache"
  "verify_$name" "$staging"
  printf '%s\n' "$key" >"$staging/.stamp"
  rm -rf "$dest"
  mv "$staging" "$dest"
  staging=""
}

tsc_path() { printf '%s' "$1/node_modules/.bin/tsc"; }
# A toolchain is stamped only once it has run; its version line goes to the log.
verify() {
  local name=$1 out
  shift
  out=$("$@" 2>&1) || die "$name: '$*' failed: $out"
  # The first line with a version number: launchers may print noise before it.
  log "$name: $(grep -m 1 -E '[0-9]+\.[0-9]+' <<<"$out" || printf '%s' "${out%%$'\n'*}")"
}

verify_typescript() { verify typescript "$(tsc_path "$1")" --version; }

# The vendor SDKs, ajv, quicktype-core and esbuild that the TypeScript SDK tests run against.
verify_typescript-sdk() {
  verify typescript-sdk env NODE_PATH="$1/node_modules" node -e \
    'require("esbuild").transformSync("let a = 1"); console.log("esbuild " + require("esbuild").version)'
}

kotlinc_path() { printf '%s' "$1/node_modules/kotlin-compiler/bin/kotlinc"; }
verify_kotlin() {
  command -v java >/dev/null || die "kotlin: kotlinc needs a JVM; no 'java' on PATH"
  verify kotlin "$(kotlinc_path "$1")" -version
}

# --- Swift (Debian trixie chroot) ---------------------------------------------------------

swift_key() { printf '%s minbase: %s' "$swift_suite" "${swift_packages[*]}"; }

# The machine's own Debian mirror: the only archive it can reach.
debian_mirror() {
  local m=""
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    m=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [[ -z $m && -f /etc/apt/sources.list ]]; then
    m=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }' \
      /etc/apt/sources.list)
  fi
  printf '%s' "${m:-http://deb.debian.org/debian}"
}

# Deleting a chroot with something mounted in it would delete the host's /dev or test files.
assert_nothing_mounted_under() {
  if awk -v r="$1" '$5 == r || index($5, r "/") == 1 { found = 1 } END { exit !found }' \
    /proc/self/mountinfo; then
    die "swift: something is still mounted under $1; unmount it before reinstalling"
  fi
}

in_chroot() {
  chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "${@:2}"
}

install_swift() {
  local dest=$cache/swift root=$cache/swift/root key mirror probe
  key=$(swift_key)
  if stamp_ok "$dest/.stamp" "$key"; then
    log "swift: cached"
    return
  fi
  mkdir -p "$dest"
  rm -f "$dest/.stamp"
  # debootstrap cannot resume, so a root without its own completion marker is started afresh.
  if [[ ! -f $dest/.debootstrap-done ]]; then
    assert_nothing_mounted_under "$root"
    rm -rf "$root"
    command -v debootstrap >/dev/null || apt_install debootstrap
    mirror=$(debian_mirror)
    log "swift: debootstrap $swift_suite from $mirror"
    run_logged swift-debootstrap debootstrap --variant=minbase "$swift_suite" "$root" "$mirror"
    touch "$dest/.debootstrap-done"
  fi
  log "swift: apt-get install ${swift_packages[*]} (in the chroot)"
  run_logged swift-apt-update in_chroot "$root" apt-get update
  run_logged swift-apt-install in_chroot "$root" \
    apt-get install -y --no-install-recommends "${swift_packages[@]}"
  run_logged swift-apt-clean in_chroot "$root" apt-get clean
  mkdir -p "$root/build"
  probe=$(mktemp -d)
  verify swift env TRACKPLAN_SWIFT_ROOT="$root" \
    "$repo/scripts/swiftc-chroot" "$probe" -- swiftc --version
  rmdir "$probe"
  printf '%s\n' "$key" >"$dest/.stamp"
}

# --- Chromium (Debian packages, system-wide) ----------------------------------------------

install_chromium() {
  if dpkg_installed "${chromium_packages[@]}"; then
    log "chromium: installed"
    return
  fi
  apt_install "${chromium_packages[@]}"
  verify chromium chromium --version
}

# --- commands -----------------------------------------------------------------------------

cmd_install() {
  local wanted=() t start
  [[ $# -gt 0 ]] || set -- all
  for t in "$@"; do
    case $t in
      all) wanted+=("${all_toolchains[@]}") ;;
      typescript | typescript-sdk | kotlin | swift | chromium) wanted+=("$t") ;;
      *) die "unknown toolchain '$t' (known: ${all_toolchains[*]} all)" ;;
    esac
  done
  mkdir -p "$cache"
  # Two test runs starting at once must not install into the same directories together.
  exec 9>"$cache/.install.lock"
  if ! flock -n 9; then
    log "waiting for another install to finish"
    flock 9
  fi
  for t in "${all_toolchains[@]}"; do
    [[ " ${wanted[*]} " == *" $t "* ]] || continue
    start=$(now)
    case $t in
      typescript | typescript-sdk | kotlin) install_npm "$t" ;;
      swift) install_swift ;;
      chromium) install_chromium ;;
    esac
    log "$t: ready in $(since "$start")"
  done
}

# Only complete, current installs are exported; anything else is named in a comment so a
# test that needs it fails with a pointer to the install command.
cmd_env() {
  local dir
  dir=$cache/typescript
  if stamp_ok "$dir/.stamp" "$(npm_key typescript)"; then
    printf 'export TRACKPLAN_TSC=%q\n' "$(tsc_path "$dir")"
    printf 'export TRACKPLAN_NODE_MODULES=%q\n' "$dir/node_modules"
  else
    echo "# typescript: not installed; run scripts/toolchains.sh install typescript"
  fi
  dir=$cache/typescript-sdk
  if stamp_ok "$dir/.stamp" "$(npm_key typescript-sdk)"; then
    printf 'export TRACKPLAN_TS_SDK_NODE_MODULES=%q\n' "$dir/node_modules"
  else
    echo "# typescript-sdk: not installed; run scripts/toolchains.sh install typescript-sdk"
  fi
  dir=$cache/kotlin
  if stamp_ok "$dir/.stamp" "$(npm_key kotlin)"; then
    printf 'export TRACKPLAN_KOTLINC=%q\n' "$(kotlinc_path "$dir")"
  else
    echo "# kotlin: not installed; run scripts/toolchains.sh install kotlin"
  fi
  dir=$cache/swift
  if stamp_ok "$dir/.stamp" "$(swift_key)"; then
    printf 'export TRACKPLAN_SWIFT_ROOT=%q\n' "$dir/root"
  else
    echo "# swift: not installed; run scripts/toolchains.sh install swift"
  fi
  if dpkg_installed "${chromium_packages[@]}"; then
    printf 'export TRACKPLAN_CHROMIUM=%q\n' "$(command -v chromium)"
    printf 'export TRACKPLAN_CHROMEDRIVER=%q\n' "$(command -v chromedriver)"
  else
    echo "# chromium: not installed; run scripts/toolchains.sh install chromium"
  fi
}

case ${1:-} in
  install) cmd_install "${@:2}" ;;
  env) cmd_env ;;
  *)
    echo "usage: $0 install [typescript|kotlin|swift|chromium|all]... | env" >&2
    exit 2
    ;;
esac
