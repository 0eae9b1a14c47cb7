import json
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Rule:
    sku_prefix: str
    markup: float
    floor: float


def load_rules(path: Path) -> list[Rule]:
    data = json.loads(path.read_text())
    return [Rule(r["sku_prefix"], float(r["markup"]), float(r.get("floor", 0))) for r in data["rules"]]


def apply(rules: list[Rule], sku: str, cost: float) -> float:
    for rule in rules:
        if sku.startswith(rule.sku_prefix):
            return max(round(cost * (1 + rule.markup), 2), rule.floor)
    return round(cost * 1.3, 2)
