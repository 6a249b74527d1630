#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# campaign.sh - a recorded libFuzzer campaign over every fuzz target.
#
#   tests/fuzz/campaign.sh SECONDS [BUILD_DIR] [JOBS]
#
# Configures BUILD_DIR (default build-fuzz) with clang, -DPROVKIT_FUZZ=ON and
# RelWithDebInfo, builds only the five libFuzzer targets (fuzz_http,
# fuzz_json, fuzz_xml, fuzz_xmlrpc, fuzz_providers: ASan + UBSan, every report
# fatal, see tests/cmake/*.cmake), then runs each for SECONDS of wall time
# (-max_total_time), JOBS targets at a time (default: nproc), under `nice`.
# Each run gets a fresh writable corpus copied from the committed seeds into
# BUILD_DIR/fuzz-campaign/<target>/corpus, writes its artifacts (crash-,
# leak-, timeout-, oom-) to BUILD_DIR/fuzz-campaign/<target>/artifacts and its
# output to BUILD_DIR/fuzz-campaign/<target>/fuzz.log.
#
# It parses each run's final stats (-print_final_stats=1: executed units,
# exec/s, new units, peak RSS), the last coverage line and the artifacts,
# prints a markdown table and writes it to BUILD_DIR/fuzz-campaign.md, with
# the seconds each target would need for MIN_EXECS executions at the rate
# measured.
#
# Exit status: 0 when every target ran clean and reached MIN_EXECS
# executions; 1 when any target found something (an artifact, or a run that
# ended with no final stats or a non-zero status) or fell short of MIN_EXECS;
# 2 on a usage or build error.
#
# Environment:
#   MIN_EXECS=N     executions each target must reach (default 10000000;
#                   0 for a trial that only measures)
#   TARGETS="a b"   a subset of the targets (default: all five)
#   NICE=N          niceness of the fuzzers (default 10)
#   UNIT_TIMEOUT=S  libFuzzer -timeout: one input slower than this is a
#                   finding (default 10 s: inputs are small, the box is shared)
#   MAX_LEN=N       libFuzzer -max_len for every target (default: libFuzzer's
#                   own, the longest seed and at least 4096)
# A finding becomes a regression seed: see tests/fuzz/README.md.
set -eu

usage() {
    echo "usage: $0 SECONDS [BUILD_DIR] [JOBS]  (env: MIN_EXECS TARGETS NICE UNIT_TIMEOUT)" >&2
    exit 2
}
if [ $# -lt 1 ] || [ $# -gt 3 ]; then usage; fi
seconds=$1
case $seconds in '' | *[!0-9]*) usage ;; esac
[ "$seconds" -gt 0 ] || usage

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${2:-$src/build-fuzz}
jobs=${3:-$(nproc)}
case $jobs in '' | *[!0-9]*) usage ;; esac
[ "$jobs" -gt 0 ] || usage
min_execs=${MIN_EXECS:-10000000}
case $min_execs in '' | *[!0-9]*) usage ;; esac
targets=${TARGETS:-fuzz_http fuzz_json fuzz_xml fuzz_xmlrpc fuzz_providers}
nice_level=${NICE:-10}
unit_timeout=${UNIT_TIMEOUT:-10}

# Only the fuzz targets are built: the rest of the tree is built and tested
# by tests/run.sh, and a unit test that does not build under clang must not
# stop a campaign.
echo "== configure and build $build (clang, PROVKIT_FUZZ=ON, RelWithDebInfo)"
if ! cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=clang -DPROVKIT_FUZZ=ON \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build.configure.log" 2>&1; then
    cat "$build.configure.log" >&2
    exit 2
fi
rm -f "$build.configure.log"
# shellcheck disable=SC2086
nice -n "$nice_level" cmake --build "$build" -j "$jobs" --target $targets || exit 2
bindir=$build/tests
work=$build/fuzz-campaign
mkdir -p "$work"

# seeds TARGET: print the committed seed files of a target, one per line.
# The same sets the ctest replays use (tests/cmake/*.cmake).
seeds() {
    local shared=$src/../shared/corpora
    case $1 in
    fuzz_http) ls -d "$src"/tests/fuzz/corpus/http/* ;;
    fuzz_json)
        ls -d "$src"/tests/fuzz/corpus/json/*
        if [ -d "$shared/json/accept" ]; then ls -d "$shared"/json/accept/* "$shared"/json/reject/*; fi
        ;;
    fuzz_providers) ls -d "$src"/tests/fuzz/corpus/providers/* ;;
    fuzz_xml | fuzz_xmlrpc)
        ls -d "$src"/tests/vectors/*.txt "$src"/tests/fuzz/corpus/providers/*
        for d in "$src"/tests/fuzz/corpus/xml "$src"/tests/fuzz/corpus/xmlrpc; do
            if [ -d "$d" ]; then ls -d "$d"/*; fi
        done
        if [ -d "$shared/xmlconf/well-formed" ]; then
            ls -d "$shared"/xmlconf/well-formed/*.xml "$shared"/xmlconf/not-wf/*.xml
        fi
        ;;
    *) echo "campaign: unknown target $1" >&2; return 1 ;;
    esac
}

# max_len: the -max_len option. 0 is libFuzzer's default: the longest seed,
# at least 4096 (fuzz_json: 250001, from a JSON conformance seed; measured
# over 120 s side by side, -max_len=8192 was no faster). 4096 cannot reach
# the HTTP reader's 16384 header bytes; MAX_LEN=20000 can, at a cost: every
# input is read three ways, one of them byte by byte.
max_len() { echo "-max_len=${MAX_LEN:-0}"; }

# run TARGET: one libFuzzer run; leaves fuzz.log, rc and elapsed in its dir.
run() {
    local t=$1 d=$work/$1 n=0 f start
    rm -rf "$d"
    mkdir -p "$d/corpus" "$d/artifacts"
    # A fresh writable copy: file names keep their origin, the committed
    # seeds are never written to.
    while IFS= read -r f; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        cp "$f" "$d/corpus/$(printf 'seed%04d_' "$n")$(basename "$f")"
    done < <(seeds "$t")
    echo "$n" >"$d/seeds"
    start=$(date +%s)
    set +e
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
        nice -n "$nice_level" "$bindir/$t" -max_total_time="$seconds" \
        -print_final_stats=1 -timeout="$unit_timeout" "$(max_len)" \
        -artifact_prefix="$d/artifacts/" "$d/corpus" >"$d/fuzz.log" 2>&1
    echo $? >"$d/rc"
    set -e
    echo $(($(date +%s) - start)) >"$d/elapsed"
}

# shellcheck disable=SC2086
ntargets=$(printf '%s\n' $targets | wc -l)
rounds=$(( (ntargets + jobs - 1) / jobs ))
echo "== $ntargets target(s), ${seconds} s each, $jobs at a time:" \
     "about $((rounds * seconds)) s of wall time"
running=0
for t in $targets; do
    [ -x "$bindir/$t" ] || { echo "campaign: $bindir/$t not built" >&2; exit 2; }
    if [ "$running" -ge "$jobs" ]; then
        wait -n || true
        running=$((running - 1))
    fi
    echo "   start $t ($(date +%T))"
    run "$t" &
    running=$((running + 1))
done
wait

# final_stat NAME LOG: the value of libFuzzer's final "stat::NAME:" line.
final_stat() { sed -n "s/^stat::$1: *\([0-9][0-9]*\).*/\1/p" "$2" | tail -n 1; }

fail=0
est_for=$min_execs
[ "$est_for" -gt 0 ] || est_for=10000000
report=$build/fuzz-campaign.md
{
    echo "# Fuzz campaign"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "- commit: $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?')" \
         "$(git -C "$src" diff --quiet HEAD -- sdk tests/fuzz 2>/dev/null || echo '(sdk/ or tests/fuzz/ modified)')"
    echo "- compiler: $(clang --version | head -n 1)"
    echo "- flags: -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all (RelWithDebInfo)"
    echo "- command: MIN_EXECS=$min_execs tests/fuzz/campaign.sh $seconds $build $jobs" \
         "(nice $nice_level, -timeout=$unit_timeout, -max_len=${MAX_LEN:-0})"
    echo "- host: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" \
         "(other work on the host slows every target)"
    echo
    echo "| target | seconds | executions | exec/s | new units | corpus (units/files) | cov/ft | peak RSS MB | s for $est_for execs | findings |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
} >"$report"
findings_text=""
est_max=0
for t in $targets; do
    d=$work/$t
    log=$d/fuzz.log
    rc=$(cat "$d/rc")
    elapsed=$(cat "$d/elapsed")
    execs=$(final_stat number_of_executed_units "$log")
    rate=$(final_stat average_exec_per_sec "$log")
    newu=$(final_stat new_units_added "$log")
    rss=$(final_stat peak_rss_mb "$log")
    # the last status line: "#N ... cov: C ft: F corp: U/S ..."
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).*/\1\/\2/p')
    units=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p')
    files=$(find "$d/corpus" -type f | wc -l)
    found=$(cd "$d/artifacts" && { ls -d crash-* leak-* timeout-* oom-* 2>/dev/null || true; } | tr '\n' ' ')
    what=""
    if [ -n "$found" ]; then
        what="artifact(s): $found"
        findings_text="$findings_text$t: $found in $d/artifacts (log: $log)
"
    elif [ -z "$execs" ] || [ "$rc" != 0 ]; then
        what="run failed: exit $rc, see $log"
        findings_text="$findings_text$t: exit $rc without an artifact (log: $log)
"
    fi
    est="-"
    if [ -z "$what" ] && [ -n "$execs" ] && [ "$execs" -gt 0 ] && [ "$elapsed" -gt 0 ]; then
        # ceil(est_for * elapsed / execs): wall seconds at the measured rate
        est=$(( (est_for * elapsed + execs - 1) / execs ))
        if [ "$est" -gt "$est_max" ]; then est_max=$est; fi
    fi
    if [ -n "$what" ]; then
        fail=1
    elif [ "${execs:-0}" -lt "$min_execs" ]; then
        what="none; short of $min_execs executions"
        fail=1
    else
        what="none"
    fi
    echo "| $t | $elapsed | ${execs:-?} | ${rate:-?} | ${newu:-?} | ${units:-?}/$files | ${cov:-?} | ${rss:-?} | $est | $what |" >>"$report"
done
if [ "$est_max" -gt 0 ]; then
    {
        echo
        echo "At the rates measured, $est_for executions of every clean target take" \
             "SECONDS=$est_max (the slowest), about $((rounds * est_max)) s of wall time" \
             "at JOBS=$jobs. libFuzzer's rate falls as the corpus and input lengths grow:" \
             "a short trial under-estimates."
    } >>"$report"
fi
if [ -n "$findings_text" ]; then
    {
        echo
        echo "## Findings"
        echo
        echo '```'
        printf '%s' "$findings_text"
        echo '```'
        echo
        echo "Reproduce: \`$bindir/<target> <artifact>\`; minimise: \`$bindir/<target>" \
             "-minimize_crash=1 -max_total_time=60 -exact_artifact_path=min.txt <artifact>\`;" \
             "then commit it as a regression seed (tests/fuzz/README.md)."
    } >>"$report"
fi
echo
cat "$report"
echo
echo "written: $report"
exit "$fail"
