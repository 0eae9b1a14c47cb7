SYSTEM = (
    "You write concise, faithful summaries of business documents. "
    "Use the document's own terms. No preamble."
)


def user_prompt(text: str, style: str) -> str:
    if style == "bullets":
        ask = "Summarise the document below as 5-10 bullet points."
    else:
        ask = "Summarise the document below in one or two paragraphs."
    return f"{ask}\n\n<document>\n{text}\n</document>"
