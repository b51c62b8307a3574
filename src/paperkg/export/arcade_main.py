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


BROWSER_USER = "neo4j"  # what Neo4j Browser and Desktop offer by default


def _browser_user(server, password: str) -> None:
    """(Re)make the user Neo4j Browser expects (``neo4j``) with this start's password and
    admin rights on every database: a server whose files persist next to a build is
    started again with a new password, and ArcadeDB keeps only the first root password."""
    import jpype

    security = server._java_server.getSecurity()
    if security.existsUser(BROWSER_USER):
        security.dropUser(BROWSER_USER)
    json_object = jpype.JClass("com.arcadedb.serializer.json.JSONObject")
    json_array = jpype.JClass("com.arcadedb.serializer.json.JSONArray")
    user = json_object().put("name", BROWSER_USER).put("password", security.encodePassword(password))
    security.createUser(user.put("databases", json_object().put("*", json_array().put("admin"))))


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
    _browser_user(server, password)
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
