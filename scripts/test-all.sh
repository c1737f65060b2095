#!/usr/bin/env bash
# Runs every test of the project on a fresh machine of this kind (Debian, Java 17, Maven, Node/npm):
# installs what the tests need, then builds and verifies all modules.
set -euo pipefail
cd "$(dirname "$0")/.."

# pouchdb-server, the CouchDB-compatible server the tests start, from the committed lockfile.
# --ignore-scripts skips compiling sqlite3, which pouchdb-server does not need with LevelDB.
if [ ! -x test-services/node_modules/.bin/pouchdb-server ]; then
  npm ci --ignore-scripts --no-audit --no-fund --prefix test-services
fi

# skopeo, the OCI CLI the container-image tests drive (Debian package).
if ! command -v skopeo >/dev/null 2>&1; then
  apt-get install -y skopeo || { apt-get update && apt-get install -y skopeo; }
fi

# The Maven client tests run the real mvn offline against ~/.m2 for its plugins (only Enseada is
# contacted); `verify` never needs the install and deploy plugins, so fetch them once here.
for plugin in maven-install-plugin:3.1.4 maven-deploy-plugin:3.1.4; do
  mvn -B -q dependency:get -Dartifact="org.apache.maven.plugins:$plugin"
done

mvn -B verify "$@"
