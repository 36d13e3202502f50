#!/usr/bin/env bash
# The base of every service image, as a directory Jib adds as the images' first layer
# (from.image is `scratch`: no registry is asked for a base image, so the images build offline):
#
#   /opt/java      a Java runtime linked by jlink from this machine's newest JDK (17+)
#   /lib, /lib64   the shared libraries that runtime needs, copied from this machine (Debian's libc6, zlib1g ...)
#   /bin/busybox   Debian's busybox-static: `busybox wget` is the containers' health check (the images have no shell otherwise)
#   /etc           passwd and group with the unprivileged user app (10001), nsswitch.conf
#   /tmp, /var/lib/twitter/media   writable by that user (the media volume of tweet-service)
#
#   scripts/image-rootfs.sh [OUT]    default target/image-rootfs; kept when it is newer than this script and the JDK
#
# The images are then `./mvnw -Pimages package` (Jib's jib:buildTar: <module>/target/jib-image.tar).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
OUT=${1:-$ROOT/target/image-rootfs}
if [ -x "$OUT/opt/java/bin/java" ] && [ "$OUT/.done" -nt "$0" ] && [ "$OUT/.done" -nt "$JAVA_HOME/release" ]; then
  exit 0
fi
command -v ldd >/dev/null || die "image-rootfs needs ldd (Debian's libc-bin)"
if [ ! -x /bin/busybox ] || ! file_is_static=$(ldd /bin/busybox 2>&1) || [[ $file_is_static != *"not a dynamic"* ]]; then
  export DEBIAN_FRONTEND=noninteractive
  command -v apt-get >/dev/null || die "image-rootfs needs Debian's busybox-static (/bin/busybox)"
  apt-get install -y -qq busybox-static >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq busybox-static >/dev/null; }
fi
rm -rf "$OUT"
mkdir -p "$OUT"/{bin,etc,tmp,opt,var/lib/twitter/media}
# the modules a Spring Boot service uses (java.se, plus JMX, JFR, DNS, zipfs and the unsupported
# API Netty and Kafka's client reach for); debug symbols, man pages and headers left out
"$JAVA_HOME/bin/jlink" --add-modules java.se,jdk.crypto.ec,jdk.unsupported,jdk.management,jdk.management.agent,jdk.naming.dns,jdk.zipfs,jdk.charsets,jdk.jfr,jdk.net,jdk.security.auth,jdk.security.jgss \
  --strip-debug --no-man-pages --no-header-files --compress=zip-6 --output "$OUT/opt/java"
# every shared library the runtime's binaries and libraries load, from this machine, at the path
# the dynamic loader looks for it (symbolic links resolved: the layer holds plain files); the
# desktop libraries (X11, sound) are left out: the services run headless
find "$OUT/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) \
  -not -name libawt_xawt.so -not -name libjawt.so -not -name libsplashscreen.so -not -name libjsound.so -print0 |
  xargs -0 ldd 2>/dev/null | awk '/=> \// {print $3} /^\t\/[^ ]+ \(/ {print $1}' | sort -u |
  while read -r lib; do
    mkdir -p "$OUT$(dirname "$lib")"
    cp -L "$lib" "$OUT$lib"
  done
cp /bin/busybox "$OUT/bin/busybox"
cat >"$OUT/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
app:x:10001:10001:twitter-like service:/tmp:/sbin/nologin
PASSWD
cat >"$OUT/etc/group" <<'GROUP'
root:x:0:
app:x:10001:
GROUP
echo 'hosts: files dns' >"$OUT/etc/nsswitch.conf"
"$OUT/opt/java/bin/java" -version 2>&1 | head -n 1 >"$OUT/opt/java/VERSION.txt"
touch "$OUT/.done"
say "image base: $OUT ($(du -sh "$OUT" | cut -f1), $(cat "$OUT/opt/java/VERSION.txt"))"
