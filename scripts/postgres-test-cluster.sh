#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store tests: password authentication (scram-sha-256, a generated password),
# listening on 127.0.0.1 on a free port, all in one temporary directory.
#
#   dir=$(bash scripts/postgres-test-cluster.sh start)   # prints the directory; $dir/url holds the admin URL
#   bash scripts/postgres-test-cluster.sh stop "$dir"    # stops the server and deletes the directory
#
# initdb refuses to run as root, so as root the cluster runs as the unprivileged user `nobody`.
set -euo pipefail

bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] || { echo "postgres-test-cluster: no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }
    echo "$dir"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
    local bin dir password port attempt
    bin=$(bindir)
    dir=$(mktemp -d /tmp/evalctl-pg.XXXXXX)
    chmod 755 "$dir"
    password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
    printf '%s\n' "$password" > "$dir/pwfile"
    mkdir "$dir/data"
    [ "$(id -u)" = 0 ] && chown -R nobody "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile="$dir/pwfile" \
        --encoding=UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
    rm -f "$dir/pwfile"
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        port=$(( 20000 + RANDOM % 40000 ))
        port_is_free "$port" || continue
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            > /dev/null 2>&1; then
            printf 'postgres://postgres:%s@127.0.0.1:%s/postgres?sslmode=disable\n' "$password" "$port" > "$dir/url"
            chmod 600 "$dir/url"
            echo "$dir"
            return 0
        fi
    done
    echo "postgres-test-cluster: the server did not start; its log:" >&2
    cat "$dir/server.log" >&2 || true
    rm -rf "$dir"
    exit 1
}

stop() {
    local dir=${1:?usage: postgres-test-cluster.sh stop DIR}
    [ -d "$dir/data" ] && as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop > /dev/null 2>&1 || true
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
