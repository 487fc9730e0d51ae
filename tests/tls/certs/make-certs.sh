#!/bin/sh
# make-certs.sh: makes the test-only certificates of the TLS tests, with GnuTLS's certtool
#
# Copyright 2026 The tcpchat authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Test files only: their keys are public. Every certificate is valid for
# 100 years but expired.pem, which expired in 2001. Run it again to make a
# new set; the tests read whatever is here.
set -eu
cd "$(dirname "$0")"

days=36500
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

key () {
  certtool --generate-privkey --key-type=ecdsa --curve=secp256r1 --outfile "$1" 2>/dev/null
}

# The test CA.
key ca-key.pem
cat > "$tmp/ca.tmpl" <<T
cn = "tcpchat test CA"
organization = "tcpchat tests"
expiration_days = $days
ca
cert_signing_key
crl_signing_key
T
certtool --generate-self-signed --load-privkey ca-key.pem --template "$tmp/ca.tmpl" \
  --outfile ca.pem 2>/dev/null

# leaf NAME CN EXTRA: a certificate signed by the CA, its key in NAME-key.pem.
leaf () {
  name=$1 cn=$2 extra=$3
  key "$name-key.pem"
  printf 'cn = "%s"\norganization = "tcpchat tests"\n%b\n' "$cn" "$extra" > "$tmp/$name.tmpl"
  certtool --generate-certificate --load-privkey "$name-key.pem" --load-ca-certificate ca.pem \
    --load-ca-privkey ca-key.pem --template "$tmp/$name.tmpl" --outfile "$name.pem" 2>/dev/null
}

server='dns_name = "localhost"\nip_address = "127.0.0.1"\nip_address = "::1"\ntls_www_server\nsigning_key\nencryption_key'
leaf server localhost "expiration_days = $days\n$server"
leaf expired localhost \
  "activation_date = \"2000-01-01 00:00:00 UTC\"\nexpiration_date = \"2001-01-01 00:00:00 UTC\"\n$server"
leaf wrong-name wrong.example \
  "expiration_days = $days\ndns_name = \"wrong.example\"\ntls_www_server\nsigning_key\nencryption_key"
leaf client "tcpchat test client" "expiration_days = $days\ntls_www_client\nsigning_key"

# The server's chain and key in one file, and as PKCS#12 with a password.
cat server.pem server-key.pem > server-combined.pem
printf 'test-password\n' > password.txt
certtool --to-p12 --load-certificate server.pem --load-privkey server-key.pem \
  --p12-name server --password test-password --outder --outfile server.p12 2>/dev/null
certtool --to-p12 --load-certificate client.pem --load-privkey client-key.pem \
  --p12-name client --password test-password --outder --outfile client.p12 2>/dev/null

# An encrypted PEM key, which the programs refuse with advice.
certtool --to-p8 --load-privkey server-key.pem --password test-password \
  --outfile server-key-encrypted.pem 2>/dev/null
