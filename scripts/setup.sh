#!/usr/bin/env bash
# Installs the system libraries Tollgate builds against, when they are missing (Debian/Ubuntu),
# and tzdata, the time zone database the time builtins read (`time.date([ns, "Europe/Paris"])`).
set -euo pipefail
missing=()
for pkg in libjansson-dev libsqlite3-dev libzstd-dev pkg-config tzdata; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "tollgate setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
