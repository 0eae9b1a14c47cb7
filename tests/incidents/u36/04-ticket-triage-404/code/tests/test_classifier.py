from triage.classifier import _parse


def test_parse_plain_json():
    t = _parse('{"category": "billing", "priority": "high", "summary": "Card declined on renewal"}')
    assert (t.category, t.priority) == ("billing", "high")


def test_parse_with_prose_and_unknown_values():
    t = _parse('Here you go:\n{"category": "weird", "priority": "p0", "summary": "x"}\n')
    assert (t.category, t.priority) == ("other", "normal")
