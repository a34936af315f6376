#!/usr/bin/env bash
# make compare-outputs BASE=REV: is every output the same before and after a change? Builds the shipped jar of BASE
# in a temporary git worktree (its own target directories; nothing installed into the Maven repository), then runs
# CompareOutputs (bench/) on it and on this working tree's jar, which `make build` has just built: the same
# generated cohorts and dates in two fresh embedded databases, every output compared. Exit 0 identical, 1 different,
# 2 when BASE or a jar cannot be built or run. Usage: compare-outputs.sh REV [CompareOutputs options...]
# CLASSPATH must hold bench's classes and dependencies (the Makefile passes them).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
base=${1:?"usage: $0 REV [--cohorts=demo,bench] [--demoDates=N] [--benchDates=N] [--keep]"}
shift
rev=$(git -C "$repo" rev-parse --verify --quiet "$base^{commit}") || { echo "error: BASE=$base is not a git revision" >&2; exit 2; }
started=$(date +%s)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pmf-compare-base.XXXXXX")
cleanup() { git -C "$repo" worktree remove --force "$tmp/base" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT

git -C "$repo" worktree add --quiet --detach "$tmp/base" "$rev"
# This checkout's Maven settings (a private local repository, say), which are not committed.
if [ -f "$repo/.mvn/maven.config" ]; then mkdir -p "$tmp/base/.mvn" && cp "$repo/.mvn/maven.config" "$tmp/base/.mvn/"; fi
echo "building the jar of $base ($(git -C "$repo" log -1 --format='%h %s' "$rev" | cut -c1-100))"
# package, not install: the reactor resolves the modules, so no other checkout ever picks up BASE's jars.
(cd "$tmp/base" && ${MVN:-mvn -B -q} package -DskipTests -pl pipeline -am) > "$tmp/build.log" 2>&1 \
  || { tail -20 "$tmp/build.log" >&2; echo "error: BASE=$base does not build (mvn package above)" >&2; exit 2; }
built=$(date +%s)
echo "built in $(( built - started )) s"

status=0
java -cp "$CLASSPATH" pmf.signals.bench.CompareOutputs --baseJar="$tmp/base/pipeline/target/pmf-signals.jar" \
  --jar="$repo/pipeline/target/pmf-signals.jar" "$@" || status=$?
echo "compare-outputs: $(( $(date +%s) - started )) s in all (building BASE's jar $(( built - started )) s)"
exit $status
