#!/usr/bin/env bash
# The test command: installs what is missing, runs every test project, and ends with one summary line,
# "N passed, N failed" (", N skipped" when some were), counted from the TRX results.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

tools/bootstrap.sh || { echo "0 passed, 1 failed"; exit 1; }

results="$root/TestResults"
rm -rf "$results"
status=0
dotnet build Serverless.sln -c Release --nologo -v quiet || status=$?
if [ "$status" -eq 0 ]; then
  # One project at a time, each with its own TRX file: names made from timestamps could collide.
  for project in tests/*/*Tests.csproj; do
    name=$(basename "$project" .csproj)
    dotnet test "$project" -c Release --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=$?
  done
fi

passed=0 failed=0 skipped=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + $(count notExecuted)))
done

# A build failure or a crashed test host leaves no TRX for a project: that is a failure, not silence.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
