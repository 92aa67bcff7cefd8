#!/usr/bin/env bash
# Container images of the six apps, built by Jib without a Docker daemon: <app>/target/jib-image.tar.
#   scripts/images.sh            real images on eclipse-temurin:21-jre (needs the registry that serves it)
#   scripts/images.sh --offline  checks the image build here, with no registry: the same Jib build on a stub base
#                                image made locally (no JRE inside, so not runnable), then inspects every tar
source "$(dirname "$0")/lib.sh"
find_jdk
cd "$ROOT"
APPS=(gateway queue-service concert-service reservation-service wallet-service payment-service identity-service)
args=(-q package -Pimages -DskipTests -pl "$(IFS=,; echo "${APPS[*]}")" -am)

if [[ "${1:-}" == "--offline" ]]; then
  base="$LOCAL_DIR/stub-base-image.tar"
  python3 - "$base" <<'PY'
import hashlib, io, json, sys, tarfile
layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode="w") as t:
    d = tarfile.TarInfo("tmp/"); d.type = tarfile.DIRTYPE; d.mode = 0o1777; t.addfile(d)
layer = layer.getvalue()
diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Env": ["PATH=/usr/bin:/bin"]},
                     "rootfs": {"type": "layers", "diff_ids": [diff_id]},
                     "history": [{"created_by": "concert stub base for offline image checks"}]}).encode()
manifest = json.dumps([{"Config": "config.json", "RepoTags": ["concert/stub-base:offline"],
                        "Layers": ["layer.tar"]}]).encode()
with tarfile.open(sys.argv[1], "w") as out:
    for name, data in (("layer.tar", layer), ("config.json", config), ("manifest.json", manifest)):
        info = tarfile.TarInfo(name); info.size = len(data); out.addfile(info, io.BytesIO(data))
PY
  args+=("-Djib.from.image=tar://$base")
  say "building images on a local stub base ($base)"
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
say "images ready: */target/jib-image.tar (docker load -i <tar>)"
