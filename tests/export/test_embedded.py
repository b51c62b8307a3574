from __future__ import annotations

import socket
import time

from paperkg.export.embedded import port_free


def test_embedded_port_left_in_time_wait_by_a_stopped_server_is_free():
    # A JVM server listens with SO_REUSEADDR; when it closes its connections first, they linger
    # in TIME_WAIT on its port, and a server started again at once must not call the port busy.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    served, _ = listener.accept()
    served.close()  # the server side closes first: its socket ends in TIME_WAIT
    time.sleep(0.05)
    client.close()
    listener.close()
    time.sleep(0.05)
    assert port_free(port)


def test_embedded_port_with_a_listener_is_busy():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        assert not port_free(listener.getsockname()[1])
