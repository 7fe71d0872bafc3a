#!/usr/bin/env bash
# Brings up a real Docker engine (dockerd 28 + buildx from Debian sid, full BuildKit with build
# checks) on an offline Debian 12 machine, and the local base images the fixtures name.
# Idempotent: a second run only starts dockerd if it is down and tags what is missing.
# Recipe and reasons: ../../../shared/docker-offline (README.md, offline-docker.sh).
#
#   bash test/docker/setup.sh          # prints the env file to source at the end
#   . "$DOCKERFILE_STAGES_DOCKER_DIR/env.sh" && docker build --check ...
#
# Everything lives under $DOCKERFILE_STAGES_DOCKER_DIR (default /tmp/dockerfile-stages-docker)
# except the bookworm packages installed with apt in step 0.
set -euo pipefail
W=${DOCKERFILE_STAGES_DOCKER_DIR:-/tmp/dockerfile-stages-docker}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$W"; cd "$W"
t0=$(date +%s); step() { echo "[setup $(( $(date +%s) - t0 ))s] $*" >&2; }
[ "$(id -u)" = 0 ] || { echo "setup.sh needs root (apt, debootstrap, dockerd)" >&2; exit 1; }

# 0. Host packages: bookworm's containerd/runc/tini run the newer dockerd; debootstrap and
# busybox-static make the base images.
HOST_PACKAGES=(containerd runc tini iptables debootstrap busybox-static ca-certificates tzdata)
missing=()
for p in "${HOST_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "apt install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Debian mirror this machine uses (deb822 .sources or a classic sources.list).
MIRROR=$( { grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}'
            grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}'; } 2>/dev/null \
          | grep -v security | head -1 || true)
MIRROR=${MIRROR:-http://deb.debian.org/debian}

# 1. dockerd 28, its CLI and buildx from sid, downloaded with a private apt config and unpacked,
# not installed: bookworm's own docker.io (20.10) has no build checks.
if [ ! -x root/usr/sbin/dockerd ] || [ ! -x root/usr/bin/docker ] \
   || [ ! -x root/usr/libexec/docker/cli-plugins/docker-buildx ]; then
  step "fetch sid docker.io + docker-cli + docker-buildx"
  mkdir -p apt/lists/partial apt/cache/archives/partial debs root
  echo "deb $MIRROR sid main" > apt/sources.list
  A=(-o Dir::Etc::sourcelist="$W/apt/sources.list" -o Dir::Etc::sourceparts=/nonexistent
     -o Dir::State::Lists="$W/apt/lists" -o Dir::Cache="$W/apt/cache")
  apt-get "${A[@]}" update -qq
  rm -f debs/*.deb
  (cd debs && apt-get "${A[@]}" download docker.io docker-cli docker-buildx >/dev/null 2>&1)
  for d in debs/*.deb; do dpkg-deb -x "$d" root; done
fi
mkdir -p dockercfg/cli-plugins
ln -sfn "$W/root/usr/libexec/docker/cli-plugins/docker-buildx" dockercfg/cli-plugins/docker-buildx

cat > env.sh <<EOF
export DOCKER_HOST="unix://$W/docker.sock"
export DOCKER_CONFIG="$W/dockercfg"
export PATH="$W/root/usr/bin:\$PATH"
EOF
# shellcheck source=/dev/null
. ./env.sh
docker() { "$W/root/usr/bin/docker" "$@"; }

# 2. dockerd: overlay2, no iptables (it would rewrite the host firewall), no bridge, only its
# own unix socket. It keeps running after this script; stop.sh stops it by its pid.
if ! docker version >/dev/null 2>&1; then
  step "start dockerd"
  # dockerd outlives this script, so it must not inherit its open files: under
  # `flock /tmp/docker-setup.lock bash setup.sh` one of them is the lock, which dockerd would
  # then hold for as long as it runs, and every later setup would wait for it forever.
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"
    done
    exec setsid "$W/root/usr/sbin/dockerd" --storage-driver=overlay2 --iptables=false --ip6tables=false \
      --bridge=none --userland-proxy=false --init-path=/usr/bin/tini-static --host="$DOCKER_HOST" \
      --data-root="$W/data" --exec-root="$W/exec" --pidfile="$W/dockerd.pid" \
      >"$W/dockerd.log" 2>&1 < /dev/null
  ) &
  dockerd_pid=$!
  for _ in $(seq 120); do
    docker version >/dev/null 2>&1 && break
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.5
  done
  docker version >/dev/null 2>&1 || { echo "dockerd did not come up, see $W/dockerd.log" >&2; tail -20 "$W/dockerd.log" >&2; exit 1; }
fi

# 3. Base images, made offline. Every variant is a Debian bookworm rootfs plus the packages that
# let the fixture apps build with --network=none; busybox stands in for small images (alpine,
# distroless) and for every image the corpus only lints.
if [ ! -d rootfs/debian ]; then
  step "debootstrap bookworm minbase"
  rm -rf rootfs/debian.partial; mkdir -p rootfs
  debootstrap --variant=minbase bookworm rootfs/debian.partial "$MIRROR" > debootstrap.log 2>&1
  rm -rf rootfs/debian.partial/var/lib/apt/lists/* rootfs/debian.partial/var/cache/apt/*.bin
  mv rootfs/debian.partial rootfs/debian
fi

# variant -> packages added to the minbase rootfs. The build variants carry what the official
# images carry beyond the toolchain (buildpack-deps: curl, the -dev libraries native packages
# compile against), so a converted runtime stage that lacks a library or curl shows it.
declare -A VARIANT_PACKAGES=(
  [gcc]="gcc g++ libc6-dev make pkg-config libsqlite3-dev libpq-dev"
  [golang]="golang-go ca-certificates"
  [node]="nodejs npm curl ca-certificates python3 make g++ libpq-dev libsqlite3-dev"
  [node-slim]="nodejs npm"
  [python]="python3 python3-pip python3-venv python-is-python3 python3-dev python3-pip-whl python3-setuptools-whl python3-wheel-whl gcc libc6-dev libpq-dev"
  [python-slim]="python3 python-is-python3"
  [rust]="rustc cargo gcc libc6-dev ca-certificates"
  [jdk]="openjdk-17-jdk-headless"
  [maven]="openjdk-17-jdk-headless maven libmaven-resources-plugin-java libmaven-compiler-plugin-java libsurefire-java libmaven-jar-plugin-java libexec-maven-plugin-java"
  [jre]="openjdk-17-jre-headless"
  [php]="php-cli composer unzip"
  [ruby]="ruby ruby-dev bundler ruby-webrick gcc make libc6-dev"
  [ruby-slim]="ruby bundler ruby-webrick"
  [nginx]="nginx-light"
)
# variant -> extra image config. The ENV lines give the stand-ins what the official images
# behave like offline: pip may install system-wide (PEP 668) from the wheels the image holds,
# npm does not call home, gems go where the ruby image puts them.
RUBY_ENV="ENV GEM_HOME=/usr/local/bundle|ENV BUNDLE_APP_CONFIG=/usr/local/bundle|ENV BUNDLE_SILENCE_ROOT_WARNING=1|ENV PATH=/usr/local/bundle/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
declare -A VARIANT_CONFIG=(
  [python]="ENV PIP_BREAK_SYSTEM_PACKAGES=1|ENV PIP_NO_INDEX=1|ENV PIP_FIND_LINKS=\"/usr/share/python-wheels /wheels\"|CMD [\"python3\"]"
  [python-slim]="CMD [\"python3\"]"
  [node]="ENV NPM_CONFIG_AUDIT=false|ENV NPM_CONFIG_FUND=false|ENV NPM_CONFIG_UPDATE_NOTIFIER=false|CMD [\"node\"]"
  [node-slim]="CMD [\"node\"]"
  [rust]="ENV CARGO_HOME=/usr/local/cargo|CMD [\"bash\"]"
  [jdk]="ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64|CMD [\"jshell\"]"
  [maven]="ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64|ENV MAVEN_HOME=/usr/share/maven|CMD [\"mvn\"]"
  [jre]="ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64|CMD [\"bash\"]"
  [php]="CMD [\"php\", \"-a\"]"
  [ruby]="$RUBY_ENV|CMD [\"irb\"]"
  [ruby-slim]="$RUBY_ENV|CMD [\"irb\"]"
  [nginx]="EXPOSE 80|STOPSIGNAL SIGQUIT|CMD [\"nginx\", \"-g\", \"daemon off;\"]"
)
BASE_PATH="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# What a variant's rootfs is made of (packages, standins/<variant>.sh, which runs in the rootfs
# after apt), and its image (the rootfs and the config). A rootfs or image made from another
# spec, by an older setup.sh, is made again.
rootfs_spec() { # variant
  local v=$1 script="$HERE/standins/$1.sh"
  {
    echo "${VARIANT_PACKAGES[$v]:-}"
    [ ! -f "$script" ] || cat "$script"
    [[ " ${VARIANT_PACKAGES[$v]:-} " != *" ca-certificates "* ]] || cat /usr/local/share/ca-certificates/*.crt 2>/dev/null || true
  } | md5sum | cut -c1-16
}
image_spec() { # variant
  echo "$(rootfs_spec "$1")|${VARIANT_CONFIG[$1]:-}" | md5sum | cut -c1-16
}

make_variant_rootfs() { # variant
  local v=$1 dir="rootfs/$1" spec script="$HERE/standins/$1.sh"
  spec=$(rootfs_spec "$v")
  [ -d "$dir" ] && [ "$(cat "rootfs/$v.spec" 2>/dev/null)" = "$spec" ] && return 0
  step "rootfs $v: ${VARIANT_PACKAGES[$v]}"
  rm -rf "$dir.partial"; cp -a rootfs/debian "$dir.partial"
  cp /etc/resolv.conf "$dir.partial/etc/resolv.conf"
  # The CAs this machine adds (a TLS proxy in front of the npm registry): ca-certificates, where
  # a variant installs it, puts them in the bundle that npm inside a build trusts.
  mkdir -p "$dir.partial/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$dir.partial/usr/local/share/ca-certificates/" 2>/dev/null || true
  [ ! -f "$script" ] || cp "$script" "$dir.partial/tmp/standin.sh"
  # Some maintainer scripts (Java's) need /proc.
  mount -t proc proc "$dir.partial/proc"
  local status=0
  # shellcheck disable=SC2086
  chroot "$dir.partial" /usr/bin/env -i DEBIAN_FRONTEND=noninteractive "$BASE_PATH" /bin/sh -c "
    apt-get update -qq && apt-get install -y -qq --no-install-recommends ${VARIANT_PACKAGES[$v]} >/dev/null &&
    { [ ! -f /tmp/standin.sh ] || sh -e /tmp/standin.sh; } &&
    apt-get clean && rm -rf /var/lib/apt/lists/* /tmp/standin.sh" > "rootfs/$v.log" 2>&1 || status=$?
  umount -l "$dir.partial/proc"
  [ "$status" = 0 ] || { echo "apt in the $v rootfs failed, see $W/rootfs/$v.log" >&2; exit 1; }
  : > "$dir.partial/etc/resolv.conf"
  rm -rf "$dir"; mv "$dir.partial" "$dir"
  echo "$spec" > "rootfs/$v.spec"
}

# busybox with the CA bundle, time zones and nonroot user of a distroless static image.
make_small_rootfs() { # busybox | distroless-static
  local v=$1
  rm -rf "rootfs/$v"; mkdir -p "rootfs/$v/bin" "rootfs/$v/etc" "rootfs/$v/tmp"
  cp /bin/busybox "rootfs/$v/bin/"
  for a in $("rootfs/$v/bin/busybox" --list); do [ "$a" = busybox ] || ln -s busybox "rootfs/$v/bin/$a"; done
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' > "rootfs/$v/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' > "rootfs/$v/etc/group"
  if [ "$v" = distroless-static ]; then
    echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >> "rootfs/$v/etc/passwd"
    echo 'nonroot:x:65532:' >> "rootfs/$v/etc/group"
    mkdir -p "rootfs/$v/etc/ssl/certs" "rootfs/$v/usr/share" "rootfs/$v/home/nonroot"
    cp /etc/ssl/certs/ca-certificates.crt "rootfs/$v/etc/ssl/certs/"
    cp -a /usr/share/zoneinfo "rootfs/$v/usr/share/"
  fi
}

import_variant() { # variant
  local v=$1 image="local/$1:bookworm" spec
  spec=$(image_spec "$v")
  [ "$(docker image inspect -f '{{index .Config.Labels "org.dockerfile-stages.spec"}}' "$image" 2>/dev/null)" = "$spec" ] && return 0
  step "import $image"
  local args=(-c "ENV $BASE_PATH" -c "LABEL org.dockerfile-stages.spec=$spec")
  if [ "$v" = busybox ] || [ "$v" = distroless-static ]; then
    make_small_rootfs "$v"
    args+=(-c 'CMD ["/bin/sh"]')
  else
    [ "$v" = debian ] || make_variant_rootfs "$v"
    local cfg=${VARIANT_CONFIG[$v]:-CMD [\"bash\"]} line
    local -a lines
    IFS='|' read -r -a lines <<< "$cfg"
    for line in "${lines[@]}"; do args+=(-c "$line"); done
  fi
  tar -C "rootfs/$v" -c . | docker import "${args[@]}" - "$image" >/dev/null
}

# 4. Tag every name the fixtures use (images.conf: "name variant").
declare -A wanted=()
while read -r name variant; do
  case "$name" in ''|'#'*) continue ;; esac
  wanted[$variant]=1
done < "$HERE/images.conf"
# Each variant is an independent apt install plus an import: run them side by side, so the
# small ones are imported while the large ones still install.
pids=()
for v in "${!wanted[@]}"; do import_variant "$v" & pids+=($!); done
for pid in "${pids[@]}"; do wait "$pid"; done

step "tag base images"
# One listing instead of an inspect per name: the names docker shows are normalized
# (`docker.io/library/` dropped, `:latest` added), so normalize ours the same way.
declare -A present=()
while read -r ref id; do present[$ref]=$id; done < <(docker image ls --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}')
normalized() {
  local ref=${1#docker.io/}; ref=${ref#library/}
  [[ "${ref##*/}" == *:* ]] || ref="$ref:latest"
  echo "$ref"
}
while read -r name variant; do
  case "$name" in ''|'#'*) continue ;; esac
  want=${present["local/$variant:bookworm"]}
  [ "${present[$(normalized "$name")]:-}" = "$want" ] || docker tag "local/$variant:bookworm" "$name"
done < "$HERE/images.conf"

step "ready: . $W/env.sh"
echo "$W/env.sh"
