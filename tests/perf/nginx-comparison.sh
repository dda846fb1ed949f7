#!/usr/bin/env bash
# The gateway side by side with nginx, on this machine, against the same upstream, in the same run:
#   1. wrk -> upstream                              (the floor)
#   2. wrk -> nginx proxy_pass -> upstream          (two headers added, keepalive to the upstream)
#   3. wrk -> a bare YARP 2.3.0 proxy -> upstream   (tests/perf/yarp-proxy: the gateway's route and two header
#                                                    transforms in YARP's own config, no logging)
#   4. wrk -> gatewayctl serve -> upstream          (in-memory stores, one route, two header transforms)
#   5. wrk -> the same YARP proxy, with socket continuations inline as serve runs them
#                                                   (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1): like for like
# Runs are interleaved (direct, nginx, yarp, gateway, direct, …) so machine noise hits all five alike; the figures
# are the medians over the rounds, and the spread of each target's req/s across the rounds is printed as the noise.
# Everything listens on 127.0.0.1 and is stopped on exit.
#
# usage: tests/perf/nginx-comparison.sh [seconds per run, default 15] [connections, default 32] [rounds, default 3]
set -euo pipefail
duration="${1:-15}"
connections="${2:-32}"
rounds="${3:-3}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
upstream_port=18081 nginx_port=18082 gateway_port=18083 admin_port=18084 yarp_port=18085 yarp_inline_port=18086
. "$root/tests/perf/lib.sh"
trap 'stop_all; rm -rf "$work"' EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"   # before anything of this run's: what else the machine is doing

require_packages nginx wrk
start_nginx_upstream "$upstream_port"

# nginx as a reverse proxy: keepalive to the upstream (as the gateway pools), two headers added, access log on.
cat >"$work/proxy.conf" <<CONF
worker_processes auto;
pid $work/proxy.pid;
error_log $work/proxy-error.log;
events { worker_connections 4096; }
http {
  access_log $work/proxy-access.log;
  upstream backend { server 127.0.0.1:$upstream_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Api-Version "2";
      proxy_set_header X-Request-ID \$request_id;
    }
  }
}
CONF

# The gateway: one route, two header transforms, in-memory stores, access log on (to a file, as nginx's).
cat >"$work/gateway.yaml" <<CONF
gateway: { name: perf-gateway }
services:
  orders: { url: "http://127.0.0.1:$upstream_port", retry: { attempts: 1 } }
routes:
  - name: get-order
    path: "/orders/{id}"
    methods: [GET]
    service: orders
    policies:
      requestHeaders:
        set:
          X-Api-Version: "2"
          X-Order-Id: "\${route.param.id}"
CONF

nginx -c "$work/proxy.conf"
echo "nginx:$work/proxy.pid" >>"$work/pids"
build_gateway
start_serve gateway "$work/gateway.yaml" "$gateway_port" "$admin_port"

echo "building the bare YARP proxy (Release)" >&2
dotnet build "$root/tests/perf/yarp-proxy" -c Release --nologo -v quiet >/dev/null
# start_yarp NAME PORT [VARIABLE=VALUE…]
start_yarp() {
  local name="$1" port="$2"
  shift 2
  env "$@" dotnet "$root/tests/perf/yarp-proxy/bin/Release/net10.0/yarp-proxy.dll" "$port" "http://127.0.0.1:$upstream_port" \
    >"$work/$name.log" 2>"$work/$name.err" &
  echo "pid:$!" >>"$work/pids"
  wait_for_log "$work/$name.log" " listening on " 120 || { cat "$work/$name.err" >&2; exit 1; }
}
start_yarp yarp "$yarp_port"
start_yarp yarp-inline "$yarp_inline_port" DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1

declare -A url=(
  [direct]="http://127.0.0.1:$upstream_port/orders/42"
  [nginx]="http://127.0.0.1:$nginx_port/orders/42"
  [yarp]="http://127.0.0.1:$yarp_port/orders/42"
  [gateway]="http://127.0.0.1:$gateway_port/orders/42"
  [yarp-inline]="http://127.0.0.1:$yarp_inline_port/orders/42"
)
targets=(direct nginx yarp gateway yarp-inline)

for target in "${targets[@]}"; do
  curl -fsS "${url[$target]}" >/dev/null || { echo "$target does not answer" >&2; exit 1; }
  # Warm-up: connection pools, and tiered compilation. Under this load the JIT was still busy about 12 s in for serve
  # and 9 s in for the YARP proxy (perf: the share of samples in libclrjit, second by second); 15 s lets both reach
  # their steady state before round 1, which is what the rounds compare.
  wrk -t2 -c"$connections" -d15s "${url[$target]}" >/dev/null
done

# wrk's latency distribution is in us, ms or s; normalise to ms.
to_ms() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v*=1000 } printf "%.3f", v }'; }

for round in $(seq 1 "$rounds"); do
  for target in "${targets[@]}"; do
    out="$(wrk -t2 -c"$connections" -d"${duration}s" --latency "${url[$target]}")"
    rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
    p50="$(awk '$1 == "50%" { print $2 }' <<<"$out" | to_ms)"
    p99="$(awk '$1 == "99%" { print $2 }' <<<"$out" | to_ms)"
    errors="$(awk '/Non-2xx or 3xx responses:|Socket errors:/ { print }' <<<"$out" | tr '\n' ' ')"
    echo "$round $target $rps $p50 $p99" >>"$work/results"
    printf 'round %d %-11s %10s req/s  p50 %8s ms  p99 %8s ms %s\n' "$round" "$target" "$rps" "$p50" "$p99" "$errors" >&2
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -g | awk '{ a[NR]=$1 } END { print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2 }'; }
declare -A rps p50 p99 noise
for target in "${targets[@]}"; do
  rps[$target]="$(awk -v t="$target" '$2 == t { print $3 }' "$work/results" | median)"
  # The noise: the lowest and highest req/s of the rounds, and their distance as a share of the median.
  noise[$target]="$(awk -v t="$target" -v m="${rps[$target]}" '$2 == t { if (n++ == 0 || $3 < lo) lo = $3; if ($3 > hi) hi = $3 }
    END { printf "%.0f-%.0f (%.0f%%)", lo, hi, 100 * (hi - lo) / m }' "$work/results")"
  p50[$target]="$(awk -v t="$target" '$2 == t { print $4 }' "$work/results" | median)"
  p99[$target]="$(awk -v t="$target" '$2 == t { print $5 }' "$work/results" | median)"
done

echo
echo "median of $rounds interleaved rounds, ${duration}s each, $connections connections, wrk -t2, $(nproc) cores"
echo "load average at the start: $load_before; after the rounds: $load_after (this counts the run's own processes too)"
printf '%-11s %12s %10s %10s   %s\n' target "req/s" "p50 ms" "p99 ms" "req/s across rounds (min-max, spread)"
for target in "${targets[@]}"; do
  printf '%-11s %12.0f %10.3f %10.3f   %s\n' "$target" "${rps[$target]}" "${p50[$target]}" "${p99[$target]}" "${noise[$target]}"
done
# ratio A B GOAL: A's throughput and p99 over B's, from the medians; then the throughput ratio of each round, and
# their median (A and B ran back to back there, so it is less exposed to the machine's drift than the two medians are).
ratio() {
  local per_round
  per_round="$(awk -v a="$1" -v b="$2" '$2 == a { ar[$1] = $3 } $2 == b { br[$1] = $3 }
    END { for (r = 1; r in ar; r++) printf "%s%.2f", (r > 1 ? " " : ""), ar[r] / br[r] }' "$work/results")"
  awk -v a="$1" -v b="$2" -v goal="$3" -v ar="${rps[$1]}" -v br="${rps[$2]}" -v ap="${p99[$1]}" -v bp="${p99[$2]}" \
    -v per_round="$per_round" \
    -v mid="$(tr ' ' '\n' <<<"$per_round" | median)" \
    'BEGIN { printf "%-20s throughput %.2fx, p99 %.2fx%s; throughput by round: %s (median %.2f)\n", a "/" b ":", ar / br, ap / bp, goal, per_round, mid }'
}
ratio gateway yarp " (goal: throughput >= 1.0, p99 <= 1.2)"
ratio gateway yarp-inline " (like for like: both with inline socket completions)"
ratio gateway nginx " (moonshot: throughput >= 0.8)"
ratio yarp nginx ""
ratio gateway direct ""
