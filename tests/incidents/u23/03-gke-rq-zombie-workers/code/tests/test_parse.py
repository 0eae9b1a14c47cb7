from feeds.parse import parse_feed

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
<item><title>Hello</title><link>https://e.com/1</link><guid>g1</guid><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>World</title><link>https://e.com/2</link></item></channel></rss>"""

ATOM = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><id>tag:e.com,2026:1</id><title>A</title><link href="https://e.com/a"/><updated>2026-11-30T10:00:00Z</updated></entry></feed>"""


def test_rss():
    entries = parse_feed(RSS)
    assert [e.title for e in entries] == ["Hello", "World"]
    assert entries[1].guid == "https://e.com/2"


def test_atom():
    (entry,) = parse_feed(ATOM)
    assert entry.link == "https://e.com/a"
