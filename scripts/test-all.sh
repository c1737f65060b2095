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

# The Maven client tests run the real mvn offline against ~/.m2 for its plugins (only Enseada is
# contacted); `verify` never needs the install and deploy plugins, so fetch them once here.
for plugin in maven-install-plugin:3.1.4 maven-deploy-plugin:3.1.4; do
  mvn -B -q dependency:get -Dartifact="org.apache.maven.plugins:$plugin"
done

mvn -B verify "$@"
