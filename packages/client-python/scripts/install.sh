#!/usr/bin/env bash
# Creates packages/client-python/.venv (if missing) and installs requirements-test.txt into it:
# the generated client (editable, from ./generated) and pinned dependencies plus pytest.
# Skips pip when nothing it installs from has changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
# Several test tasks run this at once (this package's, the docs samples', the contract suite's
# proxy test): one at a time, or two would build the same venv over each other.
exec 9>.venv.lock
flock 9
python="${PYTHON:-python3}"
# A venv whose creation was cut short (no pip) is made again.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  rm -rf .venv
  "$python" -m venv .venv
fi
stamp=.venv/.installed
want="$(cat requirements-test.txt generated/pyproject.toml pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || ! .venv/bin/python -c 'import cec_cobrowse_client, cec_cobrowse' 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
  echo "$want" > "$stamp"
fi
