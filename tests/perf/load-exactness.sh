#!/usr/bin/env bash
# Rate-limit exactness under load: two gatewayctl serve processes (two "instances") share one DynamoDB Local table
# and one fixed-window limit of LIMIT requests per 5 s; autocannon drives both at once, well above the limit. The
# admitted requests of each window are counted from both access logs together: never more than the limit, and
# (the algorithm being exact) at least 95% of it in every full window.
#
# The limit fails closed, and the store timeout is 1 s: DynamoDB Local on a loaded 2-core machine is far slower than
# DynamoDB, and a limit that fails open when the store is slow is judged by each instance's own backstop (that is
# its documented fail mode, not exactness). A request the store could not decide in time gets 503
# limit_unavailable, counted apart.
#
# usage: tests/perf/load-exactness.sh [seconds, default 30] [requests per second per instance, default 150] [limit, default 100]
set -euo pipefail
duration="${1:-30}"
rate="${2:-150}"
limit="${3:-100}"
window=5
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
upstream_port=18101
. "$root/tests/perf/lib.sh"
trap 'stop_all; [ -n "${KEEP_WORK:-}" ] && echo "kept $work" >&2 || rm -rf "$work"' EXIT

require_packages nginx
require_autocannon
start_nginx_upstream "$upstream_port"

cat >"$work/gateway.yaml" <<CONF
gateway: { name: exactness-gateway, storeTimeout: 1s }
services:
  orders: { url: "http://127.0.0.1:$upstream_port" }
routes:
  - name: get-order
    path: "/orders/{id}"
    methods: [GET]
    service: orders
    policies:
      rateLimit: { limits: [ { name: shared, by: route, algorithm: fixedWindow, requests: $limit, per: ${window}s, failMode: closed } ] }
CONF

build_gateway
# The first instance starts DynamoDB Local and creates the table; the second joins them.
start_serve first "$work/gateway.yaml" 18103 18104 --store dynamodb --table exactness
# (A DynamoDB Local the instance started itself is printed as a URI, with a trailing slash; a given endpoint as given.)
endpoint=$(sed -n 's/^state: DynamoDB table .* at \(http[^ ]*[^/]\)\/*$/\1/p' "$work/first.log")
export AWS_ENDPOINT_URL_DYNAMODB="$endpoint"
start_serve second "$work/gateway.yaml" 18105 18106 --store dynamodb --table exactness
grep -q "^state: DynamoDB table exactness at $endpoint\$" "$work/second.log" ||
  { echo "the second instance is not on the first one's DynamoDB Local:" >&2; grep '^state:' "$work/second.log" >&2; exit 1; }
echo "two instances on DynamoDB Local at $endpoint; ${duration}s at ${rate} req/s each; limit $limit per ${window}s" >&2

"$autocannon" -c 16 -R "$rate" -d "$duration" -j "http://127.0.0.1:18103/orders/1" >"$work/first.json" 2>/dev/null &
load_first=$!
"$autocannon" -c 16 -R "$rate" -d "$duration" -j "http://127.0.0.1:18105/orders/1" >"$work/second.json" 2>/dev/null &
load_second=$!
wait "$load_first" "$load_second"

# Admitted (200) and refused (429) per window, from both instances' access lines, each request in the window it
# started in.
sleep 1  # serve writes its log lines every 100 ms
cat "$work/first.log" "$work/second.log" | node -e '
  const [limit, window] = [Number(process.argv[1]), Number(process.argv[2]) * 1000];
  const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(l => l.startsWith("{"));
  const windows = new Map();
  let other = 0, undecided = 0;
  for (const line of lines) {
    const entry = JSON.parse(line);
    if (entry.message !== "request completed") continue;
    // The limiter picks the window from the clock as the request starts; the line is written when it completes.
    const started = Date.parse(entry.timestamp) - entry.response_time_ms;
    const w = Math.floor(started / window);
    const counts = windows.get(w) ?? { admitted: 0, refused: 0 };
    if (entry.status === 200) counts.admitted++;
    else if (entry.status === 429) counts.refused++;
    else if (entry.status === 503 && entry.error_code === "limit_unavailable") undecided++;
    else { other++; console.log(`other status ${entry.status} ${entry.error_code ?? ""} at ${entry.timestamp}`); }
    windows.set(w, counts);
  }
  const keys = [...windows.keys()].sort();
  let over = 0, under = 0;
  keys.forEach((w, i) => {
    const { admitted, refused } = windows.get(w);
    const full = i > 0 && i < keys.length - 1;
    if (admitted > limit) over++;
    if (full && admitted < 0.95 * limit) under++;
    console.log(`window ${new Date(w * window).toISOString()}  admitted ${String(admitted).padStart(4)}  refused ${String(refused).padStart(5)}${full ? "" : "  (partial)"}`);
  });
  console.log(`windows over the limit: ${over}; full windows under 95%: ${under}; undecided (503 limit_unavailable): ${undecided}; other statuses: ${other}`);
  process.exit(over === 0 && under === 0 && other === 0 ? 0 : 1);
' "$limit" "$window" && echo "PASS: admitted <= $limit in every window" || { echo "FAIL" >&2; exit 1; }
