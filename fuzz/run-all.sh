#!/bin/sh
# Run the fuzz targets for SECONDS_EACH seconds each (default 660), two at
# a time, from their seeds and the corpus kept in fuzz/corpus/; logs go
# to fuzz/logs/. kernel_replies takes inputs of at most 8 KiB here: its
# longer ones are slow (every output format renders them), and small
# datagram runs reach the same code.
cd "$(dirname "$0")"
secs=${SECONDS_EACH:-660}
run() {
    for t in "$@"; do
        extra=""
        [ "$t" = kernel_replies ] && extra="-max_len=8192"
        mkdir -p corpus/$t logs
        cargo +nightly fuzz run "$t" corpus/$t seeds/$t -- \
            -max_total_time=$secs -timeout=10 -print_final_stats=1 $extra \
            > logs/$t.log 2>&1
    done
}
run argv restore_lines kernel_replies &
run replace_lines entry_text &
wait
