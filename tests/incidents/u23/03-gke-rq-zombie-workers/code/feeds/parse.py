import xml.etree.ElementTree as ET
from dataclasses import dataclass

ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass
class Entry:
    guid: str
    title: str
    link: str
    published: str


def parse_feed(xml_text: str) -> list[Entry]:
    root = ET.fromstring(xml_text)
    entries = []
    if root.tag == "rss":
        for item in root.iter("item"):
            link = (item.findtext("link") or "").strip()
            entries.append(Entry(
                guid=(item.findtext("guid") or link).strip(),
                title=(item.findtext("title") or "").strip(),
                link=link,
                published=(item.findtext("pubDate") or "").strip(),
            ))
    elif root.tag == f"{ATOM}feed":
        for item in root.iter(f"{ATOM}entry"):
            link_el = item.find(f"{ATOM}link")
            entries.append(Entry(
                guid=(item.findtext(f"{ATOM}id") or "").strip(),
                title=(item.findtext(f"{ATOM}title") or "").strip(),
                link=link_el.get("href", "") if link_el is not None else "",
                published=(item.findtext(f"{ATOM}updated") or "").strip(),
            ))
    return entries
