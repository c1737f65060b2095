#!/usr/bin/env bash
# Enseada's npm and Maven proxy repositories against their peers, with the real clients, in one run:
#
#   bench/proxy.sh [--quick] [--no-install] [--no-build] [--keep] [--rounds N]
#
#   --quick       one round (smoke test); the default is 3 rounds, each with fresh proxy caches
#   --no-install  do not npm ci Verdaccio or apt-get nginx (they must be there already)
#   --no-build    use registry/target/enseada-registry.jar as it is
#   --keep        keep the scratch folder (server logs, data) and print its path
#   --rounds N    rounds to run (medians are reported)
#
# npm: `npm ci` of bench/fixtures/npm-proxy (410 packages) with an empty npm cache, (a) through
# Enseada's npm proxy of a loopback Verdaccio "upstream", (b) through a second Verdaccio whose
# uplink is that upstream, (c) straight from the upstream; cold (empty proxy cache) and warm (the
# proxy's second install), and cold again in the same, running server once its proxy cache was
# emptied through the API ("cold, running server": the JVM has compiled its hot paths). Maven: `mvn dependency:resolve` of bench/fixtures/maven-proxy (259 jars
# with the plugin's own) with an empty local repository and -C (checksumPolicy=fail), through
# Enseada's Maven proxy of a loopback nginx, cold and warm, and straight from nginx.
#
# The upstreams' content is taken once and kept in bench/.cache/: the npm packages from
# registry.npmjs.org (through a Verdaccio whose uplink is the public registry, used only for that
# step), the Maven layout from ~/.m2/repository (what the build downloaded; the few poms missing
# there from Maven Central), with a .sha1 next to every file. Environment: BENCH_TMPDIR,
# BENCH_ENSEADA_JAR, BENCH_ENSEADA_JAVA_OPTS (-Xmx256m by default).
#
# Writes bench/results/<date>-proxy.{json,md} and bench/results/latest-proxy.{json,md}; prints the table.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
PY="python3 $BENCH/tools/bench.py"

MODE=full INSTALL=1 BUILD=1 KEEP=0 ROUNDS=
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) MODE=quick ;;
    --no-install) INSTALL=0 ;;
    --no-build) BUILD=0 ;;
    --keep) KEEP=1 ;;
    --rounds) ROUNDS=$2; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$ROUNDS" ] || { [ "$MODE" = quick ] && ROUNDS=1 || ROUNDS=3; }
JAVA_OPTS=${BENCH_ENSEADA_JAVA_OPTS:--Xmx256m}
ADMIN_PW=bench-admin-password
RUN_START=$(date +%s)
NPM_FIXTURE=$BENCH/fixtures/npm-proxy
MAVEN_FIXTURE=$BENCH/fixtures/maven-proxy
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.6.1
VERDACCIO="$BENCH/peers/node_modules/verdaccio/bin/verdaccio"

source "$BENCH/lib.sh"

# ------------------------------------------------------------------------------------------------
# install and build

if [ "$INSTALL" = 1 ]; then
  if ! command -v nginx >/dev/null; then
    log "apt-get install nginx"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  fi
  if [ ! -x "$VERDACCIO" ]; then
    log "npm ci in bench/peers (Verdaccio)"
    npm ci --ignore-scripts --no-audit --no-fund --prefix "$BENCH/peers" >/dev/null
  fi
fi
JAR=${BENCH_ENSEADA_JAR:-$ROOT/registry/target/enseada-registry.jar}
if [ "$BUILD" = 1 ]; then
  log "building the registry (mvn package -pl registry -am)"
  (cd "$ROOT" && mvn -B -q package -DskipTests -pl registry -am)
fi
[ -f "$JAR" ] || { echo "missing $JAR (run without --no-build)" >&2; exit 1; }

read -r P_UP P_VERD P_NGINX P_ENS P_LOAD <<<"$($PY freeport 5)"

# verdaccio_config DIR PORT [UPLINK_URL]: a Verdaccio that anyone may read; with an uplink, every
# package is proxied from it and its metadata trusted for 30 minutes (Enseada's default metadataMaxAge).
verdaccio_config() {
  local dir=$1 port=$2 uplink=${3:-}
  mkdir -p "$dir"
  {
    printf 'storage: %s/storage\nauth:\n  htpasswd:\n    file: %s/htpasswd\n' "$dir" "$dir"
    if [ -n "$uplink" ]; then
      printf 'uplinks:\n  upstream:\n    url: %s\n    maxage: 30m\n    timeout: 60s\n' "$uplink"
      printf 'packages:\n  "**":\n    access: $all\n    publish: $authenticated\n    proxy: upstream\n'
    else
      printf 'uplinks: {}\npackages:\n  "**":\n    access: $all\n    publish: $authenticated\n'
    fi
    printf 'listen: 127.0.0.1:%s\nmax_body_size: 100mb\nweb:\n  enable: false\n' "$port"
    printf 'log: { type: stdout, format: pretty, level: warn }\n'
  } >"$dir/config.yaml"
}

start_verdaccio() { # name dir port
  start_server "$1" "$2" "http://127.0.0.1:$3/-/ping" -- node "$VERDACCIO" --config "$2/config.yaml"
}

# ------------------------------------------------------------------------------------------------
# the clients: each install starts from an empty client cache

INSTALLS=0
# npm_ci REGISTRY_URL: prints the seconds `npm ci` of the fixture took
npm_ci() {
  local url=$1 dir t0 t1 out
  INSTALLS=$((INSTALLS + 1))
  dir=$WORK/npm-client/$INSTALLS
  mkdir -p "$dir"
  cp "$NPM_FIXTURE/package.json" "$NPM_FIXTURE/package-lock.json" "$dir/"
  printf 'registry=%s\n' "$url" >"$dir/.npmrc"
  t0=$(date +%s.%N)
  if ! out=$(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error --userconfig "$dir/.npmrc" \
      --cache "$dir/.npm-cache" --registry "$url" 2>&1); then
    log "npm ci from $url failed: $(grep -m1 -i 'npm error' <<<"$out" || tail -1 <<<"$out")"
    return 1
  fi
  t1=$(date +%s.%N)
  if ! python3 -c 'import json,sys; sys.exit(len(json.load(open(sys.argv[1]))["packages"]) < 200)' \
      "$dir/node_modules/.package-lock.json"; then
    log "npm ci from $url installed fewer than 200 packages"; return 1
  fi
  python3 -c 'import sys; print("%.2f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$t0" "$t1"
  rm -rf "$dir"
}

# mvn_resolve REPOSITORY_URL: prints the seconds `mvn dependency:resolve` of the fixture took
mvn_resolve() {
  local url=$1 dir t0 t1 out
  INSTALLS=$((INSTALLS + 1))
  dir=$WORK/mvn-client/$INSTALLS
  mkdir -p "$dir"
  printf '<settings><mirrors><mirror><id>bench</id><mirrorOf>*</mirrorOf><url>%s</url></mirror></mirrors></settings>\n' \
    "$url" >"$dir/settings.xml"
  t0=$(date +%s.%N)
  if ! out=$(mvn -B -q -C -s "$dir/settings.xml" -Dmaven.repo.local="$dir/repo" -f "$MAVEN_FIXTURE/pom.xml" \
      "$DEPENDENCY_PLUGIN:resolve" 2>&1); then
    log "mvn dependency:resolve from $url failed: $(grep -m1 ERROR <<<"$out" | cut -c1-300)"
    return 1
  fi
  t1=$(date +%s.%N)
  python3 -c 'import sys; print("%.2f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$t0" "$t1"
  rm -rf "$dir"
}

# timed SCENARIO SYSTEM PHASE ROUND CLIENT URL: one measured install, recorded (a failure too)
timed() {
  local scen=$1 sys=$2 phase=$3 round=$4 client=$5 url=$6 secs
  if secs=$($client "$url"); then
    log "$scen $sys $phase (round $round): ${secs}s"
    printf '{"kind":"install","scenario":"%s","system":"%s","phase":"%s","round":%s,"seconds":%s}\n' \
      "$scen" "$sys" "$phase" "$round" "$secs" >>"$RESULTS"
  else
    printf '{"kind":"install","scenario":"%s","system":"%s","phase":"%s","round":%s,"seconds":null}\n' \
      "$scen" "$sys" "$phase" "$round" >>"$RESULTS"
  fi
}

# ------------------------------------------------------------------------------------------------
# the upstreams' content, taken once

mkdir -p "$BENCH/.cache"
NPM_KEY=$(cat "$NPM_FIXTURE/package-lock.json" | sha256sum | cut -c1-12)
NPM_STORE=$BENCH/.cache/npm-upstream-$NPM_KEY
if [ ! -d "$NPM_STORE/storage" ]; then
  log "loading the npm fixture from registry.npmjs.org into a Verdaccio storage (once, into $NPM_STORE)"
  rm -rf "$NPM_STORE.tmp"
  verdaccio_config "$NPM_STORE.tmp" "$P_LOAD" https://registry.npmjs.org/
  start_verdaccio npm-loader "$NPM_STORE.tmp" "$P_LOAD"
  npm_ci "http://127.0.0.1:$P_LOAD/" >/dev/null
  stop_server npm-loader
  rm -f "$NPM_STORE.tmp/config.yaml"
  mv "$NPM_STORE.tmp" "$NPM_STORE"
fi

MAVEN_KEY=$(cat "$MAVEN_FIXTURE/pom.xml" | sha256sum | cut -c1-12)
MAVEN_STORE=$BENCH/.cache/maven-upstream-$MAVEN_KEY
if [ ! -d "$MAVEN_STORE" ]; then
  log "collecting the Maven fixture's artifacts from ~/.m2/repository (once, into $MAVEN_STORE)"
  rm -rf "$MAVEN_STORE.tmp"
  mkdir -p "$MAVEN_STORE.tmp"
  # The build's local repository first; Maven Central only for the few poms it never needed.
  cat >"$MAVEN_STORE.tmp/settings.xml" <<XML
<settings>
  <profiles><profile><id>build-cache</id>
    <repositories><repository><id>build-cache</id><url>file://$HOME/.m2/repository</url></repository></repositories>
    <pluginRepositories><pluginRepository><id>build-cache</id><url>file://$HOME/.m2/repository</url></pluginRepository></pluginRepositories>
  </profile></profiles>
  <activeProfiles><activeProfile>build-cache</activeProfile></activeProfiles>
</settings>
XML
  mvn -B -q -s "$MAVEN_STORE.tmp/settings.xml" -Dmaven.repo.local="$MAVEN_STORE.tmp/repo" -f "$MAVEN_FIXTURE/pom.xml" \
    "$DEPENDENCY_PLUGIN:resolve" >"$MAVEN_STORE.tmp/collect.log" 2>&1 ||
    { tail -20 "$MAVEN_STORE.tmp/collect.log" >&2; exit 1; }
  $PY maven-layout "$MAVEN_STORE.tmp/repo"
  mv "$MAVEN_STORE.tmp/repo" "$MAVEN_STORE"
  rm -rf "$MAVEN_STORE.tmp"
fi
MAVEN_JARS=$(find "$MAVEN_STORE" -name '*.jar' | wc -l)
NPM_PACKAGES=$(python3 -c 'import json,sys; print(sum(1 for k in json.load(open(sys.argv[1]))["packages"] if k))' \
  "$NPM_FIXTURE/package-lock.json")

{
  printf '{"kind":"meta","stamp":"%s","date":"%s","mode":"proxy-%s","rounds":%s,"cores":%s,"mem_mib":%s,' \
    "$(date +%Y%m%dT%H%M%S)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$MODE" "$ROUNDS" "$(nproc)" "$(free -m | awk '/^Mem:/{print $2}')"
  printf '"load_start":"%s","commit":"%s","enseada_java_opts":"%s","npm_packages":%s,"maven_jars":%s,' \
    "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- registry shared 2>/dev/null || echo -dirty)" \
    "$JAVA_OPTS" "$NPM_PACKAGES" "$MAVEN_JARS"
  printf '"npm":"%s","maven":"%s","node":"%s"}\n' "$(npm --version)" "$(mvn --version 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')" \
    "$(node --version)"
} >>"$RESULTS"

# ------------------------------------------------------------------------------------------------
# upstreams: a Verdaccio without uplinks on a copy of the npm storage, nginx on the Maven layout

cp -a "$NPM_STORE" "$WORK/upstream"
verdaccio_config "$WORK/upstream" "$P_UP"
start_verdaccio upstream "$WORK/upstream" "$P_UP"

nginx_config "$MAVEN_STORE" "$P_NGINX"
start_server nginx "$WORK/nginx" "http://127.0.0.1:$P_NGINX/" any -- nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"

UPSTREAM=http://127.0.0.1:$P_UP/
NGINX=http://127.0.0.1:$P_NGINX/
cat >"$WORK/enseada.yaml" <<YAML
repositories:
  - name: npmjs
    format: npm
    kind: proxy
    visibility: public
    proxy: {url: "$UPSTREAM"}
  - name: maven-central
    format: maven
    kind: proxy
    visibility: public
    proxy: {url: "$NGINX"}
YAML

# The proxies start each round with empty caches.
start_proxies() {
  rm -rf "$WORK/enseada" "$WORK/verdaccio"
  start_server enseada "$WORK/enseada" "http://127.0.0.1:$P_ENS/health/ready" -- \
    env ENSEADA_HOST=127.0.0.1 ENSEADA_PORT="$P_ENS" ENSEADA_CONFIG="$WORK/enseada.yaml" \
    ENSEADA_DATA_DIR="$WORK/enseada/data" ENSEADA_ADMIN_PASSWORD="$ADMIN_PW" ENSEADA_LOG_LEVEL=warn \
    java $JAVA_OPTS -jar "$JAR"
  verdaccio_config "$WORK/verdaccio" "$P_VERD" "$UPSTREAM"
  start_verdaccio verdaccio "$WORK/verdaccio" "$P_VERD"
}

# purge_cache REPOSITORY: empties an Enseada proxy's cache (its documents; blob bytes stay, but a
# fill downloads them from the upstream again all the same)
purge_cache() {
  curl -sf -X DELETE -u "admin:$ADMIN_PW" "http://127.0.0.1:$P_ENS/api/v1/repositories/$1/cache" >/dev/null ||
    log "emptying the cache of $1 failed"
}

ENSEADA_NPM=http://127.0.0.1:$P_ENS/npm/npmjs/
ENSEADA_MAVEN=http://127.0.0.1:$P_ENS/maven/maven-central/
VERDACCIO_NPM=http://127.0.0.1:$P_VERD/

# Direct installs open and close each round, so that a slower or faster stretch of the shared
# machine weighs on both sides of a ratio.
for round in $(seq "$ROUNDS"); do
  log "round $round of $ROUNDS"
  start_proxies
  timed npm-ci upstream direct "$round" npm_ci "$UPSTREAM"
  timed npm-ci enseada cold "$round" npm_ci "$ENSEADA_NPM"
  timed npm-ci verdaccio cold "$round" npm_ci "$VERDACCIO_NPM"
  timed npm-ci enseada warm "$round" npm_ci "$ENSEADA_NPM"
  timed npm-ci verdaccio warm "$round" npm_ci "$VERDACCIO_NPM"
  purge_cache npmjs
  timed npm-ci enseada purged "$round" npm_ci "$ENSEADA_NPM"
  timed npm-ci upstream direct "$round" npm_ci "$UPSTREAM"
  timed mvn-resolve nginx direct "$round" mvn_resolve "$NGINX"
  timed mvn-resolve enseada cold "$round" mvn_resolve "$ENSEADA_MAVEN"
  timed mvn-resolve enseada warm "$round" mvn_resolve "$ENSEADA_MAVEN"
  purge_cache maven-central
  timed mvn-resolve enseada purged "$round" mvn_resolve "$ENSEADA_MAVEN"
  timed mvn-resolve nginx direct "$round" mvn_resolve "$NGINX"
  for name in enseada verdaccio; do record_server "$name"; done
  curl -s "http://127.0.0.1:$P_ENS/api/v1/repositories/npmjs" -u "admin:$ADMIN_PW" >"$WORK/enseada-npmjs-$round.json" || true
  stop_server enseada
  stop_server verdaccio
done
for name in upstream nginx; do record_server "$name"; done

python3 - "$RESULTS" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(( $(date +%s) - RUN_START ))" <<'PYEOF'
import json, sys
with open(sys.argv[1], "a") as f:
    f.write(json.dumps({"kind": "meta", "load_end": sys.argv[2], "total_seconds": int(sys.argv[3])}) + "\n")
PYEOF
$PY proxy-report "$RESULTS" "$BENCH/results"
log "done in $(( $(date +%s) - RUN_START )) s; results in bench/results/latest-proxy.md"
