#!/bin/sh
# The system packages the tests need besides Python's: Chromium, which tests/studio/test_browser.py drives with
# Playwright (the studio in a real browser). Installs it with apt-get (Debian, Ubuntu) when it is missing and says
# nothing when it is there. Without root (or password-less sudo) it says in one line what to install and stops:
# with an error in CI (CI=true), which must run the browser test; else with success, since the other tests run
# and the browser test is skipped on this machine.
set -eu

chromium=${CHARTGEN_CHROMIUM:-/usr/bin/chromium}  # where the browser test looks for it
[ -x "$chromium" ] && exit 0

cannot() {  # $1: why Chromium is not installed
    if [ "${CI:-}" = true ]; then
        echo "install-system-packages.sh: no Chromium at $chromium ($1): CI must run the studio's browser test;" \
             "install the package chromium (apt-get install -y chromium)" >&2
        exit 1
    fi
    echo "install-system-packages.sh: no Chromium at $chromium ($1): the studio's browser test is skipped" \
         "until you install the package chromium (sudo apt-get install -y chromium)" >&2
    exit 0
}

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
else
    cannot "installing it needs root"
fi
command -v apt-get >/dev/null 2>&1 || cannot "no apt-get to install it with"

apt_get() {
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y "$@"
}

echo "install-system-packages.sh: installing chromium, for the studio's browser test" >&2
if ! apt_get install chromium >/dev/null 2>&1; then
    apt_get update >/dev/null || cannot "apt-get update failed"  # a fresh machine has no package lists yet
    apt_get install chromium >/dev/null || cannot "apt-get install chromium failed"
fi
[ -x "$chromium" ] || cannot "the package chromium did not put it there"
