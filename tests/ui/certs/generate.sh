#!/bin/sh
# Regenerates the test certificates of tests/ui/certs/ with OpenSSL (3.0 or later). Run from the
# repository root: `sh tests/ui/certs/generate.sh`. The certificates carry fixed dates, so that no UI
# snapshot depends on the day the tests run; their private keys are thrown away (never committed).
#
#   expired-ca.pem      CA:TRUE, keyCertSign, valid 2000-01-01 .. 2001-01-01      fedc::cert::expired
#   future-ca.pem       CA:TRUE, keyCertSign, valid 2099-01-01 .. 2100-01-01      fedc::cert::not-yet-valid
#   leaf.pem            CA:FALSE, a gateway's serving certificate                 fedc::cert::not-a-ca
#   no-cert-sign.pem    CA:TRUE, but keyUsage without keyCertSign                 fedc::cert::not-a-ca
#   not-x509.pem        base64 of plain text between CERTIFICATE markers          fedc::cert::not-x509
#   large-bundle.pem    root.pem repeated to just under the 1 MiB attachment limit fedc::cert::too-large
#
# root.pem (valid 2026-11-21 .. 2036-11-18, like examples/certs) and key.pem predate this script.
set -eu
out=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# `openssl ca` is the one OpenSSL 3.0 command that takes explicit start and end dates.
mkdir db && touch db/index.txt && echo 1000 > db/serial
cat > ca.cnf <<'CNF'
[ca]
default_ca = test
[test]
dir = db
database = db/index.txt
serial = db/serial
new_certs_dir = db
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
organizationName = optional
commonName = supplied
[root_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[no_cert_sign]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:ingress-blue.red-system.svc.cluster.local
CNF

# self_signed NAME SUBJECT EXTENSIONS START END: a self-signed certificate with fixed dates.
self_signed() {
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null
    openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"
    openssl ca -batch -config ca.cnf -selfsign -keyfile "$1.key" -in "$1.csr" -extensions "$3" \
        -startdate "$4" -enddate "$5" -notext -out "$out/$1.pem" 2>/dev/null
}

self_signed expired-ca "/O=Example/CN=expired root CA" root_ca 20000101000000Z 20010101000000Z
self_signed future-ca "/O=Example/CN=future root CA" root_ca 20990101000000Z 21000101000000Z
self_signed leaf "/O=Example/CN=ingress-blue.red-system" leaf 20261121000000Z 20361118000000Z
self_signed no-cert-sign "/O=Example/CN=signing-only CA" no_cert_sign 20261121000000Z 20361118000000Z

# Valid PEM armour and base64, but the bytes are text, not DER.
{
    echo "-----BEGIN CERTIFICATE-----"
    printf 'This is not a certificate, only base64 between the markers.\n' | openssl base64
    echo "-----END CERTIFICATE-----"
} > "$out/not-x509.pem"

# As many copies of root.pem as fit in 1 MiB: within the attachment limit, but JSON-escaped in a
# ConfigMap with the allowance for metadata it exceeds the API server's 1 MiB.
size=$(wc -c < "$out/root.pem")
copies=$((1048576 / size))
: > "$out/large-bundle.pem"
i=0
while [ "$i" -lt "$copies" ]; do cat "$out/root.pem" >> "$out/large-bundle.pem"; i=$((i + 1)); done
