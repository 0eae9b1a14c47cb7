from tagger.classify import parse_tags


def test_parse_plain_json():
    t = parse_tags('{"sentiment": "negative", "topics": ["delivery"], "needs_reply": true}')
    assert t.sentiment == "negative" and t.topics == ["delivery"] and t.needs_reply


def test_parse_wrapped_and_unknown_topic():
    t = parse_tags('Here you go: {"sentiment": "meh", "topics": ["vibes"]}')
    assert t.sentiment == "neutral"
    assert t.topics == ["other"]
    assert t.needs_reply is False
