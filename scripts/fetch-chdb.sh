#!/usr/bin/env bash
# Fetches libchdb.so (the ClickHouse engine as a library) once into the
# project's cache folder and checks the package's integrity.
# Usage: scripts/fetch-chdb.sh DEST_DIR   (prints the library's path)
set -euo pipefail

version="26.5.3"
package="@chdb/lib-linux-x64-gnu@${version}"
# The package's npm integrity is sha512-fPrLmRt5Moor9yGz4mazbrNje4t7X9KB2mTGkXFWRxRBs2iKy8yh6jx11xsa0Qr3iDFMU/yHqd+bVdYJXu3QaQ==;
# the same SHA-512 in hex, checked with coreutils' sha512sum:
sha512="7cfacb991b79328a2bf721b3e266b36eb3637b8b7b5fd281da64c6917156471441b3688acbcca1ea3c75d71b1ad10af788314c53fc87a9df9b55d6095eedd069"
dest="${1:?usage: fetch-chdb.sh DEST_DIR}"
lib="${dest}/libchdb.so"

if [[ -f "${lib}" ]]; then
	echo "${lib}"
	exit 0
fi
if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
	echo "fetch-chdb: chDB ${version} is fetched for Linux x86_64 only; on $(uname -s)-$(uname -m) install libchdb.so yourself and set CHDB_LIB_PATH" >&2
	exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
	echo "fetch-chdb: npm is missing; it fetches the chDB library (${package}). Install it (Debian: apt-get update && apt-get install -y npm), or put libchdb.so at ${lib}" >&2
	exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
echo "fetch-chdb: fetching ${package} (about 170 MB, once) ..." >&2
if ! (cd "${work}" && npm pack --silent "${package}" >/dev/null); then
	echo "fetch-chdb: npm pack ${package} failed; check that the npm registry is reachable" >&2
	exit 1
fi
tarball="$(ls "${work}"/*.tgz)"
got="$(sha512sum "${tarball}" | cut -d' ' -f1)"
if [[ "${got}" != "${sha512}" ]]; then
	echo "fetch-chdb: integrity check failed for ${package}: SHA-512 ${got}, want ${sha512}" >&2
	exit 1
fi
tar -xzf "${tarball}" -C "${work}" package/libchdb.so
mkdir -p "${dest}"
mv "${work}/package/libchdb.so" "${lib}.partial"
mv "${lib}.partial" "${lib}"
echo "${lib}"
