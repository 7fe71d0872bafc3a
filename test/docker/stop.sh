#!/usr/bin/env bash
# Stops the dockerd that setup.sh started (by the pid in its pidfile, nothing else).
#   bash test/docker/stop.sh           # stop; images and rootfs stay for a fast next setup
#   bash test/docker/stop.sh --purge   # stop and delete the whole work folder
set -euo pipefail
W=${DOCKERFILE_STAGES_DOCKER_DIR:-/tmp/dockerfile-stages-docker}
pidfile="$W/dockerd.pid"

if [ -f "$pidfile" ]; then
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    # dockerd unmounts its layers and stops its containerd on SIGTERM; give it time to.
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "dockerd $pid ignored SIGTERM for 30s; killing it" >&2
      kill -9 "$pid"
    fi
  fi
  rm -f "$pidfile"
  echo "dockerd stopped" >&2
else
  echo "dockerd is not running (no $pidfile)" >&2
fi

if [ "${1:-}" = --purge ]; then
  # Mounts dockerd may have left behind after a kill -9 would make rm fail or reach outside.
  awk -v w="$W/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
  rm -rf "$W"
  echo "removed $W" >&2
fi
