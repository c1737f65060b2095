# Shared by bench/run.sh and bench/proxy.sh (sourced): the scratch folder, starting and stopping
# servers in their own process groups, and cleaning up on exit. Expects BENCH, PY and KEEP.

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# On disk (not a tmpfs /tmp): the write scenarios leave a few GB there until the end of the run.
WORK=$(mktemp -d "${BENCH_TMPDIR:-/var/tmp}/enseada-bench.XXXXXX")
RESULTS=$WORK/results.jsonl
declare -A PID=() STARTUP=() AVAIL=() AUTH=()
SERVERS=()

stop_server() { # name
  local name=$1 pid=${PID[$1]:-}
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  PID[$name]=
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for name in "${SERVERS[@]}"; do stop_server "$name"; done
  if [ "$KEEP" = 1 ]; then log "scratch folder kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# start_server NAME DIR READY_URL [any] -- COMMAND...: runs COMMAND in DIR in its own process group
# (setsid), log in $WORK/NAME.log; start-up time = exec to the first ready answer (200, or any HTTP
# answer with "any").
start_server() {
  local name=$1 dir=$2 url=$3 mode="" t0 secs
  shift 3
  if [ "$1" = any ]; then mode=any; shift; fi
  [ "$1" = -- ] && shift
  mkdir -p "$dir"
  t0=$(date +%s.%N)
  (cd "$dir" && exec setsid "$@" >"$WORK/$name.log" 2>&1 </dev/null) &
  PID[$name]=$!
  SERVERS+=("$name")
  if ! secs=$($PY wait-url "$url" 180 "$t0" $mode); then
    log "$name did not become ready; last lines of its log:"
    tail -20 "$WORK/$name.log" >&2
    return 1
  fi
  if ! kill -0 "${PID[$name]}" 2>/dev/null; then
    log "$name exited (another process answers on its port?)"; tail -20 "$WORK/$name.log" >&2; return 1
  fi
  STARTUP[$name]=$secs
  log "$name ready in ${secs}s (pid ${PID[$name]})"
}

record_server() { # name: start-up time and peak RSS so far
  local name=$1 pid=${PID[$1]:-} peak cur
  [ -n "$pid" ] || return 0
  read -r peak cur < <($PY rss "$pid")
  printf '{"kind":"server","system":"%s","startup_s":%s,"peak_rss_mib":%s,"rss_mib":%s}\n' \
    "$name" "${STARTUP[$name]:-null}" "$peak" "$cur" >>"$RESULTS"
}

# nginx_config ROOT PORT [LOCATIONS]: $WORK/nginx/nginx.conf serving ROOT on loopback PORT, the
# static-file limit (sendfile, no access log); LOCATIONS is inserted into its server block.
nginx_config() {
  mkdir -p "$WORK/nginx/tmp"
  cat >"$WORK/nginx/nginx.conf" <<CONF
user root;
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_max_body_size 0;
  client_body_temp_path $WORK/nginx/tmp;
  types { application/java-archive jar; text/xml xml pom; application/octet-stream bin; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$2;
    root $1;
${3:-}
  }
}
CONF
}
