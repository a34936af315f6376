#!/usr/bin/env bash
# make test-newcomer: what someone who has just cloned the repository gets from `make demo`. A fresh clone of HEAD
# (only what is committed counts), an empty Maven repository (every dependency comes from Maven Central, as on their
# machine), an empty HOME and a bare environment (none of our settings, caches, exported variables or outer make's
# flags), then the demo's index and last date are checked. Needs git, a JDK 17 and Maven, like the README.
# Keeps its directory when it fails, for a look at demo.log.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pmf-newcomer.XXXXXX")
started=$(date +%s)
fail() { echo "test-newcomer FAILED: $1 (work left in $tmp)" >&2; exit 1; }

git clone -q --no-local "$repo" "$tmp/clone"
mkdir -p "$tmp/home" "$tmp/m2"
# user.home as well as HOME: Java reads the home directory from the password file, and Maven finds settings.xml
# (and by default its repository) there.
bare() {
  env -i PATH="$PATH" HOME="$tmp/home" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} ${TMPDIR:+TMPDIR="$TMPDIR"} \
    MAVEN_OPTS="-Duser.home=$tmp/home -Dmaven.repo.local=$tmp/m2" "$@"
}
cd "$tmp/clone"
bare make demo > "$tmp/demo.log" 2>&1 || fail "make demo exited with $? in a fresh clone; see $tmp/demo.log"
verdict=$(bare java -cp "devtools/target/classes:$(cat devtools/target/classpath.txt)" pmf.signals.devtools.DemoCheck \
  out 14) || fail "${verdict#FAILED: }"
echo "test-newcomer: $verdict ($(( $(date +%s) - started )) s from clone to verdict)"
rm -rf "$tmp"
