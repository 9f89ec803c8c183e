#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL (a throwaway local cluster unless PGSNAP_TEST_URL is set) and
# prints the totals as its last line: "N passed, N failed". Extra arguments go to `dotnet test`
# (e.g. --filter "FullyQualifiedName~RoundTrip"). PGSNAP_TEST_SERVERS=13,15,17,18 adds server majors.
#
# --fast (first argument) runs only the fast tier: the tests marked [Trait("Tier", "Fast")], which need no server
# (emitters, lexer and splitter, archive format, retention rules, connection parsing). PGSNAP_TEST_TIER=fast makes
# any attempt of such a test to start or reach a server fail, naming it (docs/ARCHITECTURE.md, "Tests").
set -euo pipefail
cd "$(dirname "$0")/.."

tier=()
if [ "${1:-}" = "--fast" ]; then
    shift
    export PGSNAP_TEST_TIER=fast
    tier=(--filter "Tier=Fast")
    for arg in "$@"; do
        if [ "$arg" = "--filter" ]; then
            echo "test.sh: --fast selects the tests itself; it cannot be combined with --filter" >&2
            exit 2
        fi
    done
fi

results=TestResults
rm -rf "$results"
status=0
dotnet test tests/PgSnap.Tests/PgSnap.Tests.csproj \
    --logger "trx;LogFileName=pgsnap.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" ${tier[@]+"${tier[@]}"} "$@" || status=$?

trx="$results/pgsnap.trx"
if [ -f "$trx" ]; then
    counters=$(grep -o "<Counters [^>]*>" "$trx" | head -1 || true)
    passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    errors=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
    timeouts=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
    aborted=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
    failed=$(( ${failed:-0} + ${errors:-0} + ${timeouts:-0} + ${aborted:-0} ))
    [ "$failed" -gt 0 ] && [ "$status" = 0 ] && status=1
    echo "${passed:-0} passed, ${failed} failed"
else
    echo "0 passed, 0 failed (no test results: the build or the test host failed)"
    [ "$status" = 0 ] && status=1
fi
exit "$status"
