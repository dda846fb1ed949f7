#!/usr/bin/env bash
# Cold start of both functions, every build in one hyperfine run: plain JIT, ReadyToRun (the managed runtime's
# bundle), Native AOT in the in-process harness (Program.cs), and the Native AOT bootstrap driven through a loopback
# Runtime API (runtime_api.py: process start -> first response posted). Then the peak RSS of each (every process ends
# right after its first answer, so that is the RSS at the first response), and the zipped bundle sizes.
# The proxy forwards events/proxy-get-hello.json to a loopback upstream; the authorizer verifies the bearer token in
# events/authorizer-valid-jwt.json (HS256, the sample development secret).
# Needs hyperfine (Debian: apt-get install hyperfine), python3 and a C toolchain for AOT.
# Usage: tests/Gateway.ColdStart/measure.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-30}"
out="$(mktemp -d)"
upstream_port=18181
proxy_api_port=18182
authorizer_api_port=18183

cd "$root"
publish() { dotnet publish "$@" -c Release -r linux-x64 --nologo -v q; }
publish tests/Gateway.ColdStart --self-contained false -p:PublishReadyToRun=true -o "$out/r2r"
publish tests/Gateway.ColdStart --self-contained false -p:PublishReadyToRun=false -o "$out/jit"
publish tests/Gateway.ColdStart -p:PublishAot=true -o "$out/aot"
# What each runtime deploys: the bootstrap (provided.al2023) and the ReadyToRun bundle (managed dotnet10).
publish src/Gateway.Lambda -p:PublishAot=true -o "$out/bootstrap"
publish src/Gateway.Lambda --self-contained false -p:PublishReadyToRun=true -o "$out/lambda-r2r"
rm -f "$out"/lambda-r2r/*.pdb
(cd "$out/bootstrap" && zip -qr9 "$out/bootstrap.zip" .)
(cd "$out/lambda-r2r" && zip -qr9 "$out/lambda-r2r.zip" .)
echo "zipped bundle: AOT bootstrap $(stat -c %s "$out/bootstrap.zip") bytes, ReadyToRun $(stat -c %s "$out/lambda-r2r.zip") bytes"

python3 tests/Gateway.ColdStart/upstream.py "$upstream_port" &
pids=($!)
python3 tests/Gateway.ColdStart/runtime_api.py "$proxy_api_port" events/proxy-get-hello.json "$out/proxy-answers.log" &
pids+=($!)
python3 tests/Gateway.ColdStart/runtime_api.py "$authorizer_api_port" events/authorizer-valid-jwt.json "$out/authorizer-answers.log" &
pids+=($!)
trap 'kill "${pids[@]}"; rm -rf "$out"' EXIT
export DEMO_UPSTREAM_URL="http://127.0.0.1:$upstream_port"
export GATEWAY_JWT_SECRET="sample-gateway-development-secret-never-use-in-production"
for port in "$upstream_port" "$proxy_api_port" "$authorizer_api_port"; do
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done

# name|command, in the order the tables print them.
commands=(
  "proxy JIT|$out/jit/Gateway.ColdStart ProxyFunction events/proxy-get-hello.json"
  "proxy ReadyToRun|$out/r2r/Gateway.ColdStart ProxyFunction events/proxy-get-hello.json"
  "proxy AOT harness|$out/aot/Gateway.ColdStart ProxyFunction events/proxy-get-hello.json"
  "proxy AOT bootstrap|env AWS_LAMBDA_RUNTIME_API=127.0.0.1:$proxy_api_port _HANDLER=ProxyFunction $out/bootstrap/bootstrap"
  "authorizer JIT|$out/jit/Gateway.ColdStart AuthorizerFunction events/authorizer-valid-jwt.json"
  "authorizer ReadyToRun|$out/r2r/Gateway.ColdStart AuthorizerFunction events/authorizer-valid-jwt.json"
  "authorizer AOT harness|$out/aot/Gateway.ColdStart AuthorizerFunction events/authorizer-valid-jwt.json"
  "authorizer AOT bootstrap|env AWS_LAMBDA_RUNTIME_API=127.0.0.1:$authorizer_api_port _HANDLER=AuthorizerFunction $out/bootstrap/bootstrap"
)

# The harness builds must answer (exit 0) before they are timed; the bootstrap's answers are checked after the run.
for build in jit r2r aot; do
  echo -n "$build: " && "$out/$build/Gateway.ColdStart" ProxyFunction events/proxy-get-hello.json 2>&1 >/dev/null
  "$out/$build/Gateway.ColdStart" AuthorizerFunction events/authorizer-valid-jwt.json >/dev/null 2>&1
done

hyperfine_args=()
for entry in "${commands[@]}"; do hyperfine_args+=(-n "${entry%%|*}" "${entry#*|}"); done
# --ignore-failure: the bootstrap exits 1 when runtime_api.py ends its environment after the first answer.
hyperfine --shell=none --ignore-failure --warmup 3 --runs "$runs" --export-json "$out/results.json" "${hyperfine_args[@]}"

# Peak RSS: five processes of each, the median.
for entry in "${commands[@]}"; do
  read -r -a command <<<"${entry#*|}"
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "${entry%%|*}|%M" -a -o "$out/rss.log" "${command[@]}" >/dev/null 2>&1 || true
  done
done

python3 - "$out" "$(( (runs + 3) + 5 ))" <<'PY'
import json, statistics, sys
out, expected_answers = sys.argv[1], int(sys.argv[2])
results = {r["command"]: r for r in json.load(open(f"{out}/results.json"))["results"]}
rss = {}
for line in open(f"{out}/rss.log"):
    if "|" in line:
        name, kb = line.rstrip().rsplit("|", 1)
        rss.setdefault(name, []).append(int(kb))
for function in ("proxy", "authorizer"):
    jit = results[f"{function} JIT"]
    print(f"\n{function}: build | mean ms | stddev | median | min | vs JIT (mean) | peak RSS MB")
    for build in ("JIT", "ReadyToRun", "AOT harness", "AOT bootstrap"):
        r = results[f"{function} {build}"]
        print(f"{build} | {r['mean']*1000:.0f} | {r['stddev']*1000:.0f} | {r['median']*1000:.0f} | {r['min']*1000:.0f}"
              f" | {r['mean']/jit['mean']:.2f} | {statistics.median(rss[f'{function} {build}'])/1024:.0f}")
    answers = open(f"{out}/{function}-answers.log", "rb").read().splitlines()
    good = [a for a in answers if b"/response " in a and (b'"statusCode":200' in a or b'"isAuthorized":true' in a)]
    print(f"{function} bootstrap answers: {len(good)} good of {len(answers)} (expected {expected_answers})")
    if len(good) != len(answers) or len(answers) != expected_answers:
        sys.exit(f"{function}: the bootstrap did not answer every timed invocation correctly")
PY
