# Start a throwaway PostgreSQL cluster for the tests (sourced by .ci/run; also usable by hand:
#   source .ci/postgres.sh && pg_up && pytest -m postgres; pg_down).
# pg_up: installs Debian's postgresql if pg_ctl is missing, initdb's a cluster in a temporary
# folder (owned by the `postgres` system user when run as root: the server refuses root),
# listens on 127.0.0.1 only on a free port, creates database `marsad_test` and exports its URL as
# MARSAD_DATABASE_URL and MARSAD_TEST_PG_URL (tests/conftest.py: the `postgres` tests use it, each in
# a fresh schema; commands the tests run without --db stay on SQLite). pg_down stops the server and removes the folder.

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }; done
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return 0; }
  return 1
}

pg_as() {  # run a command as the cluster owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}

pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_up() {
  if ! PG_BIN=$(pg_bin); then
    echo "ci: installing postgresql"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(pg_bin) || { echo "ci: postgresql is not available" >&2; return 1; }
  fi
  PG_USER=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    PG_USER=postgres
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  PG_DIR=$(mktemp -d /tmp/marsad-pg.XXXXXX)
  chown "$PG_USER" "$PG_DIR"
  PG_PORT=$(pg_free_port)
  pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U marsad --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=200 -c fsync=off" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  pg_as "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U marsad marsad_test || return 1
  export MARSAD_TEST_PG_URL="postgresql://marsad@127.0.0.1:$PG_PORT/marsad_test"
  export MARSAD_DATABASE_URL="$MARSAD_TEST_PG_URL"
  echo "ci: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

pg_down() {
  [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
