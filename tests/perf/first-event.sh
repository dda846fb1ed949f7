#!/usr/bin/env bash
# Time to the first server-sent event, direct and through gatewayctl serve, on this machine, in the same run:
#   1. client -> upstream                  (the floor: the upstream writes its headers and first event at once)
#   2. client -> gatewayctl serve -> upstream   (one route, no policies, so serve streams the answer)
# The upstream (first-event/sse_upstream.py) sends a second event a second after the first; the client
# (first-event/client.py) stops the clock when the first event's bytes have arrived, not the headers, and fails if
# a first event through serve took nearly as long as the second one (buffered, not streamed). Repetitions are
# interleaved, each on a new connection; it prints the median and p99 of each and the difference. Everything
# listens on 127.0.0.1 and is stopped on exit.
#
# usage: tests/perf/first-event.sh [repetitions, default 200]
set -euo pipefail
repetitions="${1:-200}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
upstream_port=18101 gateway_port=18103 admin_port=18104
. "$root/tests/perf/lib.sh"
trap 'stop_all; rm -rf "$work"' EXIT

require_packages python3
python3 "$root/tests/perf/first-event/sse_upstream.py" "$upstream_port" >"$work/upstream.log" 2>"$work/upstream.err" &
echo "pid:$!" >>"$work/pids"
wait_for_log "$work/upstream.log" " listening on " 30 || { cat "$work/upstream.err" >&2; exit 1; }

cat >"$work/gateway.yaml" <<CONF
gateway: { name: first-event }
services:
  events: { url: "http://127.0.0.1:$upstream_port" }
routes:
  - { name: events, path: /events, methods: [GET], service: events }
CONF

build_gateway
start_serve gateway "$work/gateway.yaml" "$gateway_port" "$admin_port"

python3 "$root/tests/perf/first-event/client.py" "$repetitions" \
  "http://127.0.0.1:$upstream_port/events" "http://127.0.0.1:$gateway_port/events"
