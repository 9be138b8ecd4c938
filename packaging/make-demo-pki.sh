#!/usr/bin/env bash
# Makes the demo PKI with the openssl CLI: a CA, the platform's TLS server certificate, the kiosk's client certificate
# (its EC P-256 key also signs envelopes), the platform's RSA-3072 submission (sealing) key and the server pins, plus
# an unrelated CA and bad certificates for negative tests. For demos and tests only: never for a real deployment.
#
# usage: make-demo-pki.sh DIR [KIOSK_ID]      (KIOSK_ID defaults to GD-DEV-0001)
# Idempotent: when DIR already holds a complete set (DIR/.complete) nothing is changed. A partial set is replaced.
#
# DIR afterwards:
#   ca.crt ca.key                     demo CA (EC P-256)
#   server.crt server.key             platform TLS server: CN and SAN localhost, SAN IP 127.0.0.1 (serverAuth)
#   server-backup.key                 a spare server key not yet in any certificate: the backup pin
#   pins.txt                          two lines "sha256//<base64 SPKI sha256>": primary (server.crt), backup
#   kiosk.crt kiosk.key               kiosk client certificate, CN = KIOSK_ID, EC P-256 key (clientAuth)
#   submission.key submission.pub     platform sealing key pair, RSA-3072, PEM (PKCS#8 private, SPKI public)
#   submission.key_id                 its key_id: "demo-" + first 16 hex of sha256(SPKI DER)
#   other-ca.crt other-ca.key         an unrelated CA
#   other-server.crt/.key             localhost, issued by the unrelated CA          (wrong CA)
#   other-kiosk.crt/.key              CN = KIOSK_ID, issued by the unrelated CA      (wrong CA, client side)
#   expired-server.crt/.key           localhost, demo CA, valid 2020-01-01..2021-01-01 (expired)
#   expired-kiosk.crt/.key            CN = KIOSK_ID, demo CA, valid 2020-01-01..2021-01-01 (expired, client side)
#   wronghost-server.crt/.key         CN and SAN wrong-host.invalid, demo CA         (wrong host name)
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 DIR [KIOSK_ID]" >&2
  exit 64
fi
dir=$1
kiosk_id=${2:-GD-DEV-0001}
case "$kiosk_id" in
  *[!A-Za-z0-9._-]*|"") echo "kiosk id may hold only letters, digits, '.', '_' and '-': $kiosk_id" >&2; exit 64 ;;
esac
command -v openssl >/dev/null || { echo "openssl is not installed" >&2; exit 69; }

files=(ca.crt ca.key server.crt server.key server-backup.key pins.txt kiosk.crt kiosk.key
       submission.key submission.pub submission.key_id other-ca.crt other-ca.key other-server.crt other-server.key
       other-kiosk.crt other-kiosk.key expired-server.crt expired-server.key expired-kiosk.crt expired-kiosk.key
       wronghost-server.crt wronghost-server.key)

complete=1
[ -f "$dir/.complete" ] || complete=0
for f in "${files[@]}"; do
  [ -f "$dir/$f" ] || complete=0
done
if [ "$complete" = 1 ]; then
  made_for=$(cat "$dir/.complete")
  if [ "$made_for" != "$kiosk_id" ]; then
    echo "$dir already holds a demo PKI for kiosk $made_for, not $kiosk_id; use another folder" >&2
    exit 65
  fi
  echo "demo PKI in $dir is complete (kiosk $kiosk_id); nothing to do"
  exit 0
fi

mkdir -p "$dir"
umask 077
work=$(mktemp -d "$dir/.pki-work.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

cat > openssl.cnf <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[wronghost_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong-host.invalid
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[client_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
# `openssl ca` is only used for the expired certificates: it is the 3.0 CLI that accepts explicit start/end dates.
[ca]
default_ca = demo_ca
[demo_ca]
database = ca-db/index.txt
new_certs_dir = ca-db
serial = ca-db/serial
default_md = sha256
policy = any_name
unique_subject = no
copy_extensions = none
[any_name]
commonName = supplied
EOF
mkdir ca-db
: > ca-db/index.txt
openssl rand -hex 16 > ca-db/serial

ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
make_ca() {  # key cert subject
  ec_key "$1"
  openssl req -config openssl.cnf -x509 -new -key "$1" -subj "$3" -days 3650 -sha256 -extensions ca_ext -out "$2"
}
issue() {  # ca-name subject-CN extensions out-name [days]
  ec_key "$4.key"
  openssl req -config openssl.cnf -new -key "$4.key" -subj "/O=Kiosk Demo/CN=$2" -out "$4.csr"
  openssl x509 -req -in "$4.csr" -CA "$1.crt" -CAkey "$1.key" -set_serial "0x$(openssl rand -hex 16)" \
    -days "${5:-825}" -sha256 -extfile openssl.cnf -extensions "$3" -out "$4.crt" 2>/dev/null
}
issue_expired() {  # subject-CN extensions out-name
  ec_key "$3.key"
  openssl req -config openssl.cnf -new -key "$3.key" -subj "/O=Kiosk Demo/CN=$1" -out "$3.csr"
  openssl ca -config openssl.cnf -batch -notext -cert ca.crt -keyfile ca.key -in "$3.csr" -out "$3.crt" \
    -startdate 20200101000000Z -enddate 20210101000000Z -extfile openssl.cnf -extensions "$2" 2>/dev/null
}
spki_pin() {  # a certificate or a private key -> sha256//<base64>
  local der
  if [ "${1##*.}" = crt ]; then
    openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform DER > spki.der
  else
    openssl pkey -in "$1" -pubout -outform DER > spki.der
  fi
  der=$(openssl dgst -sha256 -binary spki.der | openssl base64 -A)
  echo "sha256//$der"
}

make_ca ca.key ca.crt "/O=Kiosk Demo/CN=Kiosk Demo CA"
issue ca localhost server_ext server
ec_key server-backup.key
issue ca "$kiosk_id" client_ext kiosk
issue ca wrong-host.invalid wronghost_ext wronghost-server
issue_expired localhost server_ext expired-server
issue_expired "$kiosk_id" client_ext expired-kiosk
make_ca other-ca.key other-ca.crt "/O=Unrelated Test Authority/CN=Unrelated Test CA"
issue other-ca localhost server_ext other-server
issue other-ca "$kiosk_id" client_ext other-kiosk

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out submission.key 2>/dev/null
openssl pkey -in submission.key -pubout -out submission.pub
openssl pkey -pubin -in submission.pub -outform DER > submission.der
echo "demo-$(openssl dgst -sha256 -r submission.der | cut -c1-16)" > submission.key_id

{ spki_pin server.crt; spki_pin server-backup.key; } > pins.txt

# Sanity before anything is moved into place: the chain verifies and the expired ones really are expired.
openssl verify -CAfile ca.crt -purpose sslserver server.crt > verify.log
openssl verify -CAfile ca.crt -purpose sslclient kiosk.crt >> verify.log
if openssl verify -CAfile ca.crt expired-server.crt >> verify.log 2>&1; then
  echo "expired-server.crt unexpectedly verifies" >&2
  exit 70
fi

chmod 644 ./*.crt submission.pub submission.key_id pins.txt
for f in "${files[@]}"; do
  mv -f "$f" "$dir/$f"
done
echo "$kiosk_id" > "$dir/.complete"
chmod 644 "$dir/.complete"
echo "demo PKI for kiosk $kiosk_id written to $dir"
echo "submission key_id: $(cat "$dir/submission.key_id")"
echo "server pins (primary, backup):"
cat "$dir/pins.txt"
