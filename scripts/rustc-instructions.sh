#!/usr/bin/env bash
# RUSTC_WRAPPER for scripts/bench.sh: runs rustc under cachegrind (without its
# cache simulation) for the crate named $BENCH_IR_CRATE and writes the number
# of instructions it executed to $BENCH_IR_OUT; any other crate compiles as
# usual. Instruction counts do not drift with the machine's load as times do.
set -euo pipefail
rustc=$1
shift
case " $* " in
    *" --crate-name $BENCH_IR_CRATE "*)
        log=$(mktemp)
        status=0
        valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
            --log-file="$log" "$rustc" "$@" || status=$?
        sed -n 's/.*I *refs: *//p' "$log" | tr -d ',' > "$BENCH_IR_OUT"
        rm -f "$log"
        exit "$status"
        ;;
    *) exec "$rustc" "$@" ;;
esac
