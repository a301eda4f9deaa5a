#!/bin/sh
# Runs one of the engine's fuzz tests as a fuzzer (Jazzer) for some minutes, at low priority.
# Usage: ws-engine/fuzz.sh TARGET [MINUTES]
#   TARGET: FrameReader, Utf8Validator, HttpRequestParser, Handshaker, CompactHead, ExtensionNegotiation or Inflater (docs/fuzzing.md)
#   MINUTES: 10 unless given
# New inputs go to ws-engine/.cifuzz-corpus/ (not committed); a crash lands in the target's inputs
# directory under ws-engine/src/test/resources/io/wsengine/fuzz/, where the normal build replays it.
set -eu
target=${1:?usage: fuzz.sh TARGET [MINUTES], TARGET one of FrameReader Utf8Validator HttpRequestParser Handshaker CompactHead ExtensionNegotiation Inflater}
target=${target%FuzzTest}
minutes=${2:-10}
cd "$(dirname "$0")/.."
log=ws-engine/target/fuzz-$target.log
mkdir -p ws-engine/target
# jazzer-junit takes its duration from @FuzzTest(maxDuration) only; libFuzzer arguments given as
# jazzer.internal.arg.N come after it, and libFuzzer keeps the last -max_total_time it is given.
status=0
JAZZER_FUZZ=1 nice -n 10 ./mvnw -q -pl ws-engine test -Dtest="io.wsengine.fuzz.${target}FuzzTest" \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time=$((minutes * 60)) \
    >"$log" 2>&1 || status=$?
grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^Done [0-9]+ runs|Test unit written' "$log" || true
# A finding: the test's own message, up to its stack trace.
awk '/FuzzTestFindingException/ { shown = 1 } shown && /^\tat / { exit } shown' "$log"
echo "full output: $log"
exit $status
