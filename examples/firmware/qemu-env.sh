# Sourced by qemu-test.sh and qemu-bench.sh (not run by itself): builds the
# mps2-an386 image, creates a network namespace with a TAP device (kernel
# side 192.168.69.1/24 and fd00:ba70::1/64; the firmware takes .2 and ::2), and boots the image
# in qemu-system-arm on it. `qemu_env` returns non-zero (and says why) when
# something is missing; the EXIT trap stops QEMU and deletes the namespace.

ns="baton-qemu-$$"
tap="tapq0"
host_ip="192.168.69.1"
fw_ip="192.168.69.2"
host_ip6="fd00:ba70::1"
fw_ip6="fd00:ba70::2"
url="http://$fw_ip:8080/RPC2"
work="$(mktemp -d)"
qemu_pid=""
py="$here/tests/py"

stop_qemu() {
  if [ -n "$qemu_pid" ]; then
    kill "$qemu_pid" 2>/dev/null
    wait "$qemu_pid" 2>/dev/null
    qemu_pid=""
  fi
}
qemu_cleanup() {
  stop_qemu
  ip netns del "$ns" 2>/dev/null
  rm -rf "$work"
}
trap qemu_cleanup EXIT

qemu_env() {
  if ! command -v qemu-system-arm >/dev/null; then
    echo "qemu-system-arm not found (apt-get install -y qemu-system-arm)"
    return 1
  fi
  if ! (cd "$here" && cargo build --release --target thumbv7em-none-eabihf --features mps2 \
    --bin baton-firmware-mps2 --quiet); then
    echo "build of the mps2 image failed"
    return 1
  fi
  local target_dir
  target_dir="$(cd "$here" && cargo metadata --format-version 1 --no-deps --offline 2>/dev/null \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
  elf="$target_dir/thumbv7em-none-eabihf/release/baton-firmware-mps2"
  if ! { ip netns add "$ns" &&
    ip netns exec "$ns" ip link set lo up &&
    ip netns exec "$ns" ip tuntap add mode tap name "$tap" &&
    ip netns exec "$ns" ip addr add "$host_ip/24" dev "$tap" &&
    ip netns exec "$ns" ip -6 addr add "$host_ip6/64" dev "$tap" nodad &&
    ip netns exec "$ns" ip link set "$tap" up; }; then
    echo "cannot create the network namespace and TAP device (root and iproute2 needed)"
    return 1
  fi
}

# Boots a fresh image, its configuration block (src/bin/mps2/config.rs)
# holding "$1" (key=value lines, may be empty); waits (bounded) for its boot
# line and its listener.
boot() {
  rm -f "$work/console.sock" "$work/console.log"
  printf '%s\0' "$1" >"$work/config.bin"
  shift
  # `ip netns exec` execs QEMU: $! is QEMU itself.
  ip netns exec "$ns" qemu-system-arm -M mps2-an386 -display none -monitor none \
    -kernel "$elf" -device "loader,file=$work/config.bin,addr=0x3ff000,force-raw=on" \
    -nic "tap,ifname=$tap,script=no,downscript=no,model=lan9118,mac=02:ba:70:00:00:04" \
    -chardev "socket,id=con,path=$work/console.sock,server=on,wait=off,logfile=$work/console.log" \
    -serial chardev:con "$@" >"$work/qemu.out" 2>&1 &
  qemu_pid=$!
  for _ in $(seq 1 300); do
    if grep -q "listening on" "$work/console.log" 2>/dev/null &&
      ip netns exec "$ns" timeout 5 python3 -c \
        "import socket; socket.create_connection(('$fw_ip', 8080), timeout=1).close()" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$qemu_pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  echo "the image did not come up; QEMU said:"
  cat "$work/qemu.out" "$work/console.log" 2>/dev/null
  return 1
}
