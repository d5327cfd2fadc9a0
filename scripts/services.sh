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

# PostgreSQL for the tracker's tests: Debian's cluster, listening on 127.0.0.1 only, with a
# role that may create one database per test. Exports KIT_TEST_POSTGRES.
ensure_postgres() {
  apt_install postgresql
  local version cluster=main port
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version $cluster"; then
    pg_createcluster "$version" "$cluster" >/dev/null
  fi
  mkdir -p "/etc/postgresql/$version/$cluster/conf.d"
  echo "listen_addresses = '127.0.0.1'" > "/etc/postgresql/$version/$cluster/conf.d/kit-listen.conf"
  port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $3}')
  if ! pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}' | grep -q online; then
    pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
  fi
  local ready=
  for _ in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p "$port"; then ready=1; break; fi
    sleep 1
  done
  if [ -z "$ready" ]; then
    echo "postgresql did not start; see /var/log/postgresql/postgresql-$version-$cluster.log" >&2
    return 1
  fi
  (cd /tmp && runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kit_test') THEN
    CREATE ROLE kit_test LOGIN CREATEDB PASSWORD 'kit_test';
  END IF;
END $$;
SELECT 'CREATE DATABASE kit_test OWNER kit_test' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'kit_test')\gexec
SQL
  ) || return 1
  export KIT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=kit_test;Password=kit_test;Database=kit_test"
  echo "postgresql $version ready on 127.0.0.1:$port"
}

# Prometheus for the metrics test: Debian's package only; its own service is not started (the
# test runs its own server on 127.0.0.1, a free port and a temporary storage folder, and stops it).
# Exports KIT_TEST_PROMETHEUS with the binary's path.
ensure_prometheus() {
  apt_install prometheus
  if [ -x /usr/bin/prometheus ]; then
    export KIT_TEST_PROMETHEUS=/usr/bin/prometheus
    echo "prometheus $(/usr/bin/prometheus --version 2>&1 | head -1 | awk '{print $3}') at /usr/bin/prometheus"
  else
    echo "prometheus did not install" >&2
    return 1
  fi
}
