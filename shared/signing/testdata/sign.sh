#!/bin/sh
# sign.sh signs a Gobi API request (signing scheme v1) with printf and
# openssl only: an independent implementation of the scheme in
# shared/signing/doc.go, and the example published in README.md.
#
# Usage: SECRET=... sh sign.sh METHOD PATH CANONICAL_QUERY TIMESTAMP < body
#
# METHOD is upper case, PATH is percent-encoded as sent, CANONICAL_QUERY is
# the query in canonical form (sorted key=value pairs, RFC 3986 encoded;
# empty for none: send the query in this form and it is the query string
# itself), TIMESTAMP is Unix seconds (date +%s). The body is read from
# standard input byte for byte (</dev/null for none). Prints the
# X-SIGNATURE value.
set -eu
: "${SECRET:?set SECRET to the API key secret}"
[ $# -eq 4 ] || { echo "usage: SECRET=... $0 METHOD PATH CANONICAL_QUERY TIMESTAMP < body" >&2; exit 2; }
{
	printf 'GOBI1\n%s\n%s\n%s\n%s\n' "$1" "$2" "$3" "$4"
	cat
} | openssl dgst -sha256 -hmac "$SECRET" | awk '{print $NF}'
