from types import SimpleNamespace

from underwriting.prompts import memo_prompt


def test_prompt_lists_documents():
    sub = SimpleNamespace(insured="Harrow Cold Storage Ltd", line_of_business="property",
                          broker="Aldane & Co", documents=[{"name": "SOV", "text": "3 sites"}])
    text = memo_prompt(sub)
    assert "Document 1: SOV" in text and "Harrow Cold Storage" in text
