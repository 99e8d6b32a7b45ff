#!/usr/bin/env bash
# Makes a throw-away test CA, a server certificate for 127.0.0.1 and a client certificate
# (extended key usage clientAuth, which PyKMIP's server requires) in DIR. P-256 keys, 2 days.
# Nothing here is committed: the benchmark runner calls this in a temporary directory.
set -euo pipefail
dir="${1:?usage: certs.sh DIR}"
mkdir -p "$dir" && cd "$dir"
ec() { openssl ecparam -name prime256v1 -genkey -noout -out "$1" 2>/dev/null; }
ec ca.key
openssl req -x509 -new -key ca.key -sha256 -days 2 -subj "/CN=kmip-bench-ca" -out ca.pem 2>/dev/null
issue() { # name cn eku san
  ec "$1.key"
  openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyAgreement\nextendedKeyUsage=%s\n%s\n' "$3" "$4" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -sha256 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
issue server 127.0.0.1 serverAuth "subjectAltName=IP:127.0.0.1"
issue client bench-client clientAuth ""
chmod 600 ./*.key
