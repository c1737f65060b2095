#!/usr/bin/env bash
# Enseada benchmark: Enseada side by side with distribution, Verdaccio and nginx on loopback, in one run.
#
#   bench/run.sh [--quick] [--no-install] [--no-build] [--keep] [--profile]
#
#   --quick       2 s per scenario after 1 s of warm-up, one start-up sample, 256 MiB large push (smoke test)
#   --no-install  do not apt-get / npm ci / fetch S3Proxy (they must be there already)
#   --no-build    use registry/target/enseada-registry.jar as it is
#   --keep        keep the scratch folder (server logs, data) and print its path
#   --profile     record a JFR profile of both Enseadas under load into bench/results/tmp/*.jfr
#
# Environment overrides: BENCH_DURATION, BENCH_WARMUP (seconds), BENCH_THREADS, BENCH_CONNECTIONS,
# BENCH_WRITE_CONNECTIONS, BENCH_BIG_PUSH_MIB, BENCH_STARTS, BENCH_ENSEADA_JAVA_OPTS (flags for the
# Enseada JVMs under load; -Xmx256m by default, the heap a 512 MiB pod gives it), BENCH_ENSEADA_JAR (measure another
# build), BENCH_TMPDIR (scratch folder parent, /var/tmp by default).
#
# Writes bench/results/<date>-<mode>.{json,md} and bench/results/latest.{json,md}; prints the table.
# Every server it starts runs in its own process group and is killed on exit, also on failure.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
PY="python3 $BENCH/tools/bench.py"
export BENCH_LUA="$BENCH/lua"

MODE=full INSTALL=1 BUILD=1 KEEP=0 PROFILE=0
for arg in "$@"; do
  case "$arg" in
    --quick) MODE=quick ;;
    --no-install) INSTALL=0 ;;
    --no-build) BUILD=0 ;;
    --keep) KEEP=1 ;;
    --profile) PROFILE=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
if [ "$MODE" = quick ]; then
  DURATION=${BENCH_DURATION:-2} WARMUP=${BENCH_WARMUP:-1} STARTS=${BENCH_STARTS:-1} BIG_MIB=${BENCH_BIG_PUSH_MIB:-256}
else
  DURATION=${BENCH_DURATION:-10} WARMUP=${BENCH_WARMUP:-5} STARTS=${BENCH_STARTS:-3} BIG_MIB=${BENCH_BIG_PUSH_MIB:-1024}
fi
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-32}
WCONNS=${BENCH_WRITE_CONNECTIONS:-8}
JAVA_OPTS=${BENCH_ENSEADA_JAVA_OPTS:--Xmx256m}
jfr() { # name: JVM flag recording a profile of the whole run of that Enseada, with --profile
  if [ "$PROFILE" = 1 ]; then
    mkdir -p "$BENCH/results/tmp"
    printf -- '-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=%s/results/tmp/%s-%s.jfr' "$BENCH" "$1" "$(date +%Y%m%dT%H%M%S)"
  fi
}
ADMIN_PW=bench-admin-password
RUN_START=$(date +%s)

# ------------------------------------------------------------------------------------------------
# scratch folder, servers, cleanup

source "$BENCH/lib.sh"

# ------------------------------------------------------------------------------------------------
# install and build

install_tools() {
  local need=()
  command -v docker-registry >/dev/null || need+=(docker-registry)
  command -v nginx >/dev/null || need+=(nginx)
  [ -e /usr/lib/nginx/modules/ngx_http_dav_ext_module.so ] || need+=(libnginx-mod-http-dav-ext)
  command -v wrk >/dev/null || need+=(wrk)
  command -v skopeo >/dev/null || need+=(skopeo)
  command -v curl >/dev/null || need+=(curl)
  if [ ${#need[@]} -gt 0 ]; then
    log "apt-get install ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if [ ! -x "$BENCH/peers/node_modules/.bin/verdaccio" ]; then
    log "npm ci in bench/peers (Verdaccio)"
    npm ci --ignore-scripts --no-audit --no-fund --prefix "$BENCH/peers" >/dev/null
  fi
  if [ ! -x "$ROOT/test-services/node_modules/.bin/pouchdb-server" ]; then
    log "npm ci in test-services (pouchdb-server)"
    npm ci --ignore-scripts --no-audit --no-fund --prefix "$ROOT/test-services" >/dev/null
  fi
  if [ ! -f "$S3PROXY_JAR" ]; then
    log "fetching S3Proxy from Maven Central"
    (cd "$WORK" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
      -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies -DoutputDirectory="$(dirname "$S3PROXY_JAR")")
  fi
}

S3PROXY_JAR=$BENCH/.cache/s3proxy-4.1.0-jar-with-dependencies.jar
JAR=${BENCH_ENSEADA_JAR:-$ROOT/registry/target/enseada-registry.jar}
[ "$INSTALL" = 1 ] && install_tools
if [ "$BUILD" = 1 ]; then
  log "building the registry (mvn package -pl registry -am)"
  (cd "$ROOT" && mvn -B -q package -DskipTests -pl registry -am)
fi
[ -f "$JAR" ] || { echo "missing $JAR (run without --no-build)" >&2; exit 1; }

# Which protocols this build has: a protocol whose package is absent is "not available", not a failure.
has_protocol() {
  python3 -c 'import sys, zipfile; n = "io/enseada/registry/%s/" % sys.argv[2]
sys.exit(0 if any(e.startswith(n) for e in zipfile.ZipFile(sys.argv[1]).namelist()) else 1)' "$JAR" "$1"
}

# ------------------------------------------------------------------------------------------------
# content, built once and loaded into every server

CONTENT=$WORK/content
mkdir -p "$CONTENT"
log "building content"
OCI_FACTS=$($PY oci-layout "$CONTENT/oci")
json_get() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
MANIFEST_DIGEST=$(json_get "$OCI_FACTS" manifest_digest)
BIG_DIGEST=$(json_get "$OCI_FACTS" big_digest)
BIG_FILE=$(json_get "$OCI_FACTS" big_file)
BIG_SIZE=$(json_get "$OCI_FACTS" big_size)
UPLOAD_SIZE=$((1024 * 1024))
UPLOAD_DIGEST=$($PY blob "$CONTENT/upload.bin" $UPLOAD_SIZE 11)
DEPLOY_SIZE=$((128 * 1024))
$PY blob "$CONTENT/deploy.jar" $DEPLOY_SIZE 12 >/dev/null
mapfile -t MAVEN_FILES < <($PY maven-files "$CONTENT/maven")
NPM_VERSIONS=(1.0.0 1.1.0 1.2.0)
for v in "${NPM_VERSIONS[@]}"; do $PY npm-package "$CONTENT/npm/$v" bench-pkg "$v"; done
read -r PUBLISH_CRC PUBLISH_RAW_LEN < <($PY npm-publish-template "$CONTENT/npm/publish-template.json")
PUBLISH_SIZE=$(python3 -c 'import json,sys; print(next(iter(json.load(open(sys.argv[1]))["_attachments"].values()))["length"])' \
  "$CONTENT/npm/publish-template.json")
MAVEN_JAR=com/example/bench/bench-lib/1.0.0/bench-lib-1.0.0.jar
MAVEN_META=com/example/bench/bench-lib/maven-metadata.xml
OCI_ACCEPT="Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json"
NPM_ABBREV="Accept: application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*"

# ------------------------------------------------------------------------------------------------
# start-up time of Enseada on its embedded defaults: fresh folder, no configuration but the port

read -r P_DIST P_VERD P_NGINX P_ENS P_ENS3 P_S3 P_COUCH P_START P_BIG <<<"$($PY freeport 9)"
{
  printf '{"kind":"meta","stamp":"%s","date":"%s","mode":"%s","duration":"%ss","warmup":"%ss","threads":%s,' \
    "$(date +%Y%m%dT%H%M%S)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$MODE" "$DURATION" "$WARMUP" "$THREADS"
  printf '"connections":%s,"write_connections":%s,"cores":%s,"mem_mib":%s,"load_start":"%s","commit":"%s",' \
    "$CONNS" "$WCONNS" "$(nproc)" "$(free -m | awk '/^Mem:/{print $2}')" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- registry shared 2>/dev/null || echo -dirty)"
  printf '"java":"%s","enseada_java_opts":"%s","profile":%s}\n' "$(java -version 2>&1 | head -1 | tr -d '"')" \
    "$JAVA_OPTS" "$([ "$PROFILE" = 1 ] && echo true || echo false)"
} >>"$RESULTS"


log "start-up of Enseada on embedded defaults, $STARTS fresh start(s)"
for i in $(seq "$STARTS"); do
  if start_server "enseada-start-$i" "$WORK/startup-$i" "http://127.0.0.1:$P_START/health/ready" -- \
      env ENSEADA_HOST=127.0.0.1 ENSEADA_PORT="$P_START" java -jar "$JAR"; then
    secs=${STARTUP[enseada-start-$i]}
  else
    secs=null
  fi
  stop_server "enseada-start-$i"
  printf '{"kind":"startup","system":"enseada","seconds":%s}\n' "$secs" >>"$RESULTS"
done

# ------------------------------------------------------------------------------------------------
# servers

log "starting distribution, Verdaccio, nginx, S3Proxy, pouchdb-server and two Enseadas"
mkdir -p "$WORK/distribution"
cat >"$WORK/distribution/config.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $WORK/distribution/data
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$P_DIST
  secret: bench-secret
YAML
start_server distribution "$WORK/distribution" "http://127.0.0.1:$P_DIST/v2/" -- \
  docker-registry serve "$WORK/distribution/config.yml"

mkdir -p "$WORK/verdaccio"
cat >"$WORK/verdaccio/config.yaml" <<YAML
storage: $WORK/verdaccio/storage
auth:
  htpasswd:
    file: $WORK/verdaccio/htpasswd
    max_users: 100
uplinks: {}
packages:
  '**':
    access: \$all
    publish: \$authenticated
    unpublish: \$authenticated
listen: 127.0.0.1:$P_VERD
max_body_size: 100mb
# JWT API tokens (HMAC-checked), as recommended; the legacy token would cost a bcrypt per request
security:
  api:
    jwt:
      sign:
        expiresIn: 7d
web:
  enable: false
log: { type: stdout, format: pretty, level: warn }
YAML
start_server verdaccio "$WORK/verdaccio" "http://127.0.0.1:$P_VERD/-/ping" -- \
  node "$BENCH/peers/node_modules/verdaccio/bin/verdaccio" --config "$WORK/verdaccio/config.yaml"

NGINX_ROOT=$WORK/nginx/www
mkdir -p "$NGINX_ROOT/maven" "$NGINX_ROOT/blobs" "$WORK/nginx/tmp"
nginx_config "$NGINX_ROOT" "$P_NGINX" '    location / {
      dav_methods PUT DELETE MKCOL;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
    }'
start_server nginx "$WORK/nginx" "http://127.0.0.1:$P_NGINX/blobs/" any -- \
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"

cat >"$WORK/enseada.yaml" <<YAML
# Public repositories: reads are anonymous, as on the peers (distribution, Verdaccio and nginx have no
# authentication on reads here); writes use a token.
repositories:
  - name: containers
    format: oci
    visibility: public
  - name: maven-releases
    format: maven
    visibility: public
    maven:
      versionPolicy: release
      allowRedeploy: false
  - name: npm
    format: npm
    visibility: public
YAML
# An Enseada that does not start fails its scenarios, not the run.
enseada_down() { for p in oci npm maven; do AVAIL[$1:$p]="failed|did not start (see its log)"; done; }
start_server enseada "$WORK/enseada" "http://127.0.0.1:$P_ENS/health/ready" -- \
  env ENSEADA_HOST=127.0.0.1 ENSEADA_PORT="$P_ENS" ENSEADA_CONFIG="$WORK/enseada.yaml" \
  ENSEADA_DATA_DIR="$WORK/enseada/data" ENSEADA_ADMIN_PASSWORD="$ADMIN_PW" ENSEADA_LOG_LEVEL=warn \
  java $JAVA_OPTS $(jfr enseada) -jar "$JAR" || enseada_down enseada

mkdir -p "$WORK/s3proxy/data/enseada"
cat >"$WORK/s3proxy/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$P_S3
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret-key
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$WORK/s3proxy/data
PROPS
start_server s3proxy "$WORK/s3proxy" "http://127.0.0.1:$P_S3/" any -- \
  java -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy/s3proxy.properties"
echo '{}' >"$WORK/pouchdb-config.json"
start_server pouchdb-server "$WORK/pouchdb" "http://127.0.0.1:$P_COUCH/" -- \
  "$ROOT/test-services/node_modules/.bin/pouchdb-server" --dir "$WORK/pouchdb/data" --host 127.0.0.1 \
  --port "$P_COUCH" -n -c "$WORK/pouchdb-config.json"
start_server enseada-s3 "$WORK/enseada-s3" "http://127.0.0.1:$P_ENS3/health/ready" -- \
  env ENSEADA_HOST=127.0.0.1 ENSEADA_PORT="$P_ENS3" ENSEADA_CONFIG="$WORK/enseada.yaml" \
  ENSEADA_DATA_DIR="$WORK/enseada-s3/data" ENSEADA_ADMIN_PASSWORD="$ADMIN_PW" ENSEADA_LOG_LEVEL=warn \
  ENSEADA_STORAGE=s3 ENSEADA_S3_BUCKET=enseada ENSEADA_S3_ENDPOINT="http://127.0.0.1:$P_S3" \
  ENSEADA_S3_PATH_STYLE=true ENSEADA_S3_ACCESS_KEY_ID=bench ENSEADA_S3_SECRET_ACCESS_KEY=bench-secret-key \
  ENSEADA_METADATA=couchdb ENSEADA_COUCHDB_URL="http://127.0.0.1:$P_COUCH" ENSEADA_COUCHDB_DATABASE=enseada \
  java $JAVA_OPTS $(jfr enseada-s3) -jar "$JAR" || enseada_down enseada-s3

declare -A BASE=(
  [distribution]=http://127.0.0.1:$P_DIST [verdaccio]=http://127.0.0.1:$P_VERD [nginx]=http://127.0.0.1:$P_NGINX
  [enseada]=http://127.0.0.1:$P_ENS [enseada-s3]=http://127.0.0.1:$P_ENS3
)

# Write credentials: an Enseada token (cheap to check on every request, unlike a bcrypt password).
declare -A TOKEN=()
for sys in enseada enseada-s3; do
  [ -z "${AVAIL[$sys:oci]:-}" ] || continue
  TOKEN[$sys]=$(curl -sf -u "admin:$ADMIN_PW" -H 'Content-Type: application/json' \
    "${BASE[$sys]}/api/v1/tokens" -d '{"description":"benchmark"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
done
TOKEN[verdaccio]=$(curl -sf -X PUT -H 'Content-Type: application/json' \
  "${BASE[verdaccio]}/-/user/org.couchdb.user:bench" -d '{"name":"bench","password":"bench-password"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
basic() { printf 'Basic %s' "$(printf '%s' "$1" | base64 -w0)"; }

# ------------------------------------------------------------------------------------------------
# loading the same content into each server with the real clients

http_code() { curl -s -o /dev/null -w '%{http_code}' "$@" || true; }

# mark SYSTEM PROTOCOL REASON: the protocol cannot be measured on SYSTEM; "not available" when the
# build has no such protocol yet, a failure otherwise.
mark() {
  if [[ $1 == enseada* ]] && ! has_protocol "$2"; then
    AVAIL[$1:$2]="not available|the $2 protocol is not in this build yet"
  else
    AVAIL[$1:$2]="failed|$3"
  fi
  log "$1 $2: ${AVAIL[$1:$2]#*|}"
}

load_oci() { # system image-prefix
  local sys=$1 creds=() out
  [[ $sys == enseada* ]] && creds=(--dest-creds "admin:${TOKEN[$sys]:-}")
  if ! out=$(skopeo --insecure-policy copy -q --dest-tls-verify=false "${creds[@]}" \
      "oci:$CONTENT/oci:1.0" "docker://${BASE[$sys]#http://}/containers/bench/app:1.0" 2>&1); then
    mark "$sys" oci "skopeo copy: $(tail -1 <<<"$out")"; return
  fi
  AVAIL[$sys:oci]=ok
}

load_npm() { # system registry-url
  local sys=$1 url=$2 out
  printf '//%s:_authToken=%s\n' "${url#http://}" "${TOKEN[$sys]:-}" >"$WORK/npmrc-$sys"
  for v in "${NPM_VERSIONS[@]}"; do
    if ! out=$(cd "$CONTENT/npm/$v" && npm publish --registry "$url" --userconfig "$WORK/npmrc-$sys" \
        --no-audit --no-fund 2>&1); then
      mark "$sys" npm "npm publish: $(grep -m1 -i 'npm error\|npm ERR' <<<"$out" || tail -1 <<<"$out")"; return
    fi
  done
  AVAIL[$sys:npm]=ok
}

load_maven() { # system repository-url [basic credentials]
  local sys=$1 url=$2 auth=() code f
  [ -n "${3:-}" ] && auth=(-u "$3")
  for f in "${MAVEN_FILES[@]}"; do
    code=$(http_code "${auth[@]}" -T "$CONTENT/maven/$f" "$url$f")
    if [[ $code != 2* ]]; then
      if [[ $f == */maven-metadata.xml* ]]; then
        log "$sys: PUT $f answered $code (metadata may be generated by the server)"
      else
        mark "$sys" maven "PUT $f answered $code"; return
      fi
    fi
  done
  AVAIL[$sys:maven]=ok
}

log "loading content"
load_oci distribution
for sys in enseada enseada-s3; do
  [ -z "${AVAIL[$sys:oci]:-}" ] || continue
  if [ "$(http_code "${BASE[$sys]}/v2/")" = 404 ]; then mark "$sys" oci "GET /v2/ answered 404"; else load_oci "$sys"; fi
done
cp "$BIG_FILE" "$NGINX_ROOT/blobs/big.bin"
load_npm verdaccio "${BASE[verdaccio]}/"
for sys in enseada enseada-s3; do [ -n "${AVAIL[$sys:npm]:-}" ] || load_npm "$sys" "${BASE[$sys]}/npm/npm/"; done
load_maven nginx "${BASE[nginx]}/maven/"
for sys in enseada enseada-s3; do [ -n "${AVAIL[$sys:maven]:-}" ] || load_maven "$sys" "${BASE[$sys]}/maven/maven-releases/" "admin:${TOKEN[$sys]:-}"; done

# Where each scenario reads and writes, per system.
declare -A OCI_REPO=([distribution]=containers/bench/app [enseada]=containers/bench/app [enseada-s3]=containers/bench/app)
declare -A NPM_PATH=([verdaccio]=/ [enseada]=/npm/npm/ [enseada-s3]=/npm/npm/)
declare -A MAVEN_PATH=([nginx]=/maven/ [enseada]=/maven/maven-releases/ [enseada-s3]=/maven/maven-releases/)

# The tarball URL each registry advertises in its packument.
declare -A TARBALL=()
for sys in verdaccio enseada enseada-s3; do
  [ "${AVAIL[$sys:npm]:-}" = ok ] || continue
  TARBALL[$sys]=$(curl -sf "${BASE[$sys]}${NPM_PATH[$sys]}bench-pkg" | python3 -c '
import json, sys, urllib.parse
u = json.load(sys.stdin)["versions"]["1.0.0"]["dist"]["tarball"]
print(urllib.parse.urlsplit(u).path)' 2>/dev/null || true)
  [ -n "${TARBALL[$sys]}" ] || mark "$sys" npm "no dist.tarball for bench-pkg@1.0.0 in the packument"
done

# ------------------------------------------------------------------------------------------------
# scenarios

record() { $PY record --out "$RESULTS" "$@"; }

# measure SCENARIO SYSTEM PROTOCOL CONNECTIONS PAYLOAD SCRIPT URL [wrk options...]
# Lua arguments in the array LUA_ARGS ("@STAMP@" is replaced by a value unique to each wrk run).
# PAYLOAD: bytes sent per successful operation (writes), 0 for reads (MB/s from bytes received).
LUA_ARGS=()
# A server that exits during the run (crash, or killed from outside) fails its remaining scenarios,
# with its exit status and the last line of its log.
declare -A GONE=()
check_alive() { # system
  local sys=$1 pid=${PID[$1]:-} rc=0
  [ -n "$pid" ] || return 0
  [ -z "${GONE[$sys]:-}" ] || return 1
  kill -0 "$pid" 2>/dev/null && return 0
  wait "$pid" 2>/dev/null || rc=$?
  GONE[$sys]="the $sys process exited during the run (status $rc$([ "$rc" -gt 128 ] && echo ", signal $((rc - 128))")); its log ends: $(tail -1 "$WORK/$sys.log" | cut -c1-200)"
  log "${GONE[$sys]}"
  return 1
}

measure() {
  local scen=$1 sys=$2 proto=$3 conns=$4 payload=$5 script=$6 url=$7 avail code
  shift 7
  avail=${AVAIL[$sys:$proto]:-ok}
  if [ "$avail" = ok ] && ! check_alive "$sys"; then avail="failed|${GONE[$sys]}"; fi
  if [ "$avail" != ok ]; then
    record --scenario "$scen" --system "$sys" --status "${avail%%|*}" --note "${avail#*|}"
    return 0
  fi
  local largs=() a
  for phase in warmup measured; do
    largs=()
    for a in "${LUA_ARGS[@]}"; do largs+=("${a//@STAMP@/$phase$RANDOM}"); done
    local secs=$DURATION
    [ $phase = warmup ] && secs=$WARMUP
    if ! BENCH_OUT=$WORK/wrk-$scen-$sys.json timeout $((secs + 60)) \
        wrk -t"$THREADS" -c"$conns" -d"${secs}s" --timeout 10s -s "$BENCH/lua/$script" "$@" "$url" -- "${largs[@]}" \
        >"$WORK/wrk-$scen-$sys.$phase.txt" 2>&1; then
      record --scenario "$scen" --system "$sys" --status failed --note "wrk: $(tail -1 "$WORK/wrk-$scen-$sys.$phase.txt")"
      return 0
    fi
  done
  record --scenario "$scen" --system "$sys" --status ok --wrk-json "$WORK/wrk-$scen-$sys.json" \
    --payload "$payload" --connections "$conns"
  log "$scen on $sys: $(tail -1 "$RESULTS" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r.get("status"), r.get("ops_per_s"), "ops/s", r.get("mb_per_s"), "MB/s", r.get("note",""))')"
}

# get SCENARIO SYSTEM PROTOCOL PATH [headers...]: checks one GET answers 200 first.
get() {
  local scen=$1 sys=$2 proto=$3 path=$4 code
  shift 4
  local hdrs=() h
  for h in "$@"; do hdrs+=(-H "$h"); done
  if [ "${AVAIL[$sys:$proto]:-ok}" = ok ] && check_alive "$sys"; then
    code=$(http_code "${hdrs[@]}" "${BASE[$sys]}$path")
    if [ "$code" != 200 ]; then
      record --scenario "$scen" --system "$sys" --status failed --note "GET $path answered $code"
      log "$scen on $sys: GET $path answered $code"
      return 0
    fi
  fi
  LUA_ARGS=()
  measure "$scen" "$sys" "$proto" "$CONNS" 0 get.lua "${BASE[$sys]}$path" "${hdrs[@]}"
}

log "scenarios: ${DURATION}s each after ${WARMUP}s warm-up, $THREADS threads, $CONNS connections ($WCONNS for writes)"
for sys in distribution enseada enseada-s3; do
  get oci-manifest-get "$sys" oci "/v2/${OCI_REPO[$sys]}/manifests/1.0" "$OCI_ACCEPT"
done
get oci-blob-get nginx maven /blobs/big.bin
for sys in distribution enseada enseada-s3; do
  get oci-blob-get "$sys" oci "/v2/${OCI_REPO[$sys]}/blobs/$BIG_DIGEST"
done
for sys in verdaccio enseada enseada-s3; do
  get npm-packument-full "$sys" npm "${NPM_PATH[$sys]}bench-pkg" "Accept: application/json"
done
for sys in verdaccio enseada enseada-s3; do
  get npm-packument-abbrev "$sys" npm "${NPM_PATH[$sys]}bench-pkg" "$NPM_ABBREV"
done
for sys in verdaccio enseada enseada-s3; do
  get npm-tarball-get "$sys" npm "${TARBALL[$sys]:-/none}"
done
for sys in nginx enseada enseada-s3; do
  get maven-artifact-get "$sys" maven "${MAVEN_PATH[$sys]}$MAVEN_JAR"
done
for sys in nginx enseada enseada-s3; do
  get maven-metadata-get "$sys" maven "${MAVEN_PATH[$sys]}$MAVEN_META"
done

# writes
for sys in distribution enseada enseada-s3; do
  auth=""
  [[ $sys == enseada* ]] && auth=$(basic "admin:${TOKEN[$sys]:-}")
  LUA_ARGS=(containers/bench/upload "$UPLOAD_DIGEST" "$CONTENT/upload.bin" "$auth")
  measure oci-blob-upload "$sys" oci "$WCONNS" "$UPLOAD_SIZE" oci_upload.lua "${BASE[$sys]}"
done
for sys in verdaccio enseada enseada-s3; do
  LUA_ARGS=("${NPM_PATH[$sys]}" "$CONTENT/npm/publish-template.json" "${BASE[$sys]}${NPM_PATH[$sys]}" \
    "Bearer ${TOKEN[$sys]:-}" "@STAMP@" "$PUBLISH_CRC" "$PUBLISH_RAW_LEN")
  measure npm-publish "$sys" npm "$WCONNS" "$PUBLISH_SIZE" npm_publish.lua "${BASE[$sys]}"
done
for sys in nginx enseada enseada-s3; do
  auth=""
  [[ $sys == enseada* ]] && auth=$(basic "admin:${TOKEN[$sys]:-}")
  LUA_ARGS=("${MAVEN_PATH[$sys]}" "$CONTENT/deploy.jar" "$auth" "@STAMP@")
  measure maven-deploy "$sys" maven "$WCONNS" "$DEPLOY_SIZE" maven_deploy.lua "${BASE[$sys]}"
done

for name in distribution verdaccio nginx enseada enseada-s3 s3proxy pouchdb-server; do record_server "$name"; done

# ------------------------------------------------------------------------------------------------
# memory under a large push: chunked upload (PATCH) with RSS sampled during the upload

big_push() { # system base pid repo jvm-note [auth]
  local out
  out=$($PY big-push --system "$1" --base "$2" --pid "$3" --repo "$4" --auth "${6:-}" --size-mib "$BIG_MIB" \
    --chunk-mib 16) || out='{"system":"'"$1"'","status":"failed","note":"big-push crashed"}'
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d["kind"]="big-push"; d["jvm"]=sys.argv[2]; print(json.dumps(d))' \
    "$out" "$5" >>"$RESULTS"
  log "large push to $1: $out"
}

log "large push: $BIG_MIB MiB in 16 MiB chunks"
if [ "${AVAIL[distribution:oci]:-}" = ok ]; then
  big_push distribution "${BASE[distribution]}" "${PID[distribution]}" containers/bench/big "reference"
fi
for name in distribution verdaccio nginx enseada enseada-s3 s3proxy pouchdb-server; do stop_server "$name"; done
if [ "${AVAIL[enseada:oci]:-}" = ok ]; then
  start_server enseada-small-heap "$WORK/enseada-small-heap" "http://127.0.0.1:$P_BIG/health/ready" -- \
    env ENSEADA_HOST=127.0.0.1 ENSEADA_PORT="$P_BIG" ENSEADA_DATA_DIR="$WORK/enseada-small-heap/data" \
    ENSEADA_ADMIN_PASSWORD="$ADMIN_PW" ENSEADA_LOG_LEVEL=warn java -Xmx128m -jar "$JAR"
  tok=$(curl -sf -u "admin:$ADMIN_PW" -H 'Content-Type: application/json' "http://127.0.0.1:$P_BIG/api/v1/tokens" \
    -d '{"description":"benchmark"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  big_push enseada "http://127.0.0.1:$P_BIG" "${PID[enseada-small-heap]}" containers/bench/big "-Xmx128m" \
    "$(basic "admin:$tok")"
  stop_server enseada-small-heap
else
  printf '{"kind":"big-push","system":"enseada","status":"not available","note":"%s"}\n' \
    "${AVAIL[enseada:oci]#*|}" >>"$RESULTS"
fi

# ------------------------------------------------------------------------------------------------
# report

python3 - "$RESULTS" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(( $(date +%s) - RUN_START ))" <<'PYEOF'
import json, sys
with open(sys.argv[1], "a") as f:
    f.write(json.dumps({"kind": "meta", "load_end": sys.argv[2], "total_seconds": int(sys.argv[3])}) + "\n")
PYEOF
$PY report "$RESULTS" "$BENCH/results"
log "done in $(( $(date +%s) - RUN_START )) s; results in bench/results/latest.md"
