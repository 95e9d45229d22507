#!/bin/sh
# The store tests start Debian's redis-server (never a container, never a download of our own).
# Install it when missing and we are allowed to; otherwise say how.
[ -x "${REDIS_SERVER:-/usr/bin/redis-server}" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's redis-server for the store tests..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null && exit 0
fi
echo "The store tests need /usr/bin/redis-server: run 'sudo apt-get install redis-server' (Debian/Ubuntu)." >&2
exit 1
