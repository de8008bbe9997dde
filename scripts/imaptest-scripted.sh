#!/usr/bin/env bash
# Runs Dovecot ImapTest's scripted compliance tests against an IMAP server and fails when any group fails.
#
#   scripts/imaptest-scripted.sh [host [port [user [password]]]]
#
# Arguments override the environment: IMAPTEST_HOST, IMAPTEST_PORT, IMAPTEST_USER, IMAPTEST_PASS.
# ImapTest is not part of this repository (it is GPL/MIT code built against dovecot-dev), so it is found
# through IMAPTEST_BIN and IMAPTEST_TESTS. IMAPTEST_MBOX and IMAPTEST_ARGS are passed through when set.
#
# WARNING: every test (except state: nonauth) deletes the test user's mailboxes and messages. Use a
# throwaway account, never a real one.
set -uo pipefail

host=${1:-${IMAPTEST_HOST:-127.0.0.1}}
port=${2:-${IMAPTEST_PORT:-1143}}
user=${3:-${IMAPTEST_USER:-imaptest}}
pass=${4:-${IMAPTEST_PASS:-pass}}
bin=${IMAPTEST_BIN:-/work/imaptest/bin/imaptest}
tests=${IMAPTEST_TESTS:-/work/imaptest-src/src/tests}

# ImapTest links against Debian's libdovecot, outside the loader's path unless the build set an rpath.
export LD_LIBRARY_PATH=${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}/usr/lib/dovecot

[ -x "$bin" ] || { echo "imaptest-scripted: no ImapTest binary at $bin (set IMAPTEST_BIN)" >&2; exit 3; }
[ -d "$tests" ] || { echo "imaptest-scripted: no scripted tests at $tests (set IMAPTEST_TESTS)" >&2; exit 3; }

args=("host=$host" "port=$port" "user=$user" "pass=$pass" "test=$tests")
# Each test appends from its own <name>.mbox (or default.mbox), so mbox= only matters for odd setups.
[ -n "${IMAPTEST_MBOX:-}" ] && args+=("mbox=$IMAPTEST_MBOX")
# Word splitting is intended: extra key=value options such as "rawlog" or "user2=...".
# shellcheck disable=SC2206
[ -n "${IMAPTEST_ARGS:-}" ] && args+=($IMAPTEST_ARGS)

# ImapTest writes rawlogs and core files into its working directory; keep them out of the repository.
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
out="$workdir/imaptest.out"

# A server that never answers would hang the whole run; the per-command 30 s timeout only exists in
# ImapTest builds that carry upstream commit 1425ad0, so bound the run as a whole too.
(cd "$workdir" && timeout "${IMAPTEST_TIMEOUT:-1800}" "$bin" "${args[@]}") >"$out" 2>&1
status=$?
cat "$out"

# The summary line is the only stable machine-readable result; the exit code alone hides crashes
# (a killed or aborted run prints no summary) and, in older builds, skipped groups.
totals=$(grep -E '^[0-9]+ test groups: [0-9]+ failed' "$out" | tail -n 1)
if [ -z "$totals" ]; then
  echo "imaptest-scripted: no totals line; ImapTest exited with $status before finishing" >&2
  exit "$(( status == 0 ? 4 : status ))"
fi
echo "TOTALS: $totals"
failed=$(sed -E 's/^[0-9]+ test groups: ([0-9]+) failed.*/\1/' <<<"$totals")
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ] || exit 1
