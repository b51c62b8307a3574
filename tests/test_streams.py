"""A feed (``streams.send_batch`` / ``follow_batches``): read while another process is still
writing it, frame by frame, to its closing frame."""
from __future__ import annotations

import threading
import time

import pytest

from paperkg.errors import BuildError
from paperkg.streams import close_feed, follow_batches, send_batch


def _write_slowly(path, batches, failed=False, delay=0.01):
    """Write the feed in small pieces, so the reader meets half-written frames."""
    import io

    buf = io.BytesIO()
    for b in batches:
        send_batch(b, buf)
    close_feed(buf, failed=failed)
    data = buf.getvalue()
    time.sleep(delay * 3)  # the reader starts before the file exists
    with open(path, "wb") as fh:
        for k in range(0, len(data), 7):
            fh.write(data[k:k + 7])
            fh.flush()
            time.sleep(delay / 10)


def test_a_feed_is_read_whole_while_it_is_written(tmp_path):
    path = tmp_path / "feed"
    batches = [[("p1", [("method", "A")])], [], [("p2", [])] * 50]
    writer = threading.Thread(target=_write_slowly, args=(path, batches))
    writer.start()
    got = list(follow_batches(str(path), poll=0.001))
    writer.join()
    assert got == batches


def test_a_feed_whose_writer_failed_raises(tmp_path):
    path = tmp_path / "feed"
    writer = threading.Thread(target=_write_slowly, args=(path, [[1, 2]], True))
    writer.start()
    got = []
    with pytest.raises(BuildError, match="failed"):
        for b in follow_batches(str(path), poll=0.001):
            got.append(b)
    writer.join()
    assert got == [[1, 2]]


def test_a_finished_feed_is_read_from_any_frame(tmp_path):
    """``read_frames``: the edge pass reads a run of frames, passing over those before it."""
    from paperkg.streams import read_frames

    path = tmp_path / "feed"
    batches = [[k] * k for k in range(6)]
    with open(path, "wb") as fh:
        for b in batches:
            send_batch(b, fh)
        close_feed(fh)
    assert list(read_frames(str(path))) == batches
    assert list(read_frames(str(path), 2, 3)) == batches[2:5]
    assert list(read_frames(str(path), 6, 0)) == []
    with pytest.raises(BuildError, match="ends before frame 7"):
        list(read_frames(str(path), 4, 3))


def test_a_feed_writer_frames_every_n_items_and_marks_a_failure(tmp_path):
    """``feed``: a frame of every ``every`` items and the rest at the end (maybe empty);
    a block that raises leaves a feed whose reader raises too."""
    from paperkg.streams import feed, read_frames

    path = str(tmp_path / "ok")
    with feed(path, 3) as send:
        for k in range(6):
            send(k)
    assert list(read_frames(path)) == [[0, 1, 2], [3, 4, 5], []]
    broken = str(tmp_path / "broken")
    with pytest.raises(RuntimeError):
        with feed(broken, 2) as send:
            for k in range(3):
                send(k)
            raise RuntimeError("stop")
    with pytest.raises(BuildError, match="failed"):
        list(follow_batches(broken, poll=0.001))
    with feed(None, 2) as send:
        assert send is None
