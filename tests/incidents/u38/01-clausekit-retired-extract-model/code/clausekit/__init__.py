"""clausekit - contract clause extraction workers (Quillmont Legal Ops)."""

__version__ = "4.7.2"
