# Shared by the scripts in tests/perf: an nginx upstream, gatewayctl serve, and waiting for either. Source it after
# setting $root (the repository) and $work (a scratch folder the caller removes); every process started is recorded
# in $work/pids and stopped by stop_all.

require_packages() {
  local missing=()
  for command in "$@"; do command -v "$command" >/dev/null || missing+=("$command"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]} (Debian packages)" >&2
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

require_autocannon() {
  # Both of package.json's tools: autocannon, and ws for mixed-traffic.mjs (a checkout from before ws needs the install).
  { [ -x "$root/tests/perf/node_modules/.bin/autocannon" ] && [ -d "$root/tests/perf/node_modules/ws" ]; } ||
    npm ci --prefix "$root/tests/perf" --no-audit --no-fund --loglevel=error
  autocannon="$root/tests/perf/node_modules/.bin/autocannon"
}

# An nginx answering a small JSON body on 127.0.0.1:$1: fast enough not to be what is measured.
start_nginx_upstream() {
  local port="$1"
  cat >"$work/upstream.conf" <<CONF
worker_processes 1;
pid $work/upstream.pid;
error_log $work/upstream-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$port;
    location / { default_type application/json; return 200 '{"id":"42","status":"shipped"}'; }
  }
}
CONF
  nginx -c "$work/upstream.conf"
  echo "nginx:$work/upstream.pid" >>"$work/pids"
}

build_gateway() {
  echo "building gatewayctl (Release)" >&2
  dotnet build "$root/src/Gateway.Cli" -c Release --nologo -v quiet >/dev/null
  gatewayctl="$root/src/Gateway.Cli/bin/Release/net10.0/gatewayctl.dll"
}

# start_serve NAME CONFIG PORT ADMIN_PORT [extra serve arguments…]: stdout (the JSON logs) goes to $work/NAME.log.
start_serve() {
  local name="$1" config="$2" port="$3" admin="$4"
  shift 4
  dotnet "$gatewayctl" serve --config "$config" --port "$port" --admin-port "$admin" "$@" >"$work/$name.log" 2>"$work/$name.err" &
  echo "pid:$!" >>"$work/pids"
  eval "${name}_pid=$!"
  wait_for_log "$work/$name.log" " listening on " 120 || { cat "$work/$name.err" >&2; return 1; }
}

wait_for_log() {
  local file="$1" text="$2" seconds="$3"
  for _ in $(seq 1 $((seconds * 5))); do
    grep -q -- "$text" "$file" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "timed out waiting for \"$text\" in $file" >&2
  return 1
}

stop_all() {
  [ -f "$work/pids" ] || return 0
  while IFS= read -r entry; do
    case "$entry" in
      pid:*) kill "${entry#pid:}" 2>/dev/null || true ;;
      nginx:*) [ -f "${entry#nginx:}" ] && kill "$(cat "${entry#nginx:}")" 2>/dev/null || true ;;
    esac
  done <"$work/pids"
  wait 2>/dev/null || true
}
