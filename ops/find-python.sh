#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter: $CAREERS_PYTHON if set, else python3.10 on
# PATH, else one installed with pyenv. Exits 1 with one clear sentence when there is none.
set -u

is_python310() {
  [ -n "$1" ] && "$1" -c 'import sys; raise SystemExit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1
}

candidates=()
[ -n "${CAREERS_PYTHON:-}" ] && candidates+=("$CAREERS_PYTHON")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1; then
  for dir in "$(pyenv root)"/versions/3.10*/bin; do candidates+=("$dir/python3.10"); done
fi
for dir in "$HOME"/.pyenv/versions/3.10*/bin; do candidates+=("$dir/python3.10"); done

for candidate in "${candidates[@]}"; do
  if is_python310 "$candidate"; then echo "$candidate"; exit 0; fi
done

echo "Python 3.10 was not found: install it (for example 'pyenv install 3.10') or set CAREERS_PYTHON to the path of a python3.10 interpreter, then run this again." >&2
exit 1
