#!/usr/bin/env bash
# The programs `make test` needs from the system rather than from PyPI or npm: Debian's
# Chromium (browser tests; Playwright never downloads a browser here), PostgreSQL's server
# programs (initdb and pg_ctl, for the private cluster of the operations tests, `make bench`
# and `make loadtest`) and redis-server (the operations tests start private ones). Missing
# ones are installed with apt-get when we are root or sudo is at hand, with one line said
# about it; otherwise one line says which command to run, and the
# exit status is 1 so that make stops before running anything.
#
#     scripts/system_packages.sh chromium postgresql redis-server
set -euo pipefail

have_chromium() {
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    [[ -x "$CHROMIUM_PATH" ]]
  else
    command -v chromium >/dev/null 2>&1
  fi
}

# Where tests/stack.py's pg_bin() looks.
have_postgresql() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1
}

missing=()
for package in "$@"; do
  case "$package" in
    chromium) have_chromium || missing+=(chromium) ;;
    postgresql) have_postgresql || missing+=(postgresql) ;;
    redis-server) command -v redis-server >/dev/null 2>&1 || missing+=(redis-server) ;;
    *) echo "system_packages.sh: unknown package $package" >&2; exit 2 ;;
  esac
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ -n "${CHROMIUM_PATH:-}" && " ${missing[*]} " == *" chromium "* ]]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file: point it at Chromium, or unset it." >&2
  exit 1
fi

command="apt-get install ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "make test needs ${missing[*]} (not found): install it with your system's package manager" \
    "(Chromium anywhere else: set CHROMIUM_PATH)." >&2
  exit 1
fi
if [[ "$(id -u)" -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [[ -t 0 ]]; }; then
  sudo=(sudo)  # asks for the password in a terminal
else
  echo "make test needs ${missing[*]} (not found) and cannot install it as $(id -un):" \
    "run \`sudo $command\` (as root: \`$command\`), then make test again." >&2
  exit 1
fi

echo "Installing Debian's ${missing[*]} for the tests: ${sudo[*]}${sudo:+ }apt-get install ${missing[*]} …"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# Another apt-get (a neighbour's `make test`) may hold the lock for a while: wait for it.
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q)
if ! { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "${missing[@]}"; } \
  >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "Installing ${missing[*]} failed (above): run \`sudo $command\` yourself, then make test again." >&2
  exit 1
fi
