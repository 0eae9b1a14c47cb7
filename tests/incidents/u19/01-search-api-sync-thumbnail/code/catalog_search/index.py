import json
import logging
import re
from collections import defaultdict

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"[a-z0-9]+")


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


class ProductIndex:
    """Small in-memory inverted index, rebuilt from a JSONL dump at start-up."""

    def __init__(self) -> None:
        self.products: dict[str, dict] = {}
        self.postings: dict[str, set[str]] = defaultdict(set)

    @classmethod
    def from_jsonl(cls, path: str) -> "ProductIndex":
        idx = cls()
        try:
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        idx.add(json.loads(line))
        except FileNotFoundError:
            log.warning("index file %s not found, starting with an empty index", path)
        log.info("loaded %d products into the search index", len(idx.products))
        return idx

    def add(self, product: dict) -> None:
        pid = str(product["id"])
        self.products[pid] = product
        for tok in tokenize(product.get("title", "") + " " + product.get("brand", "")):
            self.postings[tok].add(pid)

    def search(self, query: str, limit: int = 20) -> list[dict]:
        toks = tokenize(query)
        if not toks:
            return []
        scores: dict[str, int] = defaultdict(int)
        for tok in toks:
            for pid in self.postings.get(tok, ()):
                scores[pid] += 1
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [self.products[pid] for pid, _ in ranked]
