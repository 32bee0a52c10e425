#!/usr/bin/env bash
# kvm-unit-tests (arm64) on qemu-system-aarch64 (TCG) and on Armvisor, side by side (issue 21, docs/testing.md).
#
#   scripts/conformance.sh                      every arm64 test of arm/unittests.cfg on both emulators
#   scripts/conformance.sh --tests psci,timer   only these tests
#   scripts/conformance.sh --emulator armvisor  one emulator only (qemu | armvisor | both)
#   scripts/conformance.sh --expect FILE        fail (exit 1) on any regression from FILE (tab-separated rows:
#                                               test, QEMU result, Armvisor result; only its tests are run)
#                                               (a test that got worse is re-run once; --no-retry: never)
#   scripts/conformance.sh --bench              also run micro-bench on both and print its figures side by side
#
# The suite comes from the read-only tarball in ../shared/conformance (KVM_UNIT_TESTS_DIR overrides) and is built
# once into ~/.cache/armvisor/kvm-unit-tests/<commit>. Each test is started the way the suite's arm/run starts QEMU
# (-machine virt -accel tcg -cpu max, the smp, qemu_params and test_args of its unittests.cfg section; here also
# -machine gic-version=3 unless the test asks for another, and -nic none) and read the way its run_test_status reads
# it: the "EXIT: STATUS=n" line lib/arm/io.c prints before PSCI SYSTEM_OFF, 1 = PASS, 77 = SKIP (report_summary's
# 77 >> 1), anything else FAIL. Armvisor gets the same -kernel/-smp/-m/-append through `armvisor run`.
# Exit code: 0 done (or no regression with --expect), 1 regression, 2 bad usage or missing prerequisite.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

emulator=both
only=""
expect=""
bench=no
jobs=2
retry=yes
while [ $# -gt 0 ]; do
    case "$1" in
        --tests) only="${2//,/ }"; shift ;;
        --emulator) emulator="$2"; shift ;;
        --expect) expect="$2"; shift ;;
        --bench) bench=yes ;;
        --jobs) jobs="$2"; shift ;;
        --no-retry) retry=no ;;
        -h|--help) sed -n "2,17p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "conformance.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
case "$emulator" in qemu|armvisor|both) ;; *) echo "conformance.sh: --emulator qemu|armvisor|both" >&2; exit 2 ;; esac
if [ -n "$expect" ]; then
    [ -f "$expect" ] || { echo "conformance.sh: expected-results file '$expect' not found" >&2; exit 2; }
    expect="$(cd "$(dirname "$expect")" && pwd)/$(basename "$expect")"
    if [ -z "$only" ]; then
        only="$(grep -v '^#' "$expect" | cut -f1 | tr '\n' ' ')"
    fi
fi

# --- the suite: find the tarball, build it once per commit --------------------------------------------------------
shared="${KVM_UNIT_TESTS_DIR:-}"
if [ -z "$shared" ]; then
    for candidate in "$repo/../shared/conformance" "$repo/../../shared/conformance"; do
        if [ -f "$candidate/kvm-unit-tests.tar.gz" ]; then shared="$candidate"; break; fi
    done
fi
if [ -z "$shared" ] || [ ! -f "$shared/kvm-unit-tests.tar.gz" ]; then
    echo "conformance.sh: kvm-unit-tests.tar.gz not found (looked in ../shared/conformance and ../../shared/conformance beside the repository; set KVM_UNIT_TESTS_DIR)" >&2
    exit 2
fi
for tool in aarch64-linux-gnu-gcc qemu-system-aarch64 timeout; do
    command -v "$tool" >/dev/null || { echo "conformance.sh: $tool not found (scripts/install-deps.sh installs it)" >&2; exit 2; }
done
commit="$(tr -d ' \n' < "$shared/kvm-unit-tests.commit" 2>/dev/null || echo unknown)"
cache="${ARMVISOR_CACHE:-$HOME/.cache/armvisor}/kvm-unit-tests/$commit"
suite="$cache/kvm-unit-tests"
if [ ! -f "$cache/.built" ]; then
    echo "building kvm-unit-tests $commit into $cache ..." >&2
    mkdir -p "$cache"
    lock="$cache/.lock"
    (
        flock 9
        if [ ! -f "$cache/.built" ]; then
            rm -rf "$suite"
            tar -xzf "$shared/kvm-unit-tests.tar.gz" -C "$cache" &&
            (cd "$suite" && ./configure --arch=arm64 --cross-prefix=aarch64-linux-gnu- && make -j"$(nproc)") \
                > "$cache/build.log" 2>&1 || { echo "conformance.sh: building the suite failed, see $cache/build.log" >&2; exit 2; }
            touch "$cache/.built"
        fi
    ) 9> "$lock" || exit 2
fi

# --- the emulators -------------------------------------------------------------------------------------------------
armvisor_dll="$repo/src/Armvisor.Cli/bin/Release/net10.0/armvisor.dll"
if [ "$emulator" != qemu ] && [ -z "${ARMVISOR:-}" ] && [ ! -f "$armvisor_dll" ]; then
    echo "building Armvisor ..." >&2
    dotnet build "$repo/src/Armvisor.Cli" -c Release >/dev/null || { echo "conformance.sh: building Armvisor failed" >&2; exit 2; }
fi
read -r -a armvisor <<< "${ARMVISOR:-dotnet $armvisor_dll}"
qemu="${QEMU:-qemu-system-aarch64}"
# The suite's MAX_SMP is the host's CPU count (run_tests.sh); fixed at 4 here so the table does not depend on the
# host (its-trigger needs 4), at most 8 (Armvisor's and the GICv2 tests' limit).
MAX_SMP="${MAX_SMP:-4}"
[ "$MAX_SMP" -gt 8 ] && MAX_SMP=8
TARGET=qemu   # what the cfg's disabled_if expressions test
logs="${CONFORMANCE_LOGS:-$(mktemp -d -t armvisor-conformance.XXXXXX)}"
mkdir -p "$logs"

# --- unittests.cfg, parsed with scripts/common.bash's rules -----------------------------------------------------
names=(); declare -A t_file t_smp t_args t_qemu t_groups t_arch t_accel t_timeout t_disabled
section=""
while IFS= read -r line || [ -n "$line" ]; do
    if [[ "$line" =~ ^\[(.*)\]$ ]]; then
        section="${BASH_REMATCH[1]}"; names+=("$section")
        t_smp[$section]=1; t_args[$section]=""; t_qemu[$section]=""; t_groups[$section]=""; t_arch[$section]=""
        t_accel[$section]=""; t_timeout[$section]=""; t_disabled[$section]=""
    elif [ -z "$section" ]; then continue
    elif [[ $line =~ ^file\ *=\ *(.*)$ ]]; then t_file[$section]="${BASH_REMATCH[1]}"
    elif [[ $line =~ ^smp\ *=\ *(.*)$ ]]; then t_smp[$section]="$(eval echo "${BASH_REMATCH[1]}")"
    elif [[ $line =~ ^test_args\ *=\ *(.*)$ ]]; then t_args[$section]="$(eval echo "${BASH_REMATCH[1]}")"
    elif [[ $line =~ ^qemu_params\ *=\ *(.*)$ ]]; then t_qemu[$section]="${BASH_REMATCH[1]}"
    elif [[ $line =~ ^groups\ *=\ *(.*)$ ]]; then t_groups[$section]="${BASH_REMATCH[1]}"
    elif [[ $line =~ ^arch\ *=\ *(.*)$ ]]; then t_arch[$section]="${BASH_REMATCH[1]}"
    elif [[ $line =~ ^accel\ *=\ *(.*)$ ]]; then t_accel[$section]="${BASH_REMATCH[1]}"
    elif [[ $line =~ ^timeout\ *=\ *(.*)$ ]]; then t_timeout[$section]="${BASH_REMATCH[1]}"
    elif [[ $line =~ ^disabled_if\ *=\ *(.*)$ ]]; then t_disabled[$section]="${BASH_REMATCH[1]}"
    fi
done < "$suite/arm/unittests.cfg"

# Tests this runner does not start, and why (shown in the result column).
not_run_reason() {
    local t="$1"
    if [ -n "${t_arch[$t]}" ] && [ "${t_arch[$t]}" != arm64 ]; then echo "${t_arch[$t]} only"; return; fi
    if [[ " ${t_groups[$t]} " == *" migration "* ]]; then echo "needs live migration"; return; fi
    if [ -n "${t_disabled[$t]}" ] && (eval "${t_disabled[$t]}") 2>/dev/null; then echo "disabled_if"; return; fi
}

# run_one EMULATOR TEST -> prints "RESULT<tab>detail"; the log is $logs/EMULATOR/TEST.log
run_one() {
    local emu="$1" t="$2" log="$logs/$1/$2.log"
    mkdir -p "$logs/$emu"
    local kernel="$suite/arm/${t_file[$t]}" timeout="${TIMEOUT:-${t_timeout[$t]:-90s}}"
    local smp="${t_smp[$t]}" args="${t_args[$t]}" mem=128 gic=3
    local -a extra=()
    read -r -a extra <<< "${t_qemu[$t]}"
    # qemu_params the cfg uses: -m N and -machine gic-version=N.
    local i
    for ((i = 0; i < ${#extra[@]}; i++)); do
        case "${extra[$i]}" in
            -m) mem="${extra[$((i + 1))]}" ;;
            gic-version=*) gic="${extra[$i]#gic-version=}" ;;
        esac
    done
    local -a cmd
    if [ "$emu" = qemu ]; then
        # arm/run adds pci-testdev when QEMU has it; the cfg's qemu_params follow (QEMU merges repeated -machine).
        cmd=("$qemu" -nodefaults -machine virt,gic-version=3 -accel tcg -cpu max -device pci-testdev -display none
             -serial stdio -nic none -smp "$smp" -kernel "$kernel" "${extra[@]}")
        [[ " ${extra[*]} " == *" -m "* ]] || cmd+=(-m "$mem")
    else
        if [ "$gic" != 3 ]; then
            echo "n/a	Armvisor's virt machine has a GICv3 only (no GICv2 MMIO CPU interface)" | tee "$log" | tail -1
            return
        fi
        cmd=("${armvisor[@]}" run -kernel "$kernel" -smp "$smp" -m "$mem" --serial stdio)
    fi
    [ -n "$args" ] && cmd+=(-append "$args")
    local start=$SECONDS
    printf '%q ' "${cmd[@]}" > "$log"; echo >> "$log"
    timeout -k 2s --foreground "$timeout" "${cmd[@]}" < /dev/null >> "$log" 2>&1
    local rc=$? secs=$((SECONDS - start))
    local status summary
    status="$(grep -a '^EXIT: STATUS=' "$log" | head -n1 | sed 's/.*STATUS=\([0-9]*\).*/\1/')"
    summary="$(grep -a '^SUMMARY:' "$log" | tail -n1 | sed 's/^SUMMARY: //')"
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then echo "FAIL	timeout after $timeout"
    elif [ "$status" = 1 ]; then echo "PASS	$summary (${secs}s)"
    elif [ "$status" = 77 ]; then echo "SKIP	$summary (${secs}s)"
    elif [ -n "$status" ]; then echo "FAIL	status $status: $summary (${secs}s)"
    else echo "FAIL	no EXIT line (exit code $rc)"
    fi
}

selected=()
for t in "${names[@]}"; do
    if [ -n "$only" ] && [[ " $only " != *" $t "* ]]; then continue; fi
    selected+=("$t")
done
if [ -n "$only" ]; then
    for t in $only; do
        [ -n "${t_file[$t]:-}" ] || { echo "conformance.sh: no test '$t' in arm/unittests.cfg" >&2; exit 2; }
    done
fi

echo "kvm-unit-tests $commit, MAX_SMP=$MAX_SMP, logs in $logs" >&2
declare -A res_qemu res_armvisor det_qemu det_armvisor
for t in "${selected[@]}"; do
    reason="$(not_run_reason "$t")"
    if [ -n "$reason" ]; then
        res_qemu[$t]="n/a"; det_qemu[$t]="$reason"; res_armvisor[$t]="n/a"; det_armvisor[$t]="$reason"
        continue
    fi
    # The two emulators run the same test at the same time (side by side); --jobs 1 runs them one after the other.
    if [ "$emulator" != armvisor ]; then
        if [ "$jobs" -gt 1 ]; then run_one qemu "$t" > "$logs/.q" & else run_one qemu "$t" > "$logs/.q"; fi
    fi
    [ "$emulator" != qemu ] && run_one armvisor "$t" > "$logs/.a"
    wait
    if [ "$emulator" != armvisor ]; then IFS=$'\t' read -r res_qemu[$t] det_qemu[$t] < "$logs/.q"; else res_qemu[$t]="-"; det_qemu[$t]=""; fi
    if [ "$emulator" != qemu ]; then IFS=$'\t' read -r res_armvisor[$t] det_armvisor[$t] < "$logs/.a"; else res_armvisor[$t]="-"; det_armvisor[$t]=""; fi
    printf '%-36s %-5s %-5s\n' "$t" "${res_qemu[$t]}" "${res_armvisor[$t]}" >&2
done

# --- the table -----------------------------------------------------------------------------------------------------
count() { local arr="$1" want="$2" n=0 t; for t in "${selected[@]}"; do eval "[ \"\${$arr[\$t]}\" = \"$want\" ]" && n=$((n + 1)); done; echo $n; }
echo
echo "| test | QEMU $(${qemu} --version | head -1 | sed 's/.*version \([^ ]*\).*/\1/') TCG | Armvisor | notes |"
echo "|---|---|---|---|"
for t in "${selected[@]}"; do
    note="${det_armvisor[$t]}"
    [ "${res_qemu[$t]}" != "${res_armvisor[$t]}" ] || [ "${res_qemu[$t]}" = PASS ] || note="${det_qemu[$t]}"
    [ "${res_qemu[$t]}" = PASS ] && [ "${res_armvisor[$t]}" = PASS ] && note="${det_armvisor[$t]}"
    echo "| $t | ${res_qemu[$t]} | ${res_armvisor[$t]} | $note |"
done
for e in qemu armvisor; do
    printf '%s: %s pass, %s fail, %s skip, %s not run\n' "$e" "$(count res_$e PASS)" "$(count res_$e FAIL)" "$(count res_$e SKIP)" "$(count res_$e n/a)"
done
# Machine-readable copy next to the logs (the format --expect reads).
for t in "${selected[@]}"; do printf '%s\t%s\t%s\n' "$t" "${res_qemu[$t]}" "${res_armvisor[$t]}"; done > "$logs/results.tsv"

# --- micro-bench figures side by side ----------------------------------------------------------------------------
if [ "$bench" = yes ]; then
    t=micro-bench
    # Reuse the run of the table when micro-bench was part of it.
    [ "$emulator" != armvisor ] && [ ! -f "$logs/qemu/$t.log" ] && run_one qemu "$t" > /dev/null
    [ "$emulator" != qemu ] && [ ! -f "$logs/armvisor/$t.log" ] && run_one armvisor "$t" > /dev/null
    echo
    echo "micro-bench (kvm-unit-tests arm/micro-bench.c; ns per iteration as the guest measures them with CNTVCT):"
    for e in qemu armvisor; do
        [ -f "$logs/$e/$t.log" ] && { echo "--- $e"; grep -a -E '^(name|[a-z_0-9]+ +[0-9])' "$logs/$e/$t.log"; }
    done
fi

# --- regressions against the recorded table ------------------------------------------------------------------------
rank() { case "$1" in PASS) echo 3 ;; SKIP) echo 2 ;; n/a|-) echo 1 ;; *) echo 0 ;; esac; }
if [ -n "$expect" ]; then
    regressions=0
    while IFS=$'\t' read -r t eq ea; do
        [[ -z "$t" || "$t" == \#* ]] && continue
        for pair in "qemu:$eq" "armvisor:$ea"; do
            e="${pair%%:*}" want="${pair#*:}"
            eval "got=\${res_$e[\$t]:-}"
            [ "$got" = "-" ] && continue
            if [ "$(rank "$got")" -lt "$(rank "$want")" ] && [ "$retry" = yes ]; then
                # One re-run before calling it a regression: a loaded shared host can starve a timing check
                # (timer's "latency within 10 ms"); a real regression fails twice.
                mv "$logs/$e/$t.log" "$logs/$e/$t.first.log"
                IFS=$'\t' read -r "res_$e[$t]" "det_$e[$t]" < <(run_one "$e" "$t")
                eval "got=\${res_$e[\$t]:-}"
                [ "$(rank "$got")" -ge "$(rank "$want")" ] && echo "flaky: $t on $e failed once, passed on the re-run (first log $logs/$e/$t.first.log)"
            fi
            if [ "$(rank "$got")" -lt "$(rank "$want")" ]; then
                eval "detail=\${det_$e[\$t]:-}"
                echo "REGRESSION: $t on $e: $got (recorded $want) $detail; log $logs/$e/$t.log"
                regressions=$((regressions + 1))
            elif [ "$got" != "$want" ]; then
                echo "changed: $t on $e: $got (recorded $want): update $expect"
            fi
        done
    done < "$expect"
    [ "$regressions" -eq 0 ] || exit 1
fi
exit 0
