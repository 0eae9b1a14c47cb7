"""Field extraction from OCR text of a customs manifest."""
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

CONTAINER_RE = re.compile(r"\b([A-Z]{3}[UJZ]\s?\d{6}\s?\d)\b")
HS_RE = re.compile(r"\b(\d{4}\.\d{2}(?:\.\d{2,4})?)\b")
WEIGHT_RE = re.compile(r"(\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?)\s*(?:KGS?|KG)\b", re.I)
VESSEL_RE = re.compile(r"VESSEL[:\s]+([A-Z0-9 .\-]+?)\s+VOY(?:AGE)?[:.\s]+([A-Z0-9\-]+)", re.I)


@dataclass(frozen=True)
class ParsedItem:
    container_no: str
    hs_code: str
    description: str
    gross_kg: Decimal | None


def normalise_container(raw: str) -> str:
    return raw.replace(" ", "").upper()


def parse_weight(raw: str) -> Decimal | None:
    value = raw.strip()
    if "," in value and "." in value:
        value = value.replace(",", "")
    elif value.count(",") == 1 and len(value.split(",")[1]) != 3:
        value = value.replace(",", ".")
    else:
        value = value.replace(",", "")
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def parse_header(text: str) -> tuple[str, str]:
    m = VESSEL_RE.search(text)
    if not m:
        return "", ""
    return m.group(1).strip(), m.group(2).strip()


def parse_items(text: str) -> list[ParsedItem]:
    items: list[ParsedItem] = []
    for line in text.splitlines():
        c = CONTAINER_RE.search(line)
        if not c:
            continue
        hs = HS_RE.search(line)
        w = WEIGHT_RE.search(line)
        desc = line[c.end():].strip(" -|")
        items.append(
            ParsedItem(
                container_no=normalise_container(c.group(1)),
                hs_code=hs.group(1) if hs else "",
                description=desc[:500],
                gross_kg=parse_weight(w.group(1)) if w else None,
            )
        )
    return items
