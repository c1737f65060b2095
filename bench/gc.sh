#!/usr/bin/env bash
# Garbage collection at scale: Enseada filled with KEPT blobs that images keep and ORPHANS that
# nothing keeps, collected online while a load of manifest GETs runs, on the filesystem and on S3.
#
#   bench/gc.sh [--quick] [--no-build] [--keep]
#
#   --quick     10,000 orphans and 1,000 kept blobs (smoke test); the default is the issue's
#               100,000 orphans and 10,000 kept blobs (1,000 images of 9 layers and a config)
#   --no-build  use registry/target/enseada-registry.jar as it is
#   --keep      keep the scratch folder (server logs, data) and print its path
#
# BENCH_GC_BACKENDS="enseada-fs enseada-s3" (the default) chooses the backends measured.
#
# Per backend (filesystem blobs + embedded metadata; S3Proxy blobs + embedded metadata, so that
# the S3 listing and DeleteObjects are what is measured): fill over the distribution API
# (bench/tools/gc_fill.py), a dry run (marking speed), manifest GETs with wrk for 15 s without a
# collection (p99 baseline), then the same load for 15 s while a collection runs from its start.
# Reports blobs examined per second of marking, blobs deleted per second of the deleting phase
# (which includes its 2-s settle and second mark), and the p99 ratio. Writes
# bench/results/<date>-gc.md and bench/results/latest-gc.md; prints the table.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
PY="python3 $BENCH/tools/bench.py"
export BENCH_LUA="$BENCH/lua"
MODE=full BUILD=1 KEEP=0
for arg in "$@"; do
  case "$arg" in
    --quick) MODE=quick ;;
    --no-build) BUILD=0 ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
if [ "$MODE" = quick ]; then IMAGES=100 ORPHANS=10000; else IMAGES=1000 ORPHANS=100000; fi
LAYERS=9
ADMIN_PW=bench-admin-password
JAVA_OPTS=${BENCH_ENSEADA_JAVA_OPTS:--Xmx256m}
source "$BENCH/lib.sh"

S3PROXY_JAR=$BENCH/.cache/s3proxy-4.1.0-jar-with-dependencies.jar
JAR=${BENCH_ENSEADA_JAR:-$ROOT/registry/target/enseada-registry.jar}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ ! -f "$S3PROXY_JAR" ]; then
  log "fetching S3Proxy from Maven Central"
  (cd "$WORK" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
    -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies -DoutputDirectory="$(dirname "$S3PROXY_JAR")")
fi
if [ "$BUILD" = 1 ]; then
  log "building the registry (mvn package -pl registry -am)"
  (cd "$ROOT" && mvn -B -q package -DskipTests -pl registry -am)
fi
[ -f "$JAR" ] || { echo "missing $JAR (run without --no-build)" >&2; exit 1; }

read -r P_S3 P_FS P_ENS3 <<<"$($PY freeport 3)"
printf 'repositories:\n  - {name: gc, format: oci}\n' >"$WORK/enseada.yaml"
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
COMMON=(ENSEADA_HOST=127.0.0.1 ENSEADA_CONFIG="$WORK/enseada.yaml" ENSEADA_ADMIN_PASSWORD="$ADMIN_PW"
  ENSEADA_LOG_LEVEL=warn ENSEADA_ACCESS_LOG=false ENSEADA_GC_GRACE_PERIOD=PT0S)
start_server enseada-fs "$WORK/enseada-fs" "http://127.0.0.1:$P_FS/health/ready" -- \
  env "${COMMON[@]}" ENSEADA_PORT="$P_FS" ENSEADA_DATA_DIR="$WORK/enseada-fs/data" java $JAVA_OPTS -jar "$JAR"
start_server enseada-s3 "$WORK/enseada-s3" "http://127.0.0.1:$P_ENS3/health/ready" -- \
  env "${COMMON[@]}" ENSEADA_PORT="$P_ENS3" ENSEADA_DATA_DIR="$WORK/enseada-s3/data" \
  ENSEADA_STORAGE=s3 ENSEADA_S3_BUCKET=enseada ENSEADA_S3_ENDPOINT="http://127.0.0.1:$P_S3" \
  ENSEADA_S3_PATH_STYLE=true ENSEADA_S3_ACCESS_KEY_ID=bench ENSEADA_S3_SECRET_ACCESS_KEY=bench-secret-key \
  java $JAVA_OPTS -jar "$JAR"

AUTH="Authorization: Basic $(printf 'admin:%s' "$ADMIN_PW" | base64 -w0)"
ACCEPT="Accept: application/vnd.oci.image.manifest.v1+json"
gc() { # base dry-run
  curl -s -f -H "$AUTH" -H 'Content-Type: application/json' -d "{\"dryRun\": $2}" "$1/api/v1/maintenance/gc"
}
manifest_load() { # base label: 15 s of manifest GETs of 50 images, p99 in microseconds to stdout
  BENCH_OUT=$WORK/wrk-$2.json wrk -t2 -c16 -d15s --timeout 10s -s "$BENCH/lua/gc_manifests.lua" \
    -H "$AUTH" -H "$ACCEPT" "$1" >"$WORK/wrk-$2.txt" 2>&1
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["lat_p99_us"], r["requests"], r["err_status"])' \
    "$WORK/wrk-$2.json"
}

ROWS=$WORK/rows.txt
: >"$ROWS"
for sys in ${BENCH_GC_BACKENDS:-enseada-fs enseada-s3}; do
  [ $sys = enseada-fs ] && base=http://127.0.0.1:$P_FS || base=http://127.0.0.1:$P_ENS3
  log "$sys: pushing $IMAGES images of $LAYERS layers and $ORPHANS orphan blobs"
  fill=$(python3 "$BENCH/tools/gc_fill.py" "$base" admin "$ADMIN_PW" gc "$IMAGES" "$LAYERS" "$ORPHANS" 8)
  log "$sys: filled $fill"
  preview=$(gc "$base" true)
  read -r p99_idle n_idle e_idle < <(manifest_load "$base" "$sys-idle")
  gc "$base" false >"$WORK/gc-$sys.json" &
  gc_pid=$!
  read -r p99_gc n_gc e_gc < <(manifest_load "$base" "$sys-gc")
  wait "$gc_pid"
  run=$(cat "$WORK/gc-$sys.json")
  python3 - "$sys" "$preview" "$run" "$p99_idle" "$p99_gc" "$n_idle" "$n_gc" "$e_idle" "$e_gc" >>"$ROWS" <<'PY'
import json, sys
sysname, preview, run = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
p99_idle, p99_gc, n_idle, n_gc, e_idle, e_gc = (int(v) for v in sys.argv[4:10])
mark_s = preview["markMillis"] / 1000
sweep_s = (run.get("sweepMillis") or 0) / 1000
print("| %s | %d | %d | %d | %.1f s | **%.0f/s** | %.1f s | **%.0f/s** | %.1f ms | %.1f ms | **%.2f×** | %d / %d |" % (
    sysname, run["examinedBlobs"], run["keptBlobs"], run["freedBlobs"], mark_s, preview["examinedBlobs"] / mark_s,
    sweep_s, run["freedBlobs"] / sweep_s if sweep_s else 0, p99_idle / 1000, p99_gc / 1000, p99_gc / p99_idle,
    e_idle, e_gc))
PY
  log "$sys: $(tail -1 "$ROWS")"
done
for name in enseada-fs enseada-s3 s3proxy; do record_server "$name"; done

OUT=$BENCH/results/$(date -u +%Y%m%dT%H%M%S)-gc.md
{
  printf 'GC run %s (%s mode), commit %s; %d images of %d layers and a config kept, %d orphan blobs; Enseada JVM flags: %s\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$MODE" "$(git -C "$ROOT" rev-parse --short HEAD)" "$IMAGES" "$LAYERS" "$ORPHANS" "$JAVA_OPTS"
  printf 'Machine: %s cores, load average %s at the end\n\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '| backend | examined | kept | freed | marking | examined/s (goal ≥ 5,000 on the filesystem) | deleting phase | deleted/s (goal ≥ 1,000 on the filesystem) | manifest GET p99 without GC | during GC | ratio (goal ≤ 2×) | non-2xx without / during |\n'
  printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
  cat "$ROWS"
} >"$OUT"
cp "$OUT" "$BENCH/results/latest-gc.md"
cat "$OUT"
