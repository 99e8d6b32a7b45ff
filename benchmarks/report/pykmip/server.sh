#!/usr/bin/env bash
# Runs a single-node PyKMIP server (Debian python3-pykmip) on 127.0.0.1:PORT with mutual TLS
# (TLS 1.2, client certificate required) and its SQLite store in DIR, in the foreground.
# Usage: server.sh DIR PORT   (DIR holds the certificates made by certs.sh)
set -euo pipefail
dir="${1:?usage: server.sh DIR PORT}"
port="${2:?usage: server.sh DIR PORT}"
mkdir -p "$dir/policies"
# The whole configuration in one file, so no /etc/pykmip/server.conf is read.
cat > "$dir/server.conf" <<CONF
[server]
hostname=127.0.0.1
port=$port
certificate_path=$dir/server.pem
key_path=$dir/server.key
ca_path=$dir/ca.pem
auth_suite=TLS1.2
enable_tls_client_auth=True
policy_path=$dir/policies
logging_level=WARNING
database_path=$dir/pykmip.db
CONF
exec /usr/bin/python3 /usr/bin/pykmip-server --config_path "$dir/server.conf" --log_path "$dir/server.log"
