# Sourced by the test and benchmark scripts: installs the servers the tests use
# from Debian's packages when missing and starts them bound to 127.0.0.1 only.

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  # Keep the packages' own init scripts from starting servers on every interface.
  local guard=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -n "$guard" ] && rm -f /usr/sbin/policy-rc.d
  return 0
}

ensure_rabbitmq() {
  apt_install rabbitmq-server
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
  if ! rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
    mkdir -p /etc/rabbitmq
    cat > /etc/rabbitmq/rabbitmq.conf <<'CONF'
listeners.tcp.default = 127.0.0.1:5672
management.tcp.ip = 127.0.0.1
management.tcp.port = 15672
CONF
    rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
    (setsid rabbitmq-server >/tmp/rabbitmq-server.log 2>&1 &)
  fi
  for _ in $(seq 1 120); do
    if rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; then
      echo "rabbitmq ready on 127.0.0.1:5672"; return 0
    fi
    sleep 1
  done
  echo "rabbitmq did not start; see /tmp/rabbitmq-server.log" >&2
  return 1
}
