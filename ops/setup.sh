#!/usr/bin/env bash
# Creates the two virtual environments from the lock files: .venv/rasa (the Rasa server)
# and .venv/app (our code and the tests). Each is rebuilt only when its lock file changes.
set -euo pipefail
cd "$(dirname "$0")/.."

python=$(bash ops/find-python.sh)

lock_digest() { sha256sum "$1" | cut -d' ' -f1; }

make_env() {
  local name=$1 lock=requirements/$1.lock dir=.venv/$1
  local stamp=$dir/.installed-from want
  want=$(lock_digest "$lock")
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "Setting up the '$name' environment from $lock (once; this takes a few minutes)..."
  rm -rf "$dir"
  "$python" -m venv "$dir"
  local log=.venv/$name-install.log
  if ! { "$dir/bin/pip" install --disable-pip-version-check --no-deps -r "$lock" \
         && "$dir/bin/pip" check; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    echo "Installing the '$name' environment failed; the whole log is in $log." >&2
    exit 1
  fi
  echo "$want" > "$stamp"
}

make_env rasa
make_env app

# Debian's British English word list: the knowledge base's resolver never reads a real
# word as a misspelt name (knowledge/resolve.py). Optional: without it a smaller list is used.
if [ ! -f /usr/share/dict/british-english ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wbritish; } \
    >.venv/wbritish-install.log 2>&1 || echo "Note: could not install wbritish; a smaller word list is used."
fi

# The browser tests drive Debian's Chromium (never a downloaded browser).
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium from Debian's packages for the browser tests (once)..."
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  if ! { $sudo_cmd apt-get update -qq && \
         DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver; } \
       >.venv/chromium-install.log 2>&1; then
    tail -n 5 .venv/chromium-install.log >&2
    echo "Could not install Chromium (apt-get install chromium chromium-driver); the browser tests need it. The log is in .venv/chromium-install.log." >&2
    exit 1
  fi
fi
