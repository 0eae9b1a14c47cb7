SYSTEM = (
    "You are a paralegal at a commercial law firm. Summarise the contract for a partner who has "
    "two minutes. Use the headings: Parties, Term, Payment, Termination, Liability caps, Unusual "
    "clauses. Quote clause numbers. If a heading does not apply write 'none found'."
)


def user_message(key: str, text: str) -> str:
    return f"Contract file: {key}\n\n<contract>\n{text}\n</contract>"
