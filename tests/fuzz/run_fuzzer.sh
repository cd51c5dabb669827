#!/bin/sh
# Runs a libFuzzer binary for ctest (see CMakeLists.txt):
#   run_fuzzer.sh replay FUZZER SEEDS_DIR REGRESSIONS_DIR
#   run_fuzzer.sh fuzz   FUZZER SEEDS_DIR REGRESSIONS_DIR BUILD_DIR SECONDS DICT
set -eu
mode=$1 fuzzer=$2 seeds=$3 regressions=$4
name=$(basename "$fuzzer" _fuzzer)

dirs=""
for d in "$seeds" "$regressions"; do
  [ -d "$d" ] && dirs="$dirs $d"
done

if [ "$mode" = replay ]; then
  # Every file once, each on its own (libFuzzer runs file arguments and exits).
  # shellcheck disable=SC2086
  files=$(find $dirs -type f ! -name '.*' | sort)
  if [ -z "$files" ]; then
    echo "no inputs to replay"
    exit 0
  fi
  count=$(echo "$files" | wc -l)
  # shellcheck disable=SC2086  # file names are ours, without spaces
  "$fuzzer" -rss_limit_mb=2048 -timeout=25 $files
  echo "replayed $count inputs"
  exit 0
fi

build=$5 seconds=$6 dict=$7
work="$build/corpus-$name"
mkdir -p "$work" "$build/artifacts"
dict_flag=""
[ -f "$dict" ] && dict_flag="-dict=$dict"
# New inputs go to $work (the first directory); the source tree is only read.
# shellcheck disable=SC2086
exec "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=25 -max_len=4096 \
  -print_final_stats=1 -artifact_prefix="$build/artifacts/$name-" $dict_flag "$work" $dirs
