#!/usr/bin/env bash
# A real standalone Flink 1.19 session cluster on this machine, from Maven jars (no Flink distribution needed):
# a JobManager and N TaskManagers, each its own JVM with Flink's jars only, configured by runner-configs/flink/.
# Logs and pid files go to .pmf/flink/ (or $PMF_FLINK_DIR).
#
#   .ci/flink.sh up                 start the JobManager and $FLINK_TASKMANAGERS (2) TaskManagers, wait until all joined
#   .ci/flink.sh down               stop every JVM this script started (their pid files)
#   .ci/flink.sh status             what the REST API reports
#   .ci/flink.sh add-taskmanager    start one more TaskManager (e.g. to replace one that died) and wait until it joined
#
# Ports: FLINK_REST_PORT (8081) and FLINK_RPC_PORT (6123); the TaskManagers take free ones.
# GEMINI_API_KEY: if set in this script's environment, the TaskManagers inherit it (the --llm=gemini workers read the
# key from their own environment; it never travels in the job) and the JobManager does not. Nothing here prints it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
conf=$root/runner-configs/flink
dir=${PMF_FLINK_DIR:-$root/.pmf/flink}
rest_port=${FLINK_REST_PORT:-8081}
rpc_port=${FLINK_RPC_PORT:-6123}
if [ "${1:-status}" != up ] && [ -f "$dir/ports" ]; then
  . "$dir/ports" # the ports of the cluster `up` started, whatever this shell's environment says
fi
taskmanagers=${FLINK_TASKMANAGERS:-2}
mvn_cmd=${MVN:-mvn -B -q}
log_flags=(-Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS
  -Dorg.slf4j.simpleLogger.logFile=System.out)

# GET a path of the REST API on loopback; prints the body (bash's /dev/tcp: no curl needed).
rest() {
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n" "$1" >&3
    sed "1,/^\r$/d" <&3' "$rest_port" "$1" 2>/dev/null
}

# The number in '"taskmanagers":N' of /overview, or nothing while the REST API is not up.
joined() {
  rest /overview | grep -o '"taskmanagers":[0-9]*' | cut -d: -f2
}

alive() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

classpath() {
  mkdir -p "$dir"
  if [ ! -s "$dir/classpath.txt" ] || [ "$conf/pom.xml" -nt "$dir/classpath.txt" ]; then
    $mvn_cmd -f "$conf/pom.xml" dependency:build-classpath -Dmdep.outputFile="$dir/classpath.txt" >&2
  fi
  cat "$dir/classpath.txt"
}

# Waits (up to $2 seconds) until $1 TaskManagers have joined, or with $3 until the one with that id has; fails with
# the log's tail if a JVM this script started died meanwhile.
wait_joined() {
  local want=$1 deadline=$((SECONDS + $2)) id=${3:-} n
  while [ $SECONDS -lt $deadline ]; do
    n=$(joined || true)
    if [ -n "$id" ]; then
      if rest /taskmanagers | grep -q "\"id\":\"$id\""; then
        return 0
      fi
    elif [ -n "$n" ] && [ "$n" -ge "$want" ]; then
      return 0
    fi
    for pid in "$dir"/*.pid; do
      if ! alive "$pid"; then
        echo "flink: $(basename "$pid" .pid) exited; its log:" >&2
        tail -n 30 "${pid%.pid}.log" >&2
        return 1
      fi
    done
    sleep 1
  done
  echo "flink: only ${n:-0} of $want TaskManagers joined within $2 s (logs in $dir)" >&2
  return 1
}

start_jobmanager() {
  local cp=$1
  # The JobManager makes no LLM calls: it does not get the key.
  env -u GEMINI_API_KEY java -Xms448m -Xmx448m -XX:MaxMetaspaceSize=256m "${log_flags[@]}" -Dlog.file="$dir/jobmanager.log" -cp "$cp" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$conf" \
    -D rest.port="$rest_port" -D jobmanager.rpc.port="$rpc_port" -D io.tmp.dirs="$dir/tmp" -D web.tmpdir="$dir/tmp/web" \
    > "$dir/jobmanager.log" 2>&1 < /dev/null &
  echo $! > "$dir/jobmanager.pid"
}

# Heap, direct and metaspace limits as Flink's start scripts derive them from config.yaml's memory components. The JVM
# inherits this script's environment, GEMINI_API_KEY included.
start_taskmanager() {
  local cp=$1 i=1
  while [ -f "$dir/taskmanager-$i.pid" ] || [ -f "$dir/taskmanager-$i.log" ]; do i=$((i + 1)); done
  java -Xms896m -Xmx896m -XX:MaxDirectMemorySize=384m -XX:MaxMetaspaceSize=256m "${log_flags[@]}" \
    -Dlog.file="$dir/taskmanager-$i.log" -cp "$cp" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$conf" \
    -D jobmanager.rpc.port="$rpc_port" -D taskmanager.resource-id="taskmanager-$i" -D io.tmp.dirs="$dir/tmp" \
    > "$dir/taskmanager-$i.log" 2>&1 < /dev/null &
  echo $! > "$dir/taskmanager-$i.pid"
  echo "taskmanager-$i"
}

stop_all() {
  local pids=()
  for pid in "$dir"/*.pid; do
    [ -f "$pid" ] || continue
    if alive "$pid"; then
      kill "$(cat "$pid")" 2>/dev/null || true
      pids+=("$(cat "$pid")")
    fi
    rm -f "$pid"
  done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 30); do kill -0 "$p" 2>/dev/null || break; sleep 1; done
    kill -9 "$p" 2>/dev/null || true
  done
}

case "${1:-status}" in
  up)
    if alive "$dir/jobmanager.pid"; then
      echo "flink: already running (JobManager pid $(cat "$dir/jobmanager.pid")); make flink-down first" >&2
      exit 1
    fi
    if [ -n "$(joined)" ]; then
      echo "flink: something else already serves port $rest_port; set FLINK_REST_PORT/FLINK_RPC_PORT" >&2
      exit 1
    fi
    cp=$(classpath)
    rm -rf "$dir"/*.pid "$dir"/*.log "$dir/tmp"
    mkdir -p "$dir/tmp/web"
    printf 'rest_port=%s\nrpc_port=%s\n' "$rest_port" "$rpc_port" > "$dir/ports"
    start_jobmanager "$cp"
    for _ in $(seq 1 "$taskmanagers"); do start_taskmanager "$cp" > /dev/null; done
    if ! wait_joined "$taskmanagers" 120; then
      stop_all
      exit 1
    fi
    echo "flink: session cluster up at http://localhost:$rest_port ($taskmanagers TaskManagers${GEMINI_API_KEY:+ with GEMINI_API_KEY}; logs in $dir)"
    ;;
  add-taskmanager)
    alive "$dir/jobmanager.pid" || { echo "flink: no cluster running (make flink-up)" >&2; exit 1; }
    for pid in "$dir"/taskmanager-*.pid; do
      alive "$pid" || rm -f "$pid" # a TaskManager that died; its log stays
    done
    name=$(start_taskmanager "$(classpath)")
    wait_joined 0 120 "$name"
    echo "flink: $name joined"
    ;;
  down)
    stop_all
    rm -f "$dir/ports"
    echo "flink: stopped"
    ;;
  status)
    overview=$(rest /overview) || true
    if [ -z "$overview" ]; then
      echo "flink: nothing answers on port $rest_port"
      exit 1
    fi
    echo "$overview"
    ;;
  *)
    echo "usage: $0 up|down|status|add-taskmanager" >&2
    exit 2
    ;;
esac
