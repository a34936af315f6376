#!/usr/bin/env bash
# Makes sure a Debian package a test target needs is installed, so `make test` works on a bare machine:
# nothing when it is there; apt-get when we are root (CI, containers); otherwise one line naming the command to run,
# and a non-zero exit, because installing would need sudo and a password prompt inside make is worse than a clear stop.
# Usage: .ci/provide.sh chromium|postgresql-15
set -euo pipefail
pkg=${1:-}

present() {
  case $pkg in
    # Where ReportInChromiumTest / IndexInChromiumTest look: PMF_CHROMIUM, else chromium or chromium-browser on PATH.
    chromium) if [ -n "${PMF_CHROMIUM:-}" ]; then [ -x "$PMF_CHROMIUM" ]; else
                command -v chromium >/dev/null || command -v chromium-browser >/dev/null; fi ;;
    # Where .ci/postgres15.sh runs it from.
    postgresql-15) [ -x /usr/lib/postgresql/15/bin/postgres ] ;;
  esac
}

case $pkg in
  chromium|postgresql-15) ;;
  *) echo "usage: .ci/provide.sh chromium|postgresql-15" >&2; exit 2 ;;
esac
present && exit 0
if [ -n "${PMF_CHROMIUM:-}" ] && [ "$pkg" = chromium ]; then
  echo "PMF_CHROMIUM=$PMF_CHROMIUM is not an executable file: point it at a Chromium or Chrome binary, or unset it" >&2
  exit 1
fi
if [ "$EUID" -ne 0 ]; then
  echo "$pkg is missing; install it with: sudo apt-get update && sudo apt-get install -y $pkg" >&2
  exit 1
fi
echo "installing $pkg (Debian package) for the tests"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
present || { echo "apt-get installed $pkg, but it is still not where the tests look" >&2; exit 1; }
