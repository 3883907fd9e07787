#!/usr/bin/env bash
# scripts/setup.sh — install everything pycpg needs to build and test, idempotently.
#
# 1. Debian packages (apt), only those not installed yet.
# 2. Pinned npm-registry artifacts, fetched with `npm pack` into the git-ignored deps/
#    folder and checked against the sha512 integrity pinned below:
#      - tree-sitter-python 0.23.6 grammar sources (compiled into pycpg),
#      - libduckdb.so from @duckdb/node-bindings-linux-x64 1.4.4-r.4,
#      - duckdb.h from duckdb 1.4.4,
#      - scip-python 0.6.6 (@sourcegraph/scip-python; self-contained: its dist/ bundles its
#        dependencies), unpacked into deps/scip-python and run with Debian's node by
#        `pycpg build --scip auto`,
#      - hyparquet 1.33.0 and hyparquet-compressors 1.1.2 (with its two dependencies, fzstd
#        0.1.1 and hysnappy 1.1.1), an independent Parquet reader in JavaScript, unpacked into
#        deps/node_modules/<name> and used only by tests/cli/test_readers.py,
#      - apache-arrow 21.2.0 (tests only: reads the Arrow IPC files back), unpacked into
#        deps/node_modules/apache-arrow,
#      - the SARIF 2.1.0 JSON schema (sarif-2.1.0-rtm.5.json) as @microsoft/jest-sarif
#        1.0.0-beta.0 ships it, unpacked into deps/sarif-schema/ (tests only:
#        tests/cli/test_flows.py validates `pycpg flows --format sarif` against it).
#    A system DuckDB given as DUCKDB_PREFIX=/prefix (with include/duckdb.h and
#    lib/libduckdb.so) replaces the npm DuckDB.
# A second run with everything in place does no network work and takes well under a second.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
deps="$root/deps"
log() { printf 'setup: %s\n' "$*" >&2; }

# ---- 1. Debian packages ---------------------------------------------------------------
apt_packages=(build-essential cmake pkg-config git ca-certificates bc
    libtree-sitter-dev libgit2-dev libb2-dev libjansson-dev libssl-dev
    libprotobuf-c-dev protobuf-c-compiler clang libclang-rt-dev clang-format
    libgraphviz-dev fonts-dejavu-core chromium libmimalloc-dev)
{ command -v npm && command -v node; } >/dev/null 2>&1 || apt_packages+=(nodejs npm)
command -v python3 >/dev/null 2>&1 || apt_packages+=(python3)
# The CPython lenses embed the python3 on PATH; Debian's python3 needs its -dev package.
if ! command -v python3-config >/dev/null 2>&1; then
    apt_packages+=(python3-dev)
fi

missing=()
for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- 2. pinned npm artifacts ------------------------------------------------------------
# name | npm spec | sha512 integrity (as the registry publishes it)
pins=(
    "tree-sitter-python|tree-sitter-python@0.23.6|sha512-yIM9z0oxKIxT7bAtPOhgoVl6gTXlmlIhue7liFT4oBPF/lha7Ha4dQBS82Av6hMMRZoVnFJI8M6mL+SwWoLD3A=="
    "duckdb-lib|@duckdb/node-bindings-linux-x64@1.4.4-r.4|sha512-jBTL/WvfwxLToFa/pVHfT6elMtltJGnc3wSuxZD9OfMltit9YUdVFS37vBFQzXMT1Z8OWjtSjMh+zPKxOwHLHA=="
    "duckdb-header|duckdb@1.4.4|sha512-hEJJ5hyVF0VLj3dmOLpsWrQR0b3d4Ykqtygm6iUXjHJDDnSqg/USKxcb5qvNrOhFYPgktayU6dXCtgPqcmmpog=="
    "scip-python|@sourcegraph/scip-python@0.6.6|sha512-qoKL1Rggg0o5newAFbCFAKlS0AjWxG5MA+mC28BtgxOv0DhO4zdL8u7151FxEppDpXMVvm7+yXSjXotoVH9cMQ=="
    "hyparquet|hyparquet@1.33.0|sha512-8EKLe73vRIMEKVEOe5y+kIzFxo6AvbLvd5ukd7P+yv3RvG0+TZM4qO8imbqxU6zds5pV+OeWRTMwy95mhHUheg=="
    "hyparquet-compressors|hyparquet-compressors@1.1.2|sha512-0Hx6w0ZpVpNCefKy5xBYLTp6rKeZn/tsUzuliNzfKqSCdLcTQSfwATEoeedS703Y17k1qNS61HwRME5aOeNkPg=="
    "fzstd|fzstd@0.1.1|sha512-dkuVSOKKwh3eas5VkJy1AW1vFpet8TA/fGmVA5krThl8YcOVE/8ZIoEA1+U1vEn5ckxxhLirSdY837azmbaNHA=="
    "hysnappy|hysnappy@1.1.1|sha512-/V9XcN2NtRyWjR4LYMfvnvasVVF8jbT/ej0eofBQjZel91E3D813FQ3mQC6gDSMMTCq/FJh28XHeyqr3I/oBRw=="
    "apache-arrow|apache-arrow@21.2.0|sha512-Hxe6Agq26gQOM954qpzYSllJBPJl+e16U5CkfuMUhLrNba+5nKkttIVlflaovN6oaTratqMGAO8H5u/aNhmHWQ=="
    "sarif-schema|@microsoft/jest-sarif@1.0.0-beta.0|sha512-A1fOhPd6Ic5iDk4F9YPw1qNB4XF+7+IviR7xl8r2F6QzQkx5cpY9LsGk2rExiFIEcBbjpVnSmwWGBukASkiQ9A=="
)
stamp_want=$(printf '%s\n' "${pins[@]}" "DUCKDB_PREFIX=${DUCKDB_PREFIX:-}" | sha256sum | cut -c1-16)
stamp="$deps/.stamp"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$stamp_want" ]; then
    exit 0
fi

mkdir -p "$deps/dl"
fetch() { # name spec integrity -> prints path of the verified tarball
    local name=$1 spec=$2 want=$3 tgz
    tgz="$deps/dl/$name.tgz"
    if [ ! -f "$tgz" ]; then
        log "fetching $spec"
        local tmp
        tmp=$(mktemp -d "$deps/dl/.tmp.XXXXXX")
        (cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>&1) || { log "npm pack $spec failed"; rm -rf "$tmp"; exit 1; }
        mv "$tmp"/*.tgz "$tgz"
        rm -rf "$tmp"
    fi
    local got
    got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
    if [ "$got" != "$want" ]; then
        rm -f "$tgz"
        log "integrity check failed for $spec (got $got)"
        exit 1
    fi
    printf '%s\n' "$tgz"
}

for pin in "${pins[@]}"; do
    IFS='|' read -r name spec integrity <<<"$pin"
    if [ -n "${DUCKDB_PREFIX:-}" ] && [ "${name#duckdb}" != "$name" ]; then
        continue
    fi
    tgz=$(fetch "$name" "$spec" "$integrity")
    case "$name" in
    tree-sitter-python)
        rm -rf "$deps/tree-sitter-python" && mkdir -p "$deps/tree-sitter-python"
        tar xzf "$tgz" -C "$deps/tree-sitter-python" --strip-components=1 \
            package/src package/LICENSE package/package.json
        ;;
    duckdb-lib)
        mkdir -p "$deps/duckdb/lib"
        tar xzf "$tgz" -C "$deps/duckdb/lib" --strip-components=1 package/libduckdb.so package/LICENSE
        ;;
    duckdb-header)
        mkdir -p "$deps/duckdb/include"
        tar xzf "$tgz" -C "$deps/duckdb/include" --strip-components=5 \
            package/src/duckdb/src/include/duckdb.h
        ;;
    scip-python)
        rm -rf "$deps/scip-python" && mkdir -p "$deps/scip-python"
        tar xzf "$tgz" -C "$deps/scip-python" --strip-components=1
        ;;
    hyparquet | hyparquet-compressors | fzstd | hysnappy)
        # node resolves `import "hyparquet"` from a script under deps/ through this folder
        rm -rf "$deps/node_modules/$name" && mkdir -p "$deps/node_modules/$name"
        tar xzf "$tgz" -C "$deps/node_modules/$name" --strip-components=1
        ;;
    apache-arrow)
        # Test-only: an independent Arrow IPC reader. Arrow.esnext.min.js bundles its
        # dependencies (flatbuffers, tslib), so the package works without its npm dependencies.
        rm -rf "$deps/node_modules/apache-arrow" && mkdir -p "$deps/node_modules/apache-arrow"
        tar xzf "$tgz" -C "$deps/node_modules/apache-arrow" --strip-components=1
        ;;
    sarif-schema)
        # Test-only: the schema file alone (the package's matchers are not used).
        rm -rf "$deps/sarif-schema" && mkdir -p "$deps/sarif-schema"
        tar xzf "$tgz" -C "$deps/sarif-schema" --strip-components=3 \
            package/lib/schemas/sarif-2.1.0-rtm.5.json
        ;;
    esac
done

if [ -n "${DUCKDB_PREFIX:-}" ]; then
    [ -f "$DUCKDB_PREFIX/include/duckdb.h" ] && [ -f "$DUCKDB_PREFIX/lib/libduckdb.so" ] || {
        log "DUCKDB_PREFIX=$DUCKDB_PREFIX lacks include/duckdb.h or lib/libduckdb.so"
        exit 1
    }
fi
echo "$stamp_want" >"$stamp"
log "dependencies ready in $deps"
