import feedparser

FEEDS = {
    "markets": ["https://feeds.example-wire.com/markets.rss", "https://news.example-fin.net/rss/top"],
    "energy": ["https://feeds.example-wire.com/energy.rss"],
    "logistics": ["https://freightdaily.example.org/feed"],
}


def collect(topic: str, limit: int) -> list[dict]:
    items = []
    for url in FEEDS.get(topic, []):
        parsed = feedparser.parse(url)
        for e in parsed.entries[:limit]:
            items.append({"title": e.get("title", ""), "summary": e.get("summary", "")[:800], "link": e.get("link")})
    return items[:limit]
