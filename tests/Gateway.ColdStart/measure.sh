#!/usr/bin/env bash
# Cold start, ReadyToRun against plain JIT, measured in one hyperfine run: each command is a fresh process that
# builds ProxyFunction and forwards events/proxy-get-hello.json to a loopback upstream (see Program.cs).
# Needs hyperfine (Debian: apt-get install hyperfine) and python3. Usage: tests/Gateway.ColdStart/measure.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-60}"
out="$(mktemp -d)"
port=18181

cd "$root"
# linux-x64 like the Lambda bundle (the linux-arm64 runtime pack is not served here; see README.md, Deploying).
dotnet publish tests/Gateway.ColdStart -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out/r2r" --nologo -v q
dotnet publish tests/Gateway.ColdStart -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=false -o "$out/jit" --nologo -v q
echo "bundle size (bytes, excluding .pdb): r2r $(find "$out/r2r" -type f ! -name '*.pdb' -printf '%s\n' | paste -sd+ | bc)," \
     "jit $(find "$out/jit" -type f ! -name '*.pdb' -printf '%s\n' | paste -sd+ | bc)"

python3 tests/Gateway.ColdStart/upstream.py "$port" &
upstream=$!
trap 'kill "$upstream"; rm -rf "$out"' EXIT
export DEMO_UPSTREAM_URL="http://127.0.0.1:$port"
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
# Both must answer 200 before they are timed.
for build in r2r jit; do
  echo -n "$build: " && "$out/$build/Gateway.ColdStart" events/proxy-get-hello.json 2>&1 >/dev/null
done

hyperfine --shell=none --warmup 3 --runs "$runs" --export-json "$out/results.json" \
  -n ReadyToRun "$out/r2r/Gateway.ColdStart events/proxy-get-hello.json" \
  -n JIT "$out/jit/Gateway.ColdStart events/proxy-get-hello.json"
python3 - "$out/results.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
r2r, jit = results["ReadyToRun"], results["JIT"]
for stat in ("mean", "median", "min"):
    print(f"ReadyToRun/JIT {stat}: {r2r[stat] / jit[stat]:.2f} ({r2r[stat]*1000:.0f} ms / {jit[stat]*1000:.0f} ms)")
print(f"stddev: ReadyToRun {r2r['stddev']*1000:.0f} ms, JIT {jit['stddev']*1000:.0f} ms")
PY
