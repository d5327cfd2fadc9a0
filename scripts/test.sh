#!/usr/bin/env bash
# Installs and starts what the tests need on a fresh Debian machine, runs every
# test of the solution and ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

source scripts/services.sh
ensure_rabbitmq
ensure_postgres
ensure_prometheus

results="$root/TestResults"
rm -rf "$results"
status=0
dotnet build Kit.Services.sln -c Release -warnaserror -nologo -v quiet || status=$?
if [ "$status" -eq 0 ]; then
  dotnet test Kit.Services.sln -c Release --no-build --nologo \
    --logger "trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" -- RunConfiguration.TestSessionTimeout=3000000 || status=$?
fi

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
