"""proofsmith: renders print proofs (PDF -> per-page PNG + imposition sheet) off an RQ queue."""

__version__ = "4.7.2"
