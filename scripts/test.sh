#!/usr/bin/env bash
# Installs and starts what the tests need on a fresh Debian machine, runs every
# test of the solution and ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

source scripts/services.sh
# docker-compose.yml run for real (docs/compose.md); KIT_COMPOSE_TEST=0 leaves it out. Its slow part (a Debian
# root file system made by debootstrap, kept for later runs) runs beside the build and the tests.
compose=${KIT_COMPOSE_TEST:-1}
if [ "$compose" = 1 ]; then
  apt_install docker.io docker-compose debootstrap
  scripts/compose-test.sh prepare >/tmp/kit-compose-prepare.log 2>&1 &
  compose_prepare=$!
fi
ensure_rabbitmq
ensure_postgres
ensure_prometheus

results="$root/TestResults"
rm -rf "$results"
status=0
dotnet build Kit.Services.sln -c Release -warnaserror -nologo -v quiet || status=$?
built=$status
if [ "$status" -eq 0 ]; then
  dotnet test Kit.Services.sln -c Release --no-build --nologo \
    --logger "trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" -- RunConfiguration.TestSessionTimeout=3000000 || status=$?
fi

# docker-compose.yml run for real (docs/compose.md): one more test, counted below.
compose_status=1
if [ "$compose" != 1 ]; then
  compose_status=skipped
elif ! wait "$compose_prepare"; then
  echo "compose test failed: preparing it failed (/tmp/kit-compose-prepare.log):"
  tail -20 /tmp/kit-compose-prepare.log
elif [ "$built" -ne 0 ]; then
  echo "compose test not run: the build failed"
else
  scripts/compose-test.sh run && compose_status=0 || compose_status=$?
fi

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
case "$compose_status" in
  skipped) ;;
  0) passed=$((passed + 1)) ;;
  *) failed=$((failed + 1)) ;;
esac
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
