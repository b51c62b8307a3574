"""Child process that runs the embedded ArcadeDB server with its Bolt plugin.

Started by ``EmbeddedServer``; not a public entry point. The root password arrives in the
environment (never on the command line, where ``ps`` would show it). Prints one ``READY``
line when Bolt is listening and stops cleanly on SIGTERM or when stdin closes.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--bolt-port", type=int, required=True)
    ap.add_argument("--http-port", type=int, required=True)
    ap.add_argument("--database", default="paperkg")
    args = ap.parse_args()
    password = os.environ.pop("PAPERKG_SERVER_PASSWORD")
    os.chdir(args.root)  # ArcadeDB writes ./log relative to the working directory

    import arcadedb_embedded as arcade

    server = arcade.create_server(root_path=os.path.join(args.root, "databases"), root_password=password, config={
        "host": "127.0.0.1", "http_port": args.http_port,
        "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin", "bolt_port": args.bolt_port})
    server.start()
    if not arcade.database_exists(os.path.join(args.root, "databases", args.database)):
        server.create_database(args.database)
    else:
        server.get_database(args.database)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    print(f"\nREADY bolt={args.bolt_port} http={args.http_port}", flush=True)
    done.wait()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
