#!/bin/sh
# Make the throw-away test PKI for loopback TLS: a CA, a server certificate it
# signs (SAN localhost, 127.0.0.1, ::1), and a second CA that signs nothing we
# serve (to prove verification fails). Usage: make_certs.sh OUTDIR
set -eu
out=${1:?usage: make_certs.sh OUTDIR}
mkdir -p "$out"
cd "$out"
[ -f server.pem ] && [ -f ca.pem ] && [ -f other-ca.pem ] && exit 0
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
echo "certs in $out"
