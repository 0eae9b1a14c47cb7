"""Controls for the line readers (opsdoc.loglines): the edges of each question.

What real servers print is tested against the servers themselves in
tests/test_loglines.py; these are the boundaries around it: how much of a line is
read, colour codes, surrounding blanks and exit codes.
"""

from __future__ import annotations

import pytest

from opsdoc.loglines import PlatformEvent, is_server_line, is_server_start, plain, platform_event

EXIT_1 = "Container called exit(1)."


def test_only_the_first_2000_characters_are_read() -> None:
    fits = "x" * (2000 - len(EXIT_1)) + EXIT_1
    assert platform_event(fits) is PlatformEvent.EXIT_ERROR
    assert platform_event("xx" + fits) is None  # cut before the closing parenthesis
    start = "Application startup complete."
    assert is_server_start(" " * (2000 - len(start)) + start)
    assert not is_server_start("x" * 2000 + start)
    assert not is_server_line("x" * 2000 + start)


@pytest.mark.parametrize(
    ("code", "event"),
    [
        ("0", PlatformEvent.EXIT_OK),
        ("1", PlatformEvent.EXIT_ERROR),
        ("255", PlatformEvent.EXIT_ERROR),
    ],
)
def test_exit_codes(code: str, event: PlatformEvent) -> None:
    assert platform_event(f"Container called exit({code}).") is event


@pytest.mark.parametrize(
    ("signal", "event"),
    [
        ("15", PlatformEvent.SHUTDOWN),
        ("9", PlatformEvent.KILLED),
        ("2", PlatformEvent.KILLED),
        ("0", PlatformEvent.KILLED),
    ],
)
def test_signals(signal: str, event: PlatformEvent) -> None:
    assert platform_event(f"Container terminated on signal {signal}.") is event


def test_colour_codes_and_blanks_around_a_server_line() -> None:
    coloured = '127.0.0.1 - - [01/Jan/2026 10:00:00] "\x1b[32mGET / HTTP/1.1\x1b[0m" 200 -'
    assert plain(coloured) == '127.0.0.1 - - [01/Jan/2026 10:00:00] "GET / HTTP/1.1" 200 -'
    assert is_server_line(coloured)
    assert plain("no escape") == "no escape"
    # anchored patterns still match a line with blanks around it
    assert is_server_line("   (Press CTRL+C to quit)  \n")
    assert is_server_start("\t======== Running on http://0.0.0.0:8080 ========  ")
    # a start line is a server line; a shutdown line is not a start
    assert is_server_line("INFO:     Started server process [7]")
    assert not is_server_start("INFO:     Shutting down")
    assert is_server_line("INFO:     Shutting down")


def test_a_line_of_2001_characters_is_cut_too() -> None:
    bare = EXIT_1.rstrip(".")
    assert platform_event("x" * (2000 - len(bare)) + bare) is PlatformEvent.EXIT_ERROR
    assert platform_event("x" * (2001 - len(bare)) + bare) is None
    booting = "Booting worker with pid"  # every character needed
    assert is_server_start("x" * (2000 - len(booting)) + booting)
    assert not is_server_start("x" * (2001 - len(booting)) + booting)
    assert not is_server_line("x" * (2001 - len(booting)) + booting)
