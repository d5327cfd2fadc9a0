#!/usr/bin/env bash
# Runs docker-compose.yml for real, with docker-compose.ci.yml because no image registry is reachable:
# builds the images, starts RabbitMQ, PostgreSQL, the capture server standing in for Seq and the five
# services against simulated clusters, publishes an ImageBuilt and waits for its DeploymentCompleted,
# then tears everything down. Needs root and the solution built in Release (scripts/test.sh does both).
#
#   scripts/compose-test.sh prepare   install docker.io, docker-compose and debootstrap when missing and
#                                     make the Debian root file system the local images share (minutes;
#                                     kept in $KIT_COMPOSE_CACHE, so only the first run pays)
#   scripts/compose-test.sh [run]     prepare if needed, then the test; the last line is
#                                     "compose test passed in N s" or "compose test failed in N s: why"
#
# Everything runs on its own dockerd (own data root, exec root and unix socket under a temporary folder,
# no iptables rules, no default bridge) and one network made for the run, stopped and removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/services.sh

cache=${KIT_COMPOSE_CACHE:-/var/cache/kit-compose}
# The machine's own Debian mirror (apt's sources), so debootstrap fetches from where apt-get does.
mirror=${KIT_DEBIAN_MIRROR:-$( (sed -n 's|^URIs: *\([^ ]*/debian\)/*$|\1|p' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true) | head -1)}
mirror=${mirror:-http://deb.debian.org/debian}
suite=bookworm
# One root file system for every local image: the .NET runtime's libraries, RabbitMQ, PostgreSQL, git
# (the deployments repository's server) and python3 (the capture server).
packages=ca-certificates,libicu72,libssl3,tzdata,rabbitmq-server,postgresql,git,python3
rootfs_tar="$cache/debian-$suite-$(printf '%s' "$packages" | md5sum | cut -c1-12).tar"
docker=/usr/bin/docker   # Debian's client, the daemon's version
deadline_seconds=${KIT_COMPOSE_WAIT_SECONDS:-240}

# Unmounts whatever is still mounted below $1 (deepest first), so that removing it never reaches a mounted file system.
unmount_below() {
  awk -v t="$1" 'index($2, t) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done
}

prepare() {
  apt_install docker.io docker-compose debootstrap
  [ -s "$rootfs_tar" ] && return 0
  mkdir -p "$cache"
  local work attempt
  # Two attempts: a mirror's passing hiccup should not fail the run.
  for attempt in 1 2; do
    work=$(mktemp -d /tmp/kit-rootfs.XXXXXX)
    # Packages configured in the chroot start no server: invoke-rc.d finds no runlevel there.
    if debootstrap --variant=minbase --include="$packages" "$suite" "$work/rootfs" "$mirror" > "$work/debootstrap.log" 2>&1; then
      unmount_below "$work"
      rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
      tar -C "$work/rootfs" -cf "$rootfs_tar.partial" . || { rm -rf "$work" "$rootfs_tar.partial"; return 1; }
      mv "$rootfs_tar.partial" "$rootfs_tar"
      rm -rf "$work"
      return 0
    fi
    echo "debootstrap attempt $attempt failed:" >&2
    tail -20 "$work/debootstrap.log" >&2
    unmount_below "$work"
    rm -rf "$work"
    [ "$attempt" = 2 ] || sleep 10
  done
  return 1
}

tmp= dockerd_pid= network= started=$SECONDS
files=(-f docker-compose.yml -f docker-compose.ci.yml)

fail() {
  echo "compose test failed in $((SECONDS - started)) s: $*"
  exit 1
}

teardown() {
  [ -n "$tmp" ] || return 0
  if [ -n "$dockerd_pid" ] && kill -0 "$dockerd_pid" 2>/dev/null; then
    timeout 120 docker-compose "${files[@]}" down --volumes --timeout 10 >"$tmp/down.log" 2>&1 || true
    local ids
    ids=$($docker ps -aq 2>/dev/null || true)
    [ -z "$ids" ] || $docker rm -f $ids >/dev/null 2>&1 || true
    [ -z "$network" ] || $docker network rm "$network" >/dev/null 2>&1 || true
    kill "$dockerd_pid"
    for _ in $(seq 1 60); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$dockerd_pid" 2>/dev/null && kill -9 "$dockerd_pid"
  fi
  # Mounts dockerd left behind (it unmounts its own on a clean stop).
  unmount_below "$tmp"
  rm -rf "$tmp" "$root/artifacts/compose"
}

compose() { timeout 900 docker-compose "${files[@]}" "$@"; }

# Waits until every container of the project reports healthy; containers without a health check count when running.
wait_healthy() {
  local until=$((SECONDS + deadline_seconds)) ids id state pending
  while :; do
    pending=
    ids=$(compose ps -q)
    for id in $ids; do
      state=$($docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id")
      case $state in healthy|running) ;; *) pending+=" $($docker inspect -f '{{.Name}}' "$id"):$state" ;; esac
    done
    [ -n "$ids" ] && [ -z "$pending" ] && return 0
    [ $SECONDS -lt $until ] || { echo "not healthy after ${deadline_seconds} s:$pending" >&2; return 1; }
    sleep 2
  done
}

run() {
  prepare
  tmp=$(mktemp -d /tmp/kit-compose.XXXXXX)
  trap teardown EXIT
  trap 'exit 1' INT TERM
  mkdir -p "$tmp/data" "$tmp/exec" "$tmp/secrets" "$tmp/git" "$tmp/kubeconfigs"
  export DOCKER_HOST="unix://$tmp/docker.sock"
  # docker-compose builds through the docker client it finds first: Debian's, the daemon's version.
  export PATH="/usr/bin:$PATH"
  dockerd --iptables=false --bridge=none --data-root "$tmp/data" --exec-root "$tmp/exec" \
    -H "$DOCKER_HOST" --pidfile "$tmp/docker.pid" >"$tmp/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 60); do $docker version >/dev/null 2>&1 && break; sleep 1; done
  $docker version >/dev/null 2>&1 || { tail -5 "$tmp/dockerd.log" >&2; fail "dockerd did not start"; }

  network="kit-ci-$$"
  $docker network create "$network" >/dev/null
  export KIT_CI_DIR="$tmp" KIT_CI_NETWORK="$network" COMPOSE_PROJECT_NAME=kitci
  export KIT_REPOSITORY_URL=git://git/deployments.git
  # Empty host ports: Docker picks free ones, so the run never meets a server of this machine.
  export RABBITMQ_MANAGEMENT_PORT= SEQ_PORT= KIT_IMAGE_DEPLOYER_PORT= KIT_TRACKER_PORT=

  # Secrets as a user keeps them: one file each, read by the containers' unprivileged users.
  local broker_password database_password
  broker_password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  database_password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s' "$broker_password" > "$tmp/secrets/rabbitmq-password"
  printf '%s' "$database_password" > "$tmp/secrets/postgres-password"
  printf 'unused: git:// takes no password' > "$tmp/secrets/git-password"
  od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > "$tmp/secrets/webhook-secret"
  printf 'http://seq/slack' > "$tmp/secrets/slack-webhook-url"
  chmod 644 "$tmp/secrets/"*

  # The deployments repository: the quick start's samples, served by the git container.
  git init -q -b main "$tmp/samples" && cp -r samples/. "$tmp/samples/"
  git -C "$tmp/samples" add -A && git -C "$tmp/samples" -c user.name=ci -c user.email=ci@example.com commit -qm "Samples"
  git clone -q --bare "$tmp/samples" "$tmp/git/deployments.git"
  chown -R 1654:1654 "$tmp/git" "$tmp/kubeconfigs"

  echo "compose: images (at $((SECONDS - started)) s)"
  $docker import "$rootfs_tar" kit-ci/debian:$suite >/dev/null
  local dotnet_root
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  mkdir -p "$tmp/dotnet-context/dotnet"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/shared" "$tmp/dotnet-context/dotnet/"
  $docker build -q -t kit-ci/dotnet:10.0 -f .ci/compose/dotnet.Dockerfile "$tmp/dotnet-context" >/dev/null
  rm -rf artifacts/compose
  for project in services/Kit.ImageDeployer services/Kit.Deploymentizer services/Kit.Deployer services/Kit.Tracker services/Kit.Notifier tools/Kit.KubeSim; do
    dotnet publish "$project" -c Release --no-build --nologo -v quiet -o "artifacts/compose/$(basename "$project")" >/dev/null
  done
  compose build -q >"$tmp/build.log" 2>&1 || { tail -20 "$tmp/build.log" >&2; fail "docker-compose build"; }

  echo "compose: up (at $((SECONDS - started)) s)"
  compose up -d >"$tmp/up.log" 2>&1 || { tail -20 "$tmp/up.log" >&2; fail "docker-compose up"; }
  wait_healthy || { compose logs --tail 30 >&2 || true; fail "the containers did not become healthy"; }

  local id user
  for id in $(compose ps -q); do
    user=$($docker exec "$id" id -u)
    [ "$user" != 0 ] || fail "$($docker inspect -f '{{.Name}}' "$id") runs as root"
  done

  local amqp management api
  amqp=$(compose port rabbitmq 5672)
  management=$(compose port rabbitmq 15672)
  api=(curl -fsS -u "kit:$broker_password" -H 'content-type: application/json')
  # A queue of the test's own, bound to the event's exchange before anything is published.
  "${api[@]}" -X PUT "http://$management/api/exchanges/%2F/Kit.Contracts%3ADeploymentCompleted" -d '{"type":"fanout","durable":true}' >/dev/null
  "${api[@]}" -X PUT "http://$management/api/queues/%2F/compose-test" -d '{"durable":false}' >/dev/null
  "${api[@]}" -X POST "http://$management/api/bindings/%2F/e/Kit.Contracts%3ADeploymentCompleted/q/compose-test" -d '{}' >/dev/null

  echo "compose: publish (at $((SECONDS - started)) s)"
  local published deployment
  published=$(dotnet tools/Kit.Cli/bin/Release/net10.0/kit.dll publish image-built \
    --image registry.example.com/team/hello:2.0.0 --branch main --rabbitmq "amqp://kit:$broker_password@$amqp/")
  echo "$published"
  deployment=$(grep -o 'deployment [0-9a-f-]*' <<<"$published" | cut -d' ' -f2)
  [ -n "$deployment" ] || fail "kit publish printed no deployment id"

  local until=$((SECONDS + deadline_seconds)) payload=
  while [ $SECONDS -lt $until ]; do
    payload=$("${api[@]}" -X POST "http://$management/api/queues/%2F/compose-test/get" \
      -d '{"count":1,"ackmode":"ack_requeue_false","encoding":"auto"}' | sed 's/\\"/"/g; s/\\n//g' | tr -d ' \n')
    # MassTransit writes the envelope indented: compared without white space.
    grep -q "\"correlationId\":\"$deployment\"" <<<"$payload" && break
    payload=
    sleep 2
  done
  [ -n "$payload" ] || { compose logs --tail 40 >&2 || true; fail "no DeploymentCompleted for $deployment within ${deadline_seconds} s"; }
  local counts
  counts=$(grep -o '"\(total\|succeeded\|failed\)":[0-9]*' <<<"$payload" | tr '\n' ' ' || true)
  echo "DeploymentCompleted $deployment: $counts"
  grep -q '"total":3 ' <<<"$counts " && grep -q '"succeeded":3 ' <<<"$counts " || fail "not deployed to the 3 clusters: $counts"
  # Into a file first: grep -q stops reading at its match, and pipefail would count the writer's broken pipe.
  compose logs --no-color seq >"$tmp/seq.log" 2>&1 || true
  grep -q 'POST /api/events/raw' "$tmp/seq.log" || { tail -20 "$tmp/seq.log" >&2; fail "the services sent no log events to the Seq stand-in"; }
  echo "compose test passed in $((SECONDS - started)) s"
}

case "${1:-run}" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: scripts/compose-test.sh [prepare|run]" >&2; exit 2 ;;
esac
