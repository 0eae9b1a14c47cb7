from summarizer.prompts import render_thread


def test_render_thread_labels_speakers():
    out = render_thread(
        "Refund",
        [{"body": "I was charged twice ", "from_customer": True}, {"body": "Looking", "from_customer": False}],
    )
    assert out.splitlines() == ["Subject: Refund", "", "Customer: I was charged twice", "Agent: Looking"]
