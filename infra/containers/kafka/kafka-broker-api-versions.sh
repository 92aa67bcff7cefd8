#!/bin/bash
# Stands in for apache/kafka's tool of this name in compose's health check (kafka-broker-api-versions.sh
# --bootstrap-server HOST:PORT): the broker jars of this image do not carry the tools module, so this checks only
# that the broker accepts connections at HOST:PORT.
server=localhost:9092
while (($#)); do
  case "$1" in --bootstrap-server) server="$2"; shift 2 ;; --bootstrap-server=*) server="${1#*=}"; shift ;; *) shift ;; esac
done
host="${server%:*}" port="${server##*:}"
exec 3<> "/dev/tcp/$host/$port" || exit 1
echo "connected to $server"
