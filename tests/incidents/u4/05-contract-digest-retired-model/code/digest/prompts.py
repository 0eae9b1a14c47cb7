SYSTEM = (
    "You are a paralegal at a commercial law firm. Summarise the contract for a partner who has "
    "two minutes. Be precise about parties, term, renewal, termination rights, liability caps, "
    "governing law and anything unusual. Answer in JSON with keys: parties, term, renewal, "
    "termination, liability_cap, governing_law, red_flags (list of strings)."
)


def user_prompt(doc_name: str, text: str) -> str:
    return f"Contract file: {doc_name}\n\n<contract>\n{text}\n</contract>"
