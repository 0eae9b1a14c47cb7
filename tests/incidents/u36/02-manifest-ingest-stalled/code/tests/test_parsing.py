from decimal import Decimal

from manifests import parsing

SAMPLE = """MANIFEST OF CARGO
VESSEL: MSC ARIANE VOY: 2441W
MSCU 123456 7 | 8471.30 | LAPTOPS, 1,200 CTNS | 14,520.50 KGS
TGHU7654321 8501.10.40 ELECTRIC MOTORS 9.870 KG
"""


def test_header():
    assert parsing.parse_header(SAMPLE) == ("MSC ARIANE", "2441W")


def test_items():
    items = parsing.parse_items(SAMPLE)
    assert [i.container_no for i in items] == ["MSCU1234567", "TGHU7654321"]
    assert items[0].hs_code == "8471.30"
    assert items[0].gross_kg == Decimal("14520.50")


def test_weight_formats():
    assert parsing.parse_weight("1,234.5") == Decimal("1234.5")
    assert parsing.parse_weight("980") == Decimal("980")
