"""claims-digest: nightly Claude summaries of the previous day's claim-handler notes."""
