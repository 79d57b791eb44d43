"""The value of contact resolution: every unresolved contact brings the customer back.

With a resolution rate r a customer issue takes 1 / r contacts, so raising r to r'
removes ``volume x (1 - r / r')`` contacts. The telecom case of the seeds: 66% -> 80%
removes 17.5% of 68.57 M calls, 12.0 M calls, worth $53.3 M at $4.44 a call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def _check_rate(name: str, value: float) -> float:
    value = float(value)
    if not 0.0 < value <= 1.0:
        raise ValueError(f"{name} must be a share above 0 and at most 1, got {value!r}")
    return value


@dataclass(frozen=True)
class ResolutionValue:
    """What reaching ``rate_target`` from ``rate_now`` is worth for ``volume`` contacts.

    share_removed = 1 - rate_now / rate_target (0 when the target is already met);
    avoidable_contacts = volume x share_removed; value = avoidable_contacts x
    cost_per_contact (None without a cost per contact).
    """

    volume: float
    rate_now: float
    rate_target: float
    cost_per_contact: float | None = None

    @property
    def share_removed(self) -> float:
        return max(0.0, 1.0 - self.rate_now / self.rate_target)

    @property
    def avoidable_contacts(self) -> float:
        return self.volume * self.share_removed

    @property
    def value(self) -> float | None:
        if self.cost_per_contact is None:
            return None
        return self.avoidable_contacts * self.cost_per_contact

    @property
    def contacts_per_issue_now(self) -> float:
        return 1.0 / self.rate_now

    @property
    def contacts_per_issue_target(self) -> float:
        return 1.0 / self.rate_target


def resolution_value(
    volume: float,
    rate_now: float,
    rate_target: float,
    *,
    cost_per_contact: float | None = None,
) -> ResolutionValue:
    """The contacts removed, and their cost, by raising resolution from ``rate_now`` to
    ``rate_target`` (shares, 0-1) for ``volume`` contacts (a year's, say)."""
    volume = float(volume)
    if not (math.isfinite(volume) and volume >= 0):
        raise ValueError(f"volume must be a number of contacts >= 0, got {volume!r}")
    if cost_per_contact is not None and not cost_per_contact >= 0:
        raise ValueError(f"cost_per_contact must be >= 0, got {cost_per_contact!r}")
    return ResolutionValue(
        volume=volume,
        rate_now=_check_rate("rate_now", rate_now),
        rate_target=_check_rate("rate_target", rate_target),
        cost_per_contact=None if cost_per_contact is None else float(cost_per_contact),
    )
