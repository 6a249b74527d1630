#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run a measurement script and hold its name=value figures to
# tests/bench/budgets.txt: a figure above its budget, or a budgeted figure
# the script did not print, fails (exit 1). The ctests bench.footprint_budget
# and bench.cpu_budget (tests/cmake/bench_budget.cmake) are this script.
#   tests/bench/budget.sh footprint OUTDIR   tests/bench/footprint.sh OUTDIR/work
#   tests/bench/budget.sh cpu OUTDIR         tests/bench/cpu.sh --provkit-only OUTDIR/work
# The script's output is kept in OUTDIR/output.log.
# Exits 77 with a one-line "skipped: reason" when a tool the script needs is
# not installed (ctest's SKIP_RETURN_CODE).
set -eu
cd "$(dirname "$0")/../.."
kind=${1:?footprint or cpu}
out=${2:?output directory}
budgets=tests/bench/budgets.txt

need() { # $1 = command, $2 = Debian package
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "skipped: $1 not installed (Debian package $2)"
    exit 77
  fi
}
case $kind in
  footprint)
    need arm-none-eabi-gcc "gcc-arm-none-eabi"
    names="flash_all flash_oempro flash_plesk flash_smspartner static_ram stack_max workspace_plesk_full engine_ram"
    set -- sh tests/bench/footprint.sh "$out/work"
    ;;
  cpu)
    need valgrind valgrind
    need callgrind_annotate valgrind
    names="instr_plesk instr_smspartner instr_oempro allocs_per_call"
    set -- sh tests/bench/cpu.sh --provkit-only "$out/work"
    ;;
  *)
    echo "budget.sh: unknown kind $kind (footprint or cpu)" >&2
    exit 2
    ;;
esac

mkdir -p "$out"
log="$out/output.log"
"$@" >"$log" 2>&1 || {
  cat "$log"
  echo "FAIL: $* failed" >&2
  exit 1
}
cat "$log"

echo "== budgets ($budgets; target: issue 7's) =="
printf '%-22s %10s %10s %10s\n' figure measured budget target
bad=0
for name in $names; do
  got=$(sed -n "s/^$name=\([0-9][0-9]*\)\$/\1/p" "$log" | tail -1)
  max=$(sed -n "s/^$name=\([0-9][0-9]*\).*/\1/p" "$budgets")
  target=$(sed -n "s/^$name=[0-9]*.*target[^0-9]*\([0-9,]*\).*/\1/p" "$budgets")
  if [ -z "$max" ]; then
    echo "FAIL: $name has no budget in $budgets" >&2
    bad=1
    continue
  fi
  if [ -z "$got" ]; then
    echo "FAIL: $name was not measured (no $name=N line)" >&2
    bad=1
    continue
  fi
  verdict=ok
  if [ "$got" -gt "$max" ]; then
    verdict="OVER BUDGET by $((got - max))"
    bad=1
  elif [ $((got * 100)) -lt $((max * 95)) ]; then
    verdict="ok; more than 5% under: lower the budget to ratchet"
  fi
  printf '%-22s %10s %10s %10s  %s\n' "$name" "$got" "$max" "${target:-?}" "$verdict"
done
exit "$bad"
