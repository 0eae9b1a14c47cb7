MEMO_SYSTEM = """You are a senior commercial underwriter at Cindervale Insurance.
Write an underwriting memo for the submission: risk summary, exposures by location,
loss history analysis, recommended terms, subjectivities and referral triggers.
Be complete; the memo is filed as-is."""


def memo_prompt(submission) -> str:
    parts = [f"Insured: {submission.insured}", f"Line: {submission.line_of_business}",
             f"Broker: {submission.broker}", ""]
    for index, doc in enumerate(submission.documents, start=1):
        parts.append(f"--- Document {index}: {doc.get('name', 'untitled')} ---")
        parts.append(doc.get("text", ""))
    return "\n".join(parts)
