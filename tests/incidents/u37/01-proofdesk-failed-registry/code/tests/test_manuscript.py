from proofdesk.manuscript import Chapter, ContextWindow, Manuscript


def _book(n):
    return Manuscript("b", "B", "", tuple(Chapter(i, f"c{i}", "word " * 10) for i in range(1, n + 1)))


def test_neighbours_window():
    w = ContextWindow(_book(10), 1)
    assert [c.number for c in w.around(5)] == [4, 6]


def test_whole_book_window():
    w = ContextWindow(_book(4), -1)
    assert [c.number for c in w.around(2)] == [1, 3, 4]
