from ticketsum.helpdesk import render_thread


def test_render_thread_marks_roles():
    text = render_thread([
        {"author_role": "end-user", "body": "My invoice is wrong "},
        {"author_role": "agent", "body": "Looking into it"},
    ])
    assert text == "[Customer] My invoice is wrong\n\n[Agent] Looking into it"


def test_render_thread_keeps_tail():
    text = render_thread([{"body": "x" * 50}], limit_chars=10)
    assert len(text) == 10
