namespace Armvisor.Vmm.LinuxKit;

/// <summary>
/// The shell scripts of the kit's initramfs: /init, and the named scripts under /etc/armvisor/scripts that
/// <c>armvisor.run=NAME,...</c> on the kernel command line runs after boot. Every script prints only deterministic
/// output unless its comment says otherwise, so the same initramfs can be compared across back ends.
/// </summary>
public static class GuestScripts
{
    /// <summary>Where the named scripts live in the initramfs.</summary>
    public const string Directory = "etc/armvisor/scripts";

    /// <summary>The module load order file: one module name a line, each <c>/lib/modules/NAME.ko</c>.</summary>
    public const string LoadOrderFile = "lib/modules/load-order";

    /// <summary>The busybox command script of issue 4: sha256sum, a gzip round trip, sort, awk arithmetic, forks.</summary>
    public const string Commands = "commands";

    /// <summary>CPU count, kernel problem lines in dmesg, the RTC-set date, loaded modules.</summary>
    public const string Health = "health";

    /// <summary>Mounts /dev/vda (ext2), reads hello.txt and payload.bin, writes from-guest.txt.</summary>
    public const string Block = "blk";

    /// <summary>Parallel busybox jobs on every CPU for ARMVISOR_STRESS_SECONDS (non-deterministic round count).</summary>
    public const string Stress = "stress";

    /// <summary>A CPU-bound userspace job the benchmark times between the script markers.</summary>
    public const string Bench = "bench";

    /// <summary>
    /// A uaccess-heavy job (issue 16): small dd reads and writes and a tar of the root file system, each a copy to or
    /// from user memory (two DACR writes apiece on an armhf kernel with CONFIG_CPU_SW_DOMAIN_PAN); deterministic output.
    /// ARMVISOR_UACCESS_COUNT sets the dd block count (default 20000).
    /// </summary>
    public const string Uaccess = "uaccess";

    /// <summary>
    /// Brings eth0 (virtio-net) up — by DHCP, or ARMVISOR_NET_ADDR=A.B.C.D/N — then as asked: wget ARMVISOR_NET_FETCH,
    /// wget ARMVISOR_NET_BLOCKED (expected to fail), ping ARMVISOR_NET_PING, serve busybox httpd on port 80 for up to
    /// ARMVISOR_NET_SERVE seconds until the host fetched /cgi-bin/done, and ARMVISOR_NET_LINGER seconds of staying up;
    /// ARMVISOR_NET_SEND=HOST:PORT:MIB streams MIB MiB of zeros (random bytes, their sha256 printed, with
    /// ARMVISOR_NET_SEND_RANDOM=1, with ARMVISOR_NET_SEND_PAUSE seconds of silence halfway) to a host TCP port with nc
    /// (the benchmark, the long-stream test).
    /// </summary>
    public const string Network = "net";

    /// <summary>Writes a fixed pattern straight to /dev/vda at two offsets (no file system: runs compare byte for byte).</summary>
    public const string BlockPattern = "blk-pattern";

    /// <summary>The udhcpc event script <see cref="Network"/> passes to udhcpc -s (busybox ships none).</summary>
    public const string DhcpEvent = "udhcpc-event";

    /// <summary>/init: mounts, busybox applet links, modules, the marker, the scripts, then shell or poweroff.</summary>
    public const string Init = """
        #!/bin/busybox sh
        # /init of the Armvisor guest kit (Armvisor.Vmm.LinuxKit.InitramfsBuilder).
        # Kernel command line:
        #   armvisor.run=NAME[,NAME...]  run /etc/armvisor/scripts/NAME after boot, between marker lines
        #   armvisor.then=shell|poweroff what to do afterwards (default: shell; leaving the shell powers off)
        #   armvisor.KEY=VALUE           exported to the scripts as ARMVISOR_KEY=VALUE
        /bin/busybox mount -t proc proc /proc
        /bin/busybox mount -t sysfs sysfs /sys
        /bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
        /bin/busybox --install -s
        export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root PS1='armvisor:\w# '
        ARMVISOR_RUN=
        ARMVISOR_THEN=shell
        for word in $(cat /proc/cmdline); do
            case "$word" in
            armvisor.*=*)
                key=${word%%=*}
                key=$(echo "${key#armvisor.}" | tr 'a-z.-' 'A-Z__')
                export "ARMVISOR_$key=${word#*=}"
                ;;
            esac
        done
        while read -r module; do
            if [ -n "$module" ] && ! insmod "/lib/modules/$module.ko"; then
                echo "armvisor-init: insmod $module failed"
            fi
        done < /lib/modules/load-order
        # The power button (QEMU virt's gpio-keys KEY_POWER on the PL061, QMP system_powerdown): a press powers off,
        # as systemd-logind's HandlePowerKey=poweroff does. struct input_event (include/uapi/linux/input.h): a struct
        # timeval (two longs), __u16 type, __u16 code, __s32 value; read one event per dd from an fd kept open.
        power_button() {
            if [ "$(uname -m)" = aarch64 ]; then size=24; skip=8; else size=16; skip=4; fi
            exec 3< "$1"
            while :; do
                set -- $(dd bs=$size count=1 <&3 2>/dev/null | od -An -v -tu2)
                [ $# -gt $skip ] || break
                shift $skip
                if [ "$1" = 1 ] && [ "$2" = 116 ] && [ "$3" = 1 ]; then   # EV_KEY, KEY_POWER, pressed
                    echo "armvisor-init: power button pressed, powering off"
                    sync
                    poweroff -f
                fi
            done
        }
        for event in /sys/class/input/event*; do
            if [ "$(cat "$event/device/name" 2>/dev/null)" = gpio-keys ]; then
                power_button "/dev/input/${event##*/}" &
            fi
        done
        echo "ARMVISOR-INITRAMFS-READY kernel=$(uname -r) cpus=$(grep -c '^processor' /proc/cpuinfo)"
        if [ -n "$ARMVISOR_RUN" ]; then
            # Kernel messages would interleave with the scripts' output on the console: keep them in dmesg meanwhile.
            level=$(cut -f1 /proc/sys/kernel/printk)
            dmesg -n 1
            for name in $(echo "$ARMVISOR_RUN" | tr ',' ' '); do
                echo "ARMVISOR-SCRIPT-BEGIN $name"
                if [ -f "/etc/armvisor/scripts/$name" ]; then
                    (cd /tmp && sh "/etc/armvisor/scripts/$name")
                    status=$?
                else
                    echo "armvisor-init: no script $name"
                    status=127
                fi
                echo "ARMVISOR-SCRIPT-END $name status=$status"
            done
            dmesg -n "$level"
        fi
        if [ "$ARMVISOR_THEN" = poweroff ]; then
            sync
            poweroff -f
        fi
        echo "Armvisor guest shell (busybox $(busybox | head -n 1 | cut -d' ' -f2)). 'exit' or 'poweroff' powers off."
        # busybox poweroff/halt/reboot signal PID 1 (USR2/USR1/TERM) as busybox init expects; this /init answers them
        # while it waits for the shell.
        trap 'sync; poweroff -f' USR1 USR2
        trap 'sync; reboot -f' TERM
        setsid cttyhack sh &
        wait $!
        sync
        poweroff -f

        """;

    /// <summary>The named scripts, installed as /etc/armvisor/scripts/NAME.</summary>
    public static IReadOnlyDictionary<string, string> Named { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Commands] = """
            # The busybox command script of issue 4. Deterministic output: compared across back ends.
            # (busybox awk saturates %d at INT_MAX, so large integers print with %.0f.)
            awk 'BEGIN { for (i = 0; i < 40000; i++) printf "%05d %d %s\n", i, (i * 7919) % 10007, substr("abcdefghij", i % 10 + 1, 3) }' > data.txt
            echo "lines=$(wc -l < data.txt) bytes=$(wc -c < data.txt)"
            echo "sha256=$(sha256sum data.txt | cut -d' ' -f1)"
            gzip -9 -c data.txt > data.txt.gz
            echo "gzip-bytes=$(wc -c < data.txt.gz)"
            echo "gunzip-sha256=$(gunzip -c data.txt.gz | sha256sum | cut -d' ' -f1)"
            if gunzip -c data.txt.gz | cmp -s - data.txt; then echo "gzip-roundtrip=identical"; else echo "gzip-roundtrip=differs"; fi
            echo "sorted-head:"
            sort -k2,2n -k1,1r data.txt | head -n 3
            echo "sorted-tail:"
            sort -k2,2n -k1,1r data.txt | tail -n 3
            echo "sort-sha256=$(sort -k3,3 -k2,2nr data.txt | sha256sum | cut -d' ' -f1)"
            echo "groups=$(cut -d' ' -f3 data.txt | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')"
            awk '{ s += $2; q += $2 * $2; if ($2 > m) m = $2 } END { printf "awk-sum=%d awk-sumsq=%.0f awk-max=%d awk-mean=%.6f\n", s, q, m, s / NR }' data.txt
            awk 'BEGIN { printf "awk-float=%.12f %.12f %.9e %.9f\n", atan2(1, 1) * 4, exp(1), sqrt(2) / 3e7, sin(1) * cos(2) }'
            awk 'BEGIN { x = 1; for (i = 1; i <= 25; i++) x = x * i; printf "awk-fact25=%.6e awk-int=%d\n", x, (2^31 * 3 + 17) % 1000 }'
            echo "shell-arith=$(( (123456789 * 987) % 1000003 )) $(( 1 << 40 )) $(( -17 / 5 )) $(( -17 % 5 ))"
            forks=0
            status_sum=0
            while [ "$forks" -lt 200 ]; do
                sh -c "exit $((forks % 3))"
                status_sum=$((status_sum + $?))
                forks=$((forks + 1))
            done
            echo "forks=$forks status-sum=$status_sum"
            echo "pipeline=$(seq 1 1000 | awk '$1 % 7 == 0' | wc -l)"

            """,
        [Health] = """
            # Facts the tests check: CPU count, kernel problem lines in dmesg, the date the RTC gave, modules.
            echo "cpus=$(grep -c '^processor' /proc/cpuinfo)"
            echo "online=$(cat /sys/devices/system/cpu/online)"
            problems=$(dmesg | grep -E 'WARNING:|BUG:|Oops|SANITY CHECK|Unable to handle|Call trace:|Kernel panic')
            echo "dmesg-problems=$(printf '%s' "$problems" | grep -c .)"
            printf '%s\n' "$problems" | grep . | sed 's/^/dmesg-problem: /'
            year=$(date -u +%Y)
            if [ "$year" -ge 2024 ]; then echo "rtc=set"; else echo "rtc=unset year=$year"; fi
            echo "modules=$(cut -d' ' -f1 /proc/modules | sort | tr '\n' ' ')"

            """,
        [Block] = """
            # Mounts the first virtio-blk disk (an ext2 image made on the host), reads it, writes a file back.
            i=0
            while [ ! -b /dev/vda ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
            if [ ! -b /dev/vda ]; then echo "vda=missing"; exit 1; fi
            echo "vda=present sectors=$(cat /sys/block/vda/size)"
            mount -t ext2 /dev/vda /mnt || { echo "mount=failed"; exit 1; }
            echo "mount=ok type=$(awk '$2 == "/mnt" { print $3 }' /proc/mounts)"
            cat /mnt/hello.txt
            echo "payload-sha256=$(sha256sum /mnt/payload.bin | cut -d' ' -f1)"
            echo "${ARMVISOR_BLK_WRITE:-written-by-guest}" > /mnt/from-guest.txt
            umount /mnt && echo "umount=ok"

            """,
        [Stress] = """
            # Parallel busybox jobs (one per CPU unless ARMVISOR_STRESS_JOBS) for ARMVISOR_STRESS_SECONDS (default 60).
            # Prints stress-jobs and stress-bad (deterministic when all is well) and stress-rounds (not deterministic).
            seconds=${ARMVISOR_STRESS_SECONDS:-60}
            jobs=${ARMVISOR_STRESS_JOBS:-$(grep -c '^processor' /proc/cpuinfo)}
            end=$(( $(date +%s) + seconds ))
            expected=$(awk 'BEGIN { for (i = 0; i < 2000; i++) print i * i }' | sha256sum | cut -d' ' -f1)
            j=0
            while [ "$j" -lt "$jobs" ]; do
                (
                    rounds=0
                    bad=0
                    while [ "$(date +%s)" -lt "$end" ]; do
                        got=$(awk 'BEGIN { for (i = 0; i < 2000; i++) print i * i }' | sha256sum | cut -d' ' -f1)
                        [ "$got" = "$expected" ] || bad=$((bad + 1))
                        gzip -c /bin/busybox | gunzip -c | cmp -s - /bin/busybox || bad=$((bad + 1))
                        rounds=$((rounds + 1))
                    done
                    echo "$rounds $bad" > "/tmp/stress.$j"
                ) &
                j=$((j + 1))
            done
            wait
            total=0
            bad=0
            j=0
            while [ "$j" -lt "$jobs" ]; do
                read -r r b < "/tmp/stress.$j"
                [ "$r" -gt 0 ] || bad=$((bad + 1))
                total=$((total + r))
                bad=$((bad + b))
                j=$((j + 1))
            done
            echo "stress-jobs=$jobs stress-bad=$bad"
            echo "stress-rounds=$total"

            """,
        [Network] = """
            # Brings eth0 up and runs the network checks the kernel command line asks for (see GuestScripts.Network).
            # (busybox 1.35 wget -T crashes: timeouts come from the timeout applet.)
            i=0
            while [ ! -e /sys/class/net/eth0 ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
            if [ ! -e /sys/class/net/eth0 ]; then echo "eth0=missing"; exit 1; fi
            echo "eth0-mac=$(cat /sys/class/net/eth0/address)"
            ip link set lo up
            ip link set eth0 up
            if [ -n "$ARMVISOR_NET_ADDR" ]; then
                ip addr add "$ARMVISOR_NET_ADDR" dev eth0 && echo "static=ok"
            elif udhcpc -i eth0 -n -q -t 10 -T 1 -s /etc/armvisor/scripts/udhcpc-event >/tmp/udhcpc.log 2>&1; then
                echo "dhcp=ok"
            else
                echo "dhcp=failed"
                sed 's/^/udhcpc: /' /tmp/udhcpc.log
                exit 1
            fi
            echo "address=$(ip -4 -o addr show eth0 | awk '{ print $4 }')"
            echo "router=$(ip route | awk '/^default/ { print $3 }')"
            echo "dns=$(awk '/^nameserver/ { print $2; exit }' /etc/resolv.conf 2>/dev/null)"
            if [ -n "$ARMVISOR_NET_FETCH" ]; then
                if timeout 20 wget -q -O /tmp/fetched "$ARMVISOR_NET_FETCH"; then
                    echo "fetch=ok bytes=$(wc -c < /tmp/fetched) sha256=$(sha256sum /tmp/fetched | cut -d' ' -f1)"
                else
                    echo "fetch=failed"
                fi
            fi
            if [ -n "$ARMVISOR_NET_BLOCKED" ]; then
                if timeout 5 wget -q -O /tmp/blocked "$ARMVISOR_NET_BLOCKED" 2>/dev/null; then echo "blocked=reached"; else echo "blocked=unreachable"; fi
            fi
            if [ -n "$ARMVISOR_NET_SEND" ]; then
                # HOST:PORT:MIB: a TCP stream of MIB MiB to HOST:PORT (scripts/bench-net.sh times it on the host): zeros,
                # or with ARMVISOR_NET_SEND_RANDOM=1 random bytes staged in RAM first, their sha256 printed.
                set -- $(echo "$ARMVISOR_NET_SEND" | tr ':' ' ')
                if [ "$ARMVISOR_NET_SEND_RANDOM" = 1 ]; then
                    dd if=/dev/urandom of=/tmp/send bs=65536 count=$(($3 * 16)) 2>/dev/null
                    echo "send-sha256=$(sha256sum < /tmp/send | cut -d' ' -f1)"
                    # ARMVISOR_NET_SEND_PAUSE=S: the first half, S seconds of silence on the open connection, the rest.
                    { dd if=/tmp/send bs=65536 count=$(($3 * 8)) 2>/dev/null; sleep "${ARMVISOR_NET_SEND_PAUSE:-0}"
                      dd if=/tmp/send bs=65536 skip=$(($3 * 8)) 2>/dev/null; } | nc "$1" "$2" > /dev/null && echo "send=done"
                    rm -f /tmp/send
                else
                    dd if=/dev/zero bs=65536 count=$(($3 * 16)) 2>/dev/null | nc "$1" "$2" > /dev/null && echo "send=done"
                fi
            fi
            if [ -n "$ARMVISOR_NET_PING" ]; then
                i=0
                until ping -c 1 -W 1 "$ARMVISOR_NET_PING" >/dev/null 2>&1; do
                    i=$((i + 1))
                    if [ "$i" -ge 240 ]; then break; fi
                done
                if [ "$i" -lt 240 ]; then echo "ping=ok"; else echo "ping=failed"; fi
            fi
            if [ -n "$ARMVISOR_NET_SERVE" ]; then
                mkdir -p /tmp/www/cgi-bin
                echo "hello from the guest" > /tmp/www/index.html
                printf '#!/bin/sh\necho "Content-Type: text/plain"\necho\necho done\ntouch /tmp/served\n' > /tmp/www/cgi-bin/done
                chmod 755 /tmp/www/cgi-bin/done
                httpd -p 80 -h /tmp/www && echo "httpd=listening"
                i=0
                while [ ! -e /tmp/served ] && [ "$i" -lt $((ARMVISOR_NET_SERVE * 10)) ]; do sleep 0.1; i=$((i + 1)); done
                if [ -e /tmp/served ]; then echo "served=yes"; else echo "served=no"; fi
            fi
            sleep "${ARMVISOR_NET_LINGER:-0}"

            """,
        [BlockPattern] = """
            # Writes the same bytes on every back end straight to /dev/vda, then prints what the disk holds there.
            i=0
            while [ ! -b /dev/vda ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
            if [ ! -b /dev/vda ]; then echo "vda=missing"; exit 1; fi
            seq 1 3000 | sed 's/^/armvisor-block-pattern-/' > /tmp/pattern
            dd if=/tmp/pattern of=/dev/vda bs=512 seek=3 conv=notrunc 2>/dev/null
            dd if=/tmp/pattern of=/dev/vda bs=4096 seek=300 conv=notrunc 2>/dev/null
            sync
            echo "pattern-bytes=$(wc -c < /tmp/pattern)"
            echo "head-sha256=$(dd if=/dev/vda bs=512 count=3 2>/dev/null | sha256sum | cut -d' ' -f1)"

            """,
        [DhcpEvent] = """
            # udhcpc -s script: busybox udhcpc passes the lease in $ip, $mask (prefix length), $router, $dns.
            case "$1" in
            deconfig)
                ip addr flush dev "$interface"
                ip link set "$interface" up
                ;;
            bound|renew)
                ip addr flush dev "$interface"
                ip addr add "$ip/${mask:-24}" dev "$interface"
                for r in $router; do ip route add default via "$r" dev "$interface"; break; done
                : > /etc/resolv.conf
                for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
                ;;
            esac
            exit 0

            """,
        [Uaccess] = """
            # Every 64-byte read and write is a copy_to_user/copy_from_user; the tar reads the initramfs' files.
            n=${ARMVISOR_UACCESS_COUNT:-20000}
            dd if=/dev/zero bs=64 count="$n" of=/dev/null 2>&1 | head -n 2 | sed 's/^/uaccess-dd: /'
            echo "uaccess-pipe=$(dd if=/dev/zero bs=64 count="$n" 2>/dev/null | dd bs=64 2>/dev/null | wc -c)"
            echo "uaccess-tar=$(tar cf - /bin/busybox /etc /lib /init 2>/dev/null | wc -c)"

            """,
        [Bench] = """
            # A CPU-bound userspace job; scripts/bench-linux.sh times it between the script marker lines.
            awk 'BEGIN { s = 0; for (i = 1; i <= 200000; i++) s = (s * 31 + i) % 1000003; print "bench-awk=" s }'
            echo "bench-sha256=$(dd if=/dev/zero bs=65536 count=64 2>/dev/null | sha256sum | cut -c1-16)"
            echo "bench-gzip=$(gzip -c /bin/busybox | wc -c)"
            echo "bench-sort=$(seq 20000 -1 1 | sort -n | sha256sum | cut -c1-16)"

            """,
    };
}
