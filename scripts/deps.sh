#!/bin/sh
# Install what spotgate needs to build, run and test, from Debian's packages.
# Idempotent: quiet when everything is present; runs apt-get update once when
# something is missing.
set -eu

PACKAGES="
clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev pkg-config make gcc
libh2o-evloop-dev libsqlite3-dev sqlite3 libssl-dev libjansson-dev libinih-dev
libcurl4-openssl-dev libqrencode-dev libhpdf-dev libcmocka-dev libclang-rt-14-dev
python3-pytest python3-pyrad freeradius-utils freeradius iproute2 dnsmasq iperf3 curl wrk
poppler-utils zbar-tools bc iputils-ping nftables ethtool prometheus
chromium nodejs
"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	"install ok installed") ;;
	*) missing="$missing $p" ;;
	esac
done

# npm for the browser tests (tests/e2e): Debian's package, unless the nodejs
# installed already carries its own (NodeSource's conflicts with Debian's npm)
command -v npm >/dev/null 2>&1 || missing="$missing npm"

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing" >&2
	echo "deps: run as root (or: sudo apt-get install$missing)" >&2
	exit 1
fi

echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# dnsmasq's package starts a system-wide instance; the lab runs its own.
apt-get install -y -qq --no-install-recommends $missing >/dev/null
if systemctl is-enabled dnsmasq >/dev/null 2>&1; then
	systemctl disable --now dnsmasq >/dev/null 2>&1 || true
fi
# prometheus is here for promtool (the /metrics test); its server is not wanted.
if systemctl is-enabled prometheus >/dev/null 2>&1; then
	systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
# freeradius is for the remote AAA tests and bench/radius.sh, which start their own.
if systemctl is-enabled freeradius >/dev/null 2>&1; then
	systemctl disable --now freeradius >/dev/null 2>&1 || true
fi
