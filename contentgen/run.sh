#!/usr/bin/env bash
# make content: regenerate the starter pack and lesson assets from scratch, in
# contentgen's own venv (Python 3.11 and a CPU build of PyTorch). Slow; CI never
# runs it. Writes content/starter/ and content/lesson-assets/.
set -euo pipefail
cd "$(dirname "$0")/.."
PY311="${PY311:-$(command -v python3.11 || echo /root/.pyenv/versions/3.11.7/bin/python3)}"
if [ ! -x contentgen/.venv/bin/python ]; then
  "$PY311" -m venv contentgen/.venv
fi
contentgen/.venv/bin/pip install --quiet --disable-pip-version-check -r contentgen/requirements.txt
contentgen/.venv/bin/pip install --quiet --disable-pip-version-check --no-deps gan-face-generate==1.1.1
export PYTHONHASHSEED=0 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 CUBLAS_WORKSPACE_CONFIG=:4096:8
time contentgen/.venv/bin/python -m contentgen.build "$@"
contentgen/.venv/bin/python contentgen/check_pack.py content/starter
