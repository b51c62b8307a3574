"""A piece's text goes straight into its output only when every piece before it is in;
else into a file of its own, for the main process to append."""
from __future__ import annotations

from paperkg.export.baton import Baton, PieceText


def _piece(tmp_path, index, baton, hold=1 << 20):
    return PieceText(str(tmp_path / "out.ttl"), "out.ttl", index, str(tmp_path / f".p{index}"), baton, hold)


def test_a_due_piece_is_appended_to_its_output_and_passes_the_baton(tmp_path):
    (tmp_path / "out.ttl").write_bytes(b"head\n")
    baton = Baton(["other", "out.ttl"])
    text = _piece(tmp_path, 0, baton)
    text.write("é one\n")
    text.write("two\n")
    assert (tmp_path / "out.ttl").read_bytes() == b"head\n"  # held until the piece is complete
    assert text.close() == (5, len("é one\ntwo\n".encode()))
    assert (tmp_path / "out.ttl").read_bytes() == "head\né one\ntwo\n".encode()
    assert not (tmp_path / ".p0").exists()
    assert baton.is_due("out.ttl", 1) and baton.is_due("other", 0)


def test_a_piece_not_due_goes_to_its_own_file(tmp_path):
    (tmp_path / "out.ttl").write_bytes(b"head\n")
    baton = Baton(["out.ttl"])
    text = _piece(tmp_path, 1, baton)
    text.write("later\n")
    assert text.close() == (None, 6)
    assert (tmp_path / ".p1").read_bytes() == b"later\n"
    assert (tmp_path / "out.ttl").read_bytes() == b"head\n"
    assert baton.is_due("out.ttl", 0)


def test_a_piece_holding_too_much_settles_where_it_goes_at_once(tmp_path):
    (tmp_path / "out.ttl").write_bytes(b"")
    baton = Baton(["out.ttl"])
    late = _piece(tmp_path, 1, baton, hold=4)
    late.write("abcdef")  # not due now: its own file, even if it comes due before its end
    baton.passed("out.ttl", 0)
    late.write("gh")
    assert late.close() == (None, 8)
    assert (tmp_path / ".p1").read_bytes() == b"abcdefgh"
    assert baton.is_due("out.ttl", 1)  # the main process appends it, then passes

    (tmp_path / ".p1").unlink()
    due = _piece(tmp_path, 1, baton, hold=4)
    due.write("abcdef")  # due: written straight in, and the rest after it
    assert baton.is_due("out.ttl", 1)  # not passed before the piece is complete
    due.write("gh")
    assert due.close() == (0, 8)
    assert (tmp_path / "out.ttl").read_bytes() == b"abcdefgh" and baton.is_due("out.ttl", 2)
    assert not (tmp_path / ".p1").exists()


def test_without_a_baton_every_piece_has_its_own_file(tmp_path):
    (tmp_path / "out.ttl").write_bytes(b"")
    text = _piece(tmp_path, 0, None)
    text.write("x\n")
    assert text.close() == (None, 2)
    assert (tmp_path / ".p0").read_bytes() == b"x\n" and (tmp_path / "out.ttl").read_bytes() == b""
