# Sourced by the fault tests: wait for an event, never for a clock.
# wait_until PID COMMAND...: returns once COMMAND succeeds; if process PID ends first, returns
# COMMAND's status after its end (so a last line or file written at exit still counts).
wait_until() {
  local pid=$1
  shift
  until "$@"; do
    if ! kill -0 "$pid" 2> /dev/null; then
      "$@"
      return
    fi
    sleep 0.02
  done
}
