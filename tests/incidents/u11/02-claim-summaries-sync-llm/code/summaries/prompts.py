SYSTEM = (
    "You are a claims analyst at an insurance company. Summarise the document for the "
    "adjuster handling the claim. Keep every date, amount, policy number and party name. "
    "Structure: 1. Parties 2. Timeline 3. Damages and amounts 4. Coverage questions "
    "5. Open items. Do not speculate beyond the document."
)

KIND_HINTS = {
    "police_report": "The document is a police or incident report.",
    "medical": "The document is a set of medical records; list treatments and costs.",
    "repair_estimate": "The document is a repair estimate; itemise labour and parts.",
    "correspondence": "The document is an e-mail thread between the parties.",
}


def build_user_prompt(doc_kind: str, text: str) -> str:
    hint = KIND_HINTS.get(doc_kind, "")
    return f"{hint}\n\n<document>\n{text}\n</document>"
