#!/usr/bin/env bash
# Container images of the six apps, built by Jib without a Docker daemon: <app>/target/jib-image.tar, checked (tag,
# layers, entrypoint, non-root user).
#   scripts/images.sh             on eclipse-temurin:21-jre when its registry answers, else as --offline
#   scripts/images.sh --registry  on eclipse-temurin:21-jre (needs the registry that serves it; docker load -i the
#                                 tars or push them)
#   scripts/images.sh --offline   on the Java 21 base made here (localhost/concert/jre:21, scripts/base-images.sh:
#                                 Debian's packages only, no registry), then loaded into podman as
#                                 concert/<app>:<version>: what scripts/compose-check.sh runs
source "$(dirname "$0")/lib.sh"
find_jdk
cd "$ROOT"
APPS=(gateway queue-service concert-service reservation-service wallet-service payment-service identity-service)
args=(-q package -Pimages -DskipTests -pl "$(IFS=,; echo "${APPS[*]}")" -am)

mode="${1:-auto}"
case "$mode" in
  auto)
    # the registry of eclipse-temurin answers 401 to an anonymous /v2/ when it is reachable
    if curl -s -o /dev/null --max-time 5 "https://${IMAGE_REGISTRY:-registry-1.docker.io}/v2/"; then mode=--registry
    else say "no image registry reachable: building on the local Java base"; mode=--offline; fi ;;
  --registry|--offline) ;;
  *) die "usage: scripts/images.sh [--registry|--offline]" ;;
esac

if [[ "$mode" == --offline ]]; then
  source "$ROOT/scripts/containers-lib.sh"
  "$ROOT/scripts/base-images.sh" jre
  # Jib reads a local base from a docker-archive tar: saved again only when the base image changed
  base="$LOCAL_DIR/containers/jre-21.tar"
  base_id="$(podman image inspect --format '{{.Id}}' "$JRE_IMAGE")"
  if [[ "$(cat "$base.id" 2>/dev/null)" != "$base_id" || ! -f "$base" ]]; then
    say "saving $JRE_IMAGE for Jib ($base)"
    rm -f "$base"
    podman save --format docker-archive -o "$base" "$JRE_IMAGE" || die "podman save $JRE_IMAGE failed"
    echo "$base_id" > "$base.id"
  fi
  args+=("-Djib.from.image=tar://$base")
  say "building images on $JRE_IMAGE"
else
  say "building images on eclipse-temurin:21-jre"
fi

mvnw "${args[@]}" > "$LOG_DIR/images.log" 2>&1 || { tail -40 "$LOG_DIR/images.log"; die "image build failed (log $LOG_DIR/images.log)"; }

for app in "${APPS[@]}"; do
  tar="$ROOT/$app/target/jib-image.tar"
  python3 - "$tar" "$app" <<'PY' || die "image of $2 is malformed"
import json, sys, tarfile
path, app = sys.argv[1], sys.argv[2]
with tarfile.open(path) as t:
    manifest = json.load(t.extractfile("manifest.json"))[0]
    config = json.load(t.extractfile(manifest["Config"]))
    names = set(t.getnames())
entry = config["config"].get("Entrypoint") or []
assert manifest["RepoTags"][0].startswith("concert/" + app + ":"), manifest["RepoTags"]
assert all(layer in names for layer in manifest["Layers"]), "missing layers"
assert len(manifest["Layers"]) >= 3, "expected dependency, resource and class layers"
assert entry[:1] == ["java"] and any("dev.concert" in a or "-cp" == a for a in entry), entry
assert config["config"].get("User") == "1000:1000", config["config"].get("User")
print(f"  {app}: {manifest['RepoTags'][0]}, {len(manifest['Layers'])} layers, entrypoint {' '.join(entry[:3])} ...")
PY
done

if [[ "$mode" == --registry ]]; then
  say "images ready: */target/jib-image.tar (docker load -i <tar>)"
  exit 0
fi

# into podman, under the names docker-compose.yml uses (concert/<app>:<version>); the image each replaces goes
for app in "${APPS[@]}"; do
  name="$(python3 -c 'import json, sys, tarfile; print(json.load(tarfile.open(sys.argv[1]).extractfile("manifest.json"))[0]["RepoTags"][0])' \
          "$ROOT/$app/target/jib-image.tar")"
  old="$(podman image inspect --format '{{.Id}}' "$name" 2>/dev/null || true)"
  podman load -q -i "$ROOT/$app/target/jib-image.tar" > "$LOG_DIR/images-load.log" 2>&1 \
    || { cat "$LOG_DIR/images-load.log"; die "podman load of $app failed"; }
  new="$(podman image inspect --format '{{.Id}}' "$name")" || die "$name not found after podman load"
  [[ -n "$old" && "$old" != "$new" ]] && podman rmi "$old" > /dev/null 2>&1 || true
  java_version="$(podman run --rm --entrypoint java "$name" -version 2>&1)" || die "$name: java -version failed: $java_version"
  java_version="${java_version%%$'\n'*}"
  [[ "$java_version" == *'"21.'* ]] || die "$name: no Java 21 inside ($java_version)"
  echo "  $name: loaded, $java_version"
done
say "images ready in podman: ${name%%/*}/<app>:${name##*:} on $JRE_IMAGE"
