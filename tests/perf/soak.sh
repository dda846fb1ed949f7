#!/usr/bin/env bash
# A soak: gatewayctl serve at a fixed request rate for a fixed time, with streaming traffic mixed in (WebSocket
# sessions, server-sent event streams and 200 KB uploads that stream, from tests/perf/mixed-traffic.mjs), and its
# memory sampled every 5 s.
# Passes when no request or exchange failed and memory shows no growth trend after the first minute (the slope of a
# least-squares line through the samples of the resident size, and of the managed heap, stays under 1 MB/min, and the last minute's mean is within 10% of the
# second minute's). Everything listens on 127.0.0.1 and is stopped on exit.
#
# usage: tests/perf/soak.sh [seconds, default 300] [requests per second, default 400] [store: memory|dynamodb]
# SOAK_SAMPLES=FILE keeps the samples: seconds, RSS KB, threads, managed heap KB, full collections.
set -euo pipefail
duration="${1:-300}"
rate="${2:-400}"
store="${3:-memory}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
upstream_port=18091 mixed_port=18092 gateway_port=18093 admin_port=18094
. "$root/tests/perf/lib.sh"
trap 'stop_all; rm -rf "$work"' EXIT

require_packages nginx
require_autocannon
start_nginx_upstream "$upstream_port"
node "$root/tests/perf/mixed-traffic.mjs" upstream "$mixed_port" >"$work/mixed-upstream.log" 2>&1 &
echo "pid:$!" >>"$work/pids"
wait_for_log "$work/mixed-upstream.log" "listening" 30

# One route with transforms and a limit it never reaches, so the limiter, the breaker and the logs all do their
# per-request work; beside it, the streaming routes (no policy reads a body, so serve streams them).
cat >"$work/gateway.yaml" <<CONF
gateway: { name: soak-gateway, maxRequestBodySize: 1MB }
services:
  orders: { url: "http://127.0.0.1:$upstream_port" }
  mixed: { url: "http://127.0.0.1:$mixed_port" }
routes:
  - { name: ws, path: /ws, methods: [GET], service: mixed }
  - { name: events, path: /events, methods: [GET], service: mixed }
  - { name: uploads, path: /uploads, methods: [POST], service: mixed }
  - name: get-order
    path: "/orders/{id}"
    methods: [GET]
    service: orders
    policies:
      requestHeaders: { set: { X-Api-Version: "2", X-Order-Id: "\${route.param.id}" } }
      rateLimit: { limits: [ { name: ceiling, by: route, algorithm: slidingWindow, requests: 1000000, per: 1s } ] }
CONF

build_gateway
start_serve gateway "$work/gateway.yaml" "$gateway_port" "$admin_port" --store "$store"
echo "soak: ${duration}s at ${rate} req/s, store $store, gateway pid $gateway_pid" >&2

sample_memory() {
  local start
  start=$(date +%s)
  while kill -0 "$gateway_pid" 2>/dev/null; do
    local rss gc
    rss=$(awk '/^VmRSS:/ { rss = $2 } /^Threads:/ { threads = $2 } END { print rss, threads }' "/proc/$gateway_pid/status" 2>/dev/null || echo 0 0)
    # The managed heap as the last collection left it, and how many full (gen 2) collections have run.
    gc=$(curl -s "http://127.0.0.1:$admin_port/metrics" | awk '
      /^dotnet_gc_heap_size_bytes / { heap = $2 } /^dotnet_gc_collections_total\{generation="2"\} / { gen2 = $2 }
      END { printf "%d %d", heap / 1024, gen2 }')
    echo "$(( $(date +%s) - start )) $rss $gc" >>"$work/memory"
    sleep 5
  done
}
sample_memory &
sampler=$!
echo "pid:$sampler" >>"$work/pids"

node "$root/tests/perf/mixed-traffic.mjs" load "http://127.0.0.1:$gateway_port" "$duration" >"$work/mixed.json" &
mixed=$!
"$autocannon" -c 20 -R "$rate" -d "$duration" -j "http://127.0.0.1:$gateway_port/orders/42" >"$work/result.json" 2>/dev/null
mixed_status=0
wait "$mixed" || mixed_status=$?
kill "$sampler" 2>/dev/null || true

node -e '
  const { tally, failures } = require(process.argv[1]);
  for (const [kind, t] of Object.entries(tally)) console.log(`${kind}: ${t.ok} ok, ${t.failed} failed`);
  for (const failure of failures) console.log(`  ${failure}`);
' "$work/mixed.json"
[ "$mixed_status" -eq 0 ] || { echo "FAIL: streaming traffic failed (exit $mixed_status)" >&2; exit 1; }

node -e '
  const r = require(process.argv[1]);
  const failed = r.non2xx + r.errors + r.timeouts;
  console.log(`requests ${r.requests.total}, 2xx ${r["2xx"]}, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`);
  console.log(`latency ms: p50 ${r.latency.p50}, p99 ${r.latency.p99}, max ${r.latency.max}; throughput ${r.requests.average} req/s`);
  process.exit(failed === 0 ? 0 : 3);
' "$work/result.json" || { echo "FAIL: some requests failed" >&2; exit 1; }

# Memory: the trend after the first minute of warm-up (JIT, pools, caches), of the resident size and of the managed
# heap as each collection left it (a leak of objects shows in both; native growth, such as tier-1 JIT code, only in
# the first). Each fails on a slope over 1 MB/min or a last minute 10% above the second.
trend() {
  awk -v duration="$duration" -v column="$1" -v label="$2" '
    $1 >= 60 { n++; x[n] = $1 / 60; y[n] = $column / 1024; sx += x[n]; sy += y[n]; sxx += x[n] * x[n]; sxy += x[n] * y[n] }
    $1 >= 60 && $1 < 120 { early += $column / 1024; ne++ }
    $1 >= duration - 60 { late += $column / 1024; nl++ }
    END {
      if (n < 3) { print label ": too few samples"; exit 0 }
      slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
      em = ne ? early / ne : y[1]; lm = nl ? late / nl : y[n]
      printf "%s after warm-up: %.1f MB -> %.1f MB, trend %+.2f MB/min over %d samples\n", label, em, lm, slope, n
      exit (slope > 1 || lm > em * 1.10) ? 2 : 0
    }' "$work/memory"
}
status=0
trend 2 "memory (RSS)" || status=2
trend 4 "managed heap after collections" || status=2
awk '$1 >= 60 { if (min == "" || $3 < min) min = $3; if ($3 > max) max = $3; gen2 = $5 }
  END { printf "threads %d-%d, full collections %d\n", min, max, gen2 }' "$work/memory"
if [ -n "${SOAK_SAMPLES:-}" ]; then
  cp "$work/memory" "$SOAK_SAMPLES"
fi
[ "$status" -eq 0 ] && echo "PASS: no growth trend" || echo "FAIL: memory grows"
exit "$status"
