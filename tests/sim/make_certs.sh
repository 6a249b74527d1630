#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Make the throw-away test PKI for loopback TLS: a CA, a server certificate it
# signs (SAN localhost, 127.0.0.1, ::1), and a second CA that signs nothing we
# serve (to prove verification fails). Usage: make_certs.sh OUTDIR
# Also, for the TLS failure tests (all for localhost unless named):
#   server-rsa.pem/.key   RSA 2048 server certificate signed by the CA
#   expired.pem/.key      signed by the CA, valid 2020-01-01 .. 2020-02-01
#   future.pem/.key       signed by the CA, valid from 2090-01-01
#   selfsigned.pem/.key   self-signed (no CA)
#   otherhost.pem/.key    signed by the CA for other.example only
set -eu
out=${1:?usage: make_certs.sh OUTDIR}
mkdir -p "$out"
cd "$out"
[ -f server.pem ] && [ -f ca.pem ] && [ -f other-ca.pem ] && [ -f server-rsa.pem ] &&
  [ -f expired.pem ] && [ -f future.pem ] && [ -f selfsigned.pem ] &&
  [ -f otherhost.pem ] && exit 0
ossl() { openssl "$@" >/dev/null 2>&1; }
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/CN=provkit test CA" -keyout ca.key -out ca.pem \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/CN=provkit other CA" -keyout other-ca.key -out other-ca.pem \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/CN=localhost" -keyout server.key -out server.csr
printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
  "basicConstraints=CA:FALSE" "keyUsage=digitalSignature" "extendedKeyUsage=serverAuth" > server.ext
ossl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
  -extfile server.ext -out server.pem
rm -f server.csr server.ext

# sign NAME KEYOPTS SAN [openssl-ca dates]: NAME.pem/NAME.key signed by the CA.
# Past or far validity needs `openssl ca` (x509 -req cannot set the start).
sign() {
  name=$1 keyopts=$2 san=$3 start=${4:-} end=${5:-}
  cn=${san#DNS:}
  ossl req -newkey $keyopts -nodes -subj "/CN=${cn%%,*}" \
    -keyout "$name.key" -out "$name.csr"
  printf '%s\n' "subjectAltName=$san" "basicConstraints=CA:FALSE" \
    "keyUsage=digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" > "$name.ext"
  if [ -z "$start" ]; then
    ossl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
      -extfile "$name.ext" -out "$name.pem"
  else
    rm -rf "$name.db" && mkdir "$name.db" && : > "$name.db/index.txt"
    printf '%s\n' "[ca]" "default_ca=tca" "[tca]" "dir=$name.db" \
      "database=$name.db/index.txt" "new_certs_dir=$name.db" "serial=$name.db/serial" \
      "default_md=sha256" "policy=pol" "unique_subject=no" "[pol]" "commonName=supplied" \
      > "$name.cnf"
    echo 1000 > "$name.db/serial"
    ossl ca -batch -config "$name.cnf" -cert ca.pem -keyfile ca.key -notext \
      -startdate "$start" -enddate "$end" -extfile "$name.ext" -in "$name.csr" -out "$name.pem"
    rm -rf "$name.db" "$name.cnf"
  fi
  rm -f "$name.csr" "$name.ext"
  [ -s "$name.pem" ] || { echo "make_certs: $name.pem not made" >&2; exit 1; }
}
sign server-rsa "rsa:2048" "DNS:localhost,IP:127.0.0.1,IP:::1"
sign expired "ec -pkeyopt ec_paramgen_curve:P-256" "DNS:localhost" 20200101000000Z 20200201000000Z
sign future "ec -pkeyopt ec_paramgen_curve:P-256" "DNS:localhost" 20900101000000Z 20900201000000Z
sign otherhost "ec -pkeyopt ec_paramgen_curve:P-256" "DNS:other.example"
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/CN=localhost" -keyout selfsigned.key -out selfsigned.pem \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -addext extendedKeyUsage=serverAuth
echo "certs in $out"
