#!/bin/sh
# The system packages the tests need besides Python's, installed with apt-get (Debian, Ubuntu) when missing;
# nothing is said when they are all there:
#   chromium       the studio in a real browser (tests/studio/test_browser.py, Playwright)
#   poppler-utils  pdfinfo -struct-text shows the tagged PDFs' structure tree (tests/test_tagging.py)
#   ghostscript    gs converts the print-shop files to PDF/X-3 (--pdfx; tests/test_pdfx.py)
# Without root (or password-less sudo) it says in one line what to install and stops: with an error in CI
# (CI=true), which must run every test; else with success, since the other tests run and those that need a
# missing program are skipped on this machine.
set -eu

chromium=${CHARTGEN_CHROMIUM:-/usr/bin/chromium}  # where the browser test looks for it

missing=""
[ -x "$chromium" ] || missing="$missing chromium"
command -v pdfinfo >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v gs >/dev/null 2>&1 || missing="$missing ghostscript"
[ -n "$missing" ] || exit 0
missing=${missing# }

cannot() {  # $1: why the packages are not installed
    if [ "${CI:-}" = true ]; then
        echo "install-system-packages.sh: missing $missing ($1): CI must run every test (the studio's browser" \
             "test, the tagged PDFs' structure, PDF/X); install them (apt-get install -y $missing)" >&2
        exit 1
    fi
    echo "install-system-packages.sh: missing $missing ($1): the tests that need them are skipped until you" \
         "install them (sudo apt-get install -y $missing)" >&2
    exit 0
}

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
else
    cannot "installing them needs root"
fi
command -v apt-get >/dev/null 2>&1 || cannot "no apt-get to install them with"

apt_get() {
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y "$@"
}

echo "install-system-packages.sh: installing $missing, for the tests" >&2
# shellcheck disable=SC2086 # one word per package
if ! apt_get install $missing >/dev/null 2>&1; then
    apt_get update >/dev/null || cannot "apt-get update failed"  # a fresh machine has no package lists yet
    # shellcheck disable=SC2086
    apt_get install $missing >/dev/null || cannot "apt-get install failed"
fi
[ -x "$chromium" ] || cannot "the package chromium did not put it at $chromium"
