from askbot.bot import build


def test_handlers_registered():
    app = build(token="123:abc")
    commands = {c for h in app.handlers[0] for c in h.commands}
    assert {"start", "ask", "queue"} <= commands
