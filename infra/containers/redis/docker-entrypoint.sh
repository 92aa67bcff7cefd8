#!/bin/sh
# Redis started the way the official redis image starts it (scripts/base-images.sh builds this image from Debian's
# redis-server): arguments that start with '-' are options of redis-server; no protected mode (the container's
# network is the boundary, as in the official image, which turns it off at build time); the server runs as the
# redis user in /data.
set -e
if [ $# -eq 0 ] || [ "${1#-}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ]; then
  case " $* " in
    *" --protected-mode "*) ;;
    *) set -- "$@" --protected-mode no ;;
  esac
  cd /data
  [ "$(id -u)" = 0 ] || exec "$@"
  chown redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups "$@"
fi
exec "$@"
