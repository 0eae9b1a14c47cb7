from collections import defaultdict
from dataclasses import dataclass, field

from . import settings


@dataclass
class MatchResult:
    matched: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)


def _score(entry, settlement):
    score = 0
    if entry.reference and entry.reference == settlement.reference:
        score += 10
    elif entry.reference and settlement.reference and entry.reference[:8] == settlement.reference[:8]:
        score += 4
    score -= abs(entry.amount_cents - settlement.amount_cents)
    score -= abs((entry.booked_on - settlement.settled_on).days)
    return score


def match_entries(entries, settlements):
    by_account = defaultdict(list)
    for s in settlements:
        by_account[s.account_id].append(s)

    used = set()
    result = MatchResult()
    tolerance = settings.AMOUNT_TOLERANCE_CENTS
    for entry in entries:
        best, best_score = None, None
        for candidate in by_account.get(entry.account_id, ()):
            if candidate.id in used:
                continue
            if abs(candidate.amount_cents - entry.amount_cents) > tolerance:
                continue
            score = _score(entry, candidate)
            if best_score is None or score > best_score:
                best, best_score = candidate, score
        if best is None:
            result.unmatched.append(entry)
        else:
            used.add(best.id)
            result.matched.append((entry, best))
    return result
