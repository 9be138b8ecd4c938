#!/usr/bin/env bash
# Publishes kiosk .debs into the fleet's signed apt repository (reprepro), suites `canary` and `stable`.
#
#   publish.sh --repo DIR --key KEYID init                 make DIR a repository signed with KEYID (gpg)
#   publish.sh --repo DIR add canary|stable FILE.deb...    put packages into a suite (replaces that package's version)
#   publish.sh --repo DIR promote                          copy canary's kiosk packages to stable
#   publish.sh --repo DIR list [SUITE]                     what each suite holds
#
# The repository is plain files (serve DIR/ with any web server). A kiosk's sources entry:
#   deb [signed-by=/usr/share/keyrings/kiosk-fleet.gpg] https://repo.example/kiosk canary main
# and the public key for signed-by= is DIR/kiosk-fleet.gpg (written by init). GNUPGHOME selects the keyring as usual.
set -euo pipefail

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
repo="" key=""
while [ $# -gt 0 ]; do
  case "$1" in
    --repo) repo="$2"; shift 2 ;;
    --key) key="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) break ;;
  esac
done
[ -n "$repo" ] && [ $# -ge 1 ] || usage
cmd="$1"; shift

case "$cmd" in
  init)
    [ -n "$key" ] || { echo "publish.sh: init needs --key KEYID" >&2; exit 2; }
    mkdir -p "$repo/conf"
    for suite in canary stable; do
      cat <<CONF
Origin: kiosk-fleet
Label: kiosk-fleet
Suite: $suite
Codename: $suite
Architectures: amd64 arm64
Components: main
Description: Guangdong self-service kiosk packages ($suite)
SignWith: $key

CONF
    done > "$repo/conf/distributions"
    gpg --batch --yes --export "$key" > "$repo/kiosk-fleet.gpg"
    reprepro -b "$repo" export
    ;;
  add)
    [ $# -ge 2 ] || usage
    suite="$1"; shift
    case "$suite" in canary|stable) ;; *) echo "publish.sh: suite must be canary or stable" >&2; exit 2 ;; esac
    for deb in "$@"; do reprepro -b "$repo" includedeb "$suite" "$deb"; done
    ;;
  promote)
    reprepro -b "$repo" copymatched stable canary 'kiosk*'
    ;;
  list)
    for suite in ${1:-canary stable}; do reprepro -b "$repo" list "$suite"; done
    ;;
  *) usage ;;
esac
