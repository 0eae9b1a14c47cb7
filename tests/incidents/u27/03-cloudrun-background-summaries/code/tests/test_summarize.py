from unittest import mock

from app import summarize


def test_split_prefers_line_breaks():
    text = "a" * 10 + "\n" + "b" * 10
    assert summarize.split(text, 15) == ["a" * 10, "\n" + "b" * 10]


def test_summarise_updates_store():
    with mock.patch.object(summarize, "_ask", return_value="- ok") as ask, \
            mock.patch.object(summarize.store, "update") as update:
        summarize.summarise_transcript("t1", "hello\nworld")
    assert ask.call_count == 2
    assert update.call_args.kwargs["status"] == "done"
