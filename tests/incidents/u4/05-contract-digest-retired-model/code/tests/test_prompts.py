from digest.prompts import user_prompt


def test_user_prompt_wraps_contract():
    p = user_prompt("msa.txt", "This Agreement...")
    assert "<contract>" in p and "msa.txt" in p
