#!/usr/bin/env bash
# kiosk-update end to end with the real engines: packaging/apt/publish.sh makes a reprepro repository signed with a
# gpg key made here; apt-get and dpkg install into a throwaway root (apt's own Dir options and dpkg --root: no
# chroot, no debootstrap, no network); packaging/systemd/kiosk-update runs with that apt configuration and a restart
# command that starts the root's /usr/bin/kiosk instead of systemctl.
#   v1 installed and running; v2 published to canary; the update waits while a visit is in progress and outside the
#   window, runs when the visit ends: v2 up (new process, ready, self-test passed). A broken v3 (its kiosk exits at
#   start) is rolled back to v2, failed-version says 3, and 3 is not tried again.
# The kiosk packages here are small stand-ins named `kiosk` (a /usr/bin/kiosk script that writes the state file as
# the kiosk does, app/fleet/kiosk_state_file.h): what is under test is the repository, apt and the update flow.
set -euo pipefail
src="$1"
work=$(mktemp -d)
kiosk_pid=""
cleanup() {
  [ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null || true
  [ -f "$work/kiosk.pid" ] && kill "$(cat "$work/kiosk.pid")" 2>/dev/null || true
  gpgconf --homedir "$work/gnupg" --kill all 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; cat "$work/update.log" 2>/dev/null | tail -20; exit 1; }
step() { echo "--- $*"; }

# The fleet's signing key (no passphrase: a test key) and the repository.
export GNUPGHOME="$work/gnupg"
mkdir -m 0700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'Kiosk fleet test <fleet@example.invalid>' ed25519 sign never
key=$(gpg --batch --list-keys --with-colons | awk -F: '/^fpr/ { print $10; exit }')
repo="$work/repo"
bash "$src/packaging/apt/publish.sh" --repo "$repo" --key "$key" init >/dev/null

# A stand-in kiosk package of version $1; $2 = broken: its kiosk exits at start.
make_deb() {
  d="$work/pkg-$1"
  mkdir -p "$d/DEBIAN" "$d/usr/bin"
  cat > "$d/DEBIAN/control" <<CTRL
Package: kiosk
Version: $1
Architecture: all
Section: misc
Priority: optional
Maintainer: Kiosk fleet test <fleet@example.invalid>
Description: stand-in kiosk $1 for the update test
CTRL
  if [ "${2:-}" = broken ]; then
    printf '#!/bin/sh\necho "kiosk %s: cannot start" >&2\nexit 1\n' "$1" > "$d/usr/bin/kiosk"
  else
    # Writes its state as the kiosk does: visit while $work/visit exists, then ready and a passing self-test.
    cat > "$d/usr/bin/kiosk" <<KIOSK
#!/bin/sh
state="\$KIOSK_TEST_STATE"
while :; do
  visit=false; [ -e "$work/visit" ] && visit=true
  printf '{"pid":%s,"version":"$1","ready":true,"visit":%s,"selftest":"passed","changed_at":0}\n' "\$\$" "\$visit" > "\$state.tmp"
  mv "\$state.tmp" "\$state"
  sleep 0.2
done
KIOSK
  fi
  chmod 0755 "$d/usr/bin/kiosk"
  dpkg-deb --root-owner-group -b "$d" "$work/kiosk_$1_all.deb" >/dev/null
}
make_deb 1
make_deb 2
make_deb 3 broken

# The throwaway root and apt's configuration for it (trusting only the fleet key).
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/apt/lists/partial" \
  "$root/var/cache/apt/archives/partial" "$root/etc/apt/sources.list.d" "$root/etc/apt/preferences.d" \
  "$root/etc/apt/apt.conf.d" "$root/usr/share/keyrings" "$root/var/log"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
cp "$repo/kiosk-fleet.gpg" "$root/usr/share/keyrings/kiosk-fleet.gpg"
echo "deb [signed-by=$root/usr/share/keyrings/kiosk-fleet.gpg] file:$repo canary main" > "$root/etc/apt/sources.list"
cat > "$work/apt.conf" <<APT
Dir "$root/";
Dir::State::status "$root/var/lib/dpkg/status";
Dir::Etc::Trusted "/nonexistent";
Dir::Etc::TrustedParts "/nonexistent";
Dir::Bin::dpkg "/usr/bin/dpkg";
Dir::Bin::methods "/usr/lib/apt/methods";
Dir::Log "$root/var/log/apt";
DPkg::Options { "--root=$root"; "--admindir=$root/var/lib/dpkg"; "--log=$root/var/log/dpkg.log";
                "--force-script-chrootless"; "--force-not-root"; };
DPkg::Chroot-Directory "/";
APT::Sandbox::User "root";
Debug::NoLocking "true";
APT
export APT_CONFIG="$work/apt.conf"
installed() { dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${Version}' kiosk 2>/dev/null || true; }

# kiosk.conf with the update settings (a drop-in, as a region's package would set them).
mkdir -p "$root/etc/kiosk/kiosk.conf.d" "$work/state" "$work/run"
printf '[kiosk]\nid=GD-TEST-0001\n' > "$root/etc/kiosk/kiosk.conf"
printf '[update]\nwindow=02:00-05:00\nhealth_timeout_s=6\nstate_file=%s\nstate_dir=%s\n' \
  "$work/run/state.json" "$work/state" > "$root/etc/kiosk/kiosk.conf.d/50-update.conf"
export KIOSK_UPDATE_CONF="$root/etc/kiosk/kiosk.conf" KIOSK_TEST_STATE="$work/run/state.json"
# "systemctl restart kiosk.service" for the throwaway root.
cat > "$work/restart" <<RESTART
#!/bin/sh
[ -f "$work/kiosk.pid" ] && kill "\$(cat "$work/kiosk.pid")" 2>/dev/null
sleep 0.3
setsid "$root/usr/bin/kiosk" > "$work/kiosk.out" 2>&1 < /dev/null &
echo \$! > "$work/kiosk.pid"
RESTART
chmod +x "$work/restart"
export KIOSK_UPDATE_RESTART="$work/restart"
update() { KIOSK_UPDATE_NOW="$1" bash "$src/packaging/systemd/kiosk-update" > "$work/update.log" 2>&1; }
state_of() { sed -n "s/.*\"$1\":\(\"[^\"]*\"\|[a-z0-9]*\).*/\1/p" "$work/run/state.json" | tr -d '"'; }
wait_version() {
  for _ in $(seq 1 50); do [ "$(state_of version)" = "$1" ] && return 0; sleep 0.2; done
  return 1
}

step "v1 published to canary, installed with apt from the signed repository, running"
bash "$src/packaging/apt/publish.sh" --repo "$repo" add canary "$work/kiosk_1_all.deb" >/dev/null
apt-get update -q > "$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get update"; }
grep -q "NO_PUBKEY\|not signed" "$work/apt.log" && fail "the repository is not verified"
apt-get install -q -y kiosk > "$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install kiosk"; }
[ "$(installed)" = 1 ] || fail "v1 not installed"
"$work/restart"
wait_version 1 || fail "v1 did not start"
update 03:00 || fail "update with nothing newer"
grep -q "up to date" "$work/update.log" || fail "v1 alone is not up to date"
ls "$work/state/kept/"kiosk_1_*.deb > /dev/null || fail "v1's package is not kept for a rollback"

step "a repository signed by another key is refused"
cp -a "$repo" "$work/repo-forged"
GNUPGHOME="$work/gnupg-other" && mkdir -m 0700 "$GNUPGHOME" && export GNUPGHOME
gpg --batch --quiet --passphrase '' --quick-gen-key 'Someone else <x@example.invalid>' ed25519 sign never
other=$(gpg --batch --list-keys --with-colons | awk -F: '/^fpr/ { print $10; exit }')
sed -i "s/SignWith: .*/SignWith: $other/" "$work/repo-forged/conf/distributions"
reprepro -b "$work/repo-forged" export > /dev/null 2>&1
export GNUPGHOME="$work/gnupg"
sed "s|file:$repo |file:$work/repo-forged |" "$root/etc/apt/sources.list" > "$work/forged.list"
if apt-get update -q -o Dir::Etc::SourceList="$work/forged.list" > "$work/forged.log" 2>&1 &&
   ! grep -q "NO_PUBKEY\|is not signed\|invalid" "$work/forged.log"; then
  cat "$work/forged.log"; fail "apt accepted a repository signed by another key"
fi
apt-get update -q > /dev/null 2>&1

step "v2 published to canary: no update during a visit, none outside the window"
bash "$src/packaging/apt/publish.sh" --repo "$repo" add canary "$work/kiosk_2_all.deb" >/dev/null
pid1=$(state_of pid)
touch "$work/visit"
for _ in $(seq 1 20); do [ "$(state_of visit)" = true ] && break; sleep 0.1; done
[ "$(state_of visit)" = true ] || fail "the stand-in kiosk does not report the visit"
update 03:00 || fail "update during a visit"
grep -q "visit is in progress" "$work/update.log" || fail "the visit was not seen"
[ "$(installed)" = 1 ] && [ "$(state_of pid)" = "$pid1" ] || fail "updated or restarted during a visit"
rm -f "$work/visit"
for _ in $(seq 1 20); do [ "$(state_of visit)" = false ] && break; sleep 0.1; done
update 12:00 || fail "update outside the window"
grep -q "outside the maintenance window" "$work/update.log" || fail "the window was not applied"
[ "$(installed)" = 1 ] || fail "updated outside the window"

step "the visit is over, inside the window: v2 installed, restarted, healthy"
update 03:00 || fail "update to v2: $(cat "$work/update.log")"
[ "$(installed)" = 2 ] || fail "v2 not installed"
[ "$(state_of version)" = 2 ] && [ "$(state_of pid)" != "$pid1" ] || fail "v2 is not the running kiosk"
ls "$work/state/kept/"kiosk_2_*.deb > /dev/null || fail "v2's package is not kept"
[ ! -e "$work/state/failed-version" ] || fail "failed-version after a good update"

step "a broken v3: rolled back to v2, reported, not tried again"
bash "$src/packaging/apt/publish.sh" --repo "$repo" add canary "$work/kiosk_3_all.deb" >/dev/null
if update 03:00; then fail "a failed update exited 0"; fi
grep -q "rolling back" "$work/update.log" || fail "no rollback: $(cat "$work/update.log")"
[ "$(installed)" = 2 ] || fail "v2 not reinstalled (installed: $(installed))"
wait_version 2 || fail "v2 is not running again"
[ "$(cat "$work/state/failed-version")" = 3 ] || fail "failed-version is not 3"
update 03:00 || fail "the next run after a rollback"
grep -q "3 failed before" "$work/update.log" || fail "v3 was tried again"
[ "$(installed)" = 2 ] || fail "v3 installed again"
echo "kiosk-update: all steps passed"
