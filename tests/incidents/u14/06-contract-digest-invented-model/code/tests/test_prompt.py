from digest import prompt


def test_user_message_wraps_contract():
    m = prompt.user_message("incoming/msa-acme.txt", "1. Parties ...")
    assert m.startswith("Contract file: incoming/msa-acme.txt")
    assert "<contract>\n1. Parties ...\n</contract>" in m
