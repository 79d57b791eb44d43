"""The large demo's fixed design: its 80 programs (centres and vendor sites x lines of
business), the size of each table for a number of contacts, and the per-program traits
drawn from the seed (volume, quality, trend, repeat rate, agents, WFM queues)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from copcwb.synth._spec import BILLING, SALES, SUPPORT
from copcwb.terms import identifier

LARGE_ID = "acme-large"
DEFAULT_CONTACTS = 5_000_000
MIN_CONTACTS, MAX_CONTACTS = 10_000, 100_000_000

#: line of business -> the demo program whose behaviour it follows (its archetype)
LINES: dict[str, str] = {
    "Billing": BILLING,
    "Prepaid": BILLING,
    "Collections": BILLING,
    "Mobile Support": SUPPORT,
    "Broadband Support": SUPPORT,
    "Device Care": SUPPORT,
    "Business Care": SUPPORT,
    "Retention": SALES,
    "Sales": SALES,
    "Upgrades": SALES,
}

#: site -> the lines of business it runs; vendor sites are named "Vendor X <city>"
SITES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Taipei", ("Billing", "Prepaid", "Mobile Support", "Broadband Support", "Device Care",
                "Business Care", "Retention", "Sales")),
    ("New Taipei", ("Billing", "Collections", "Mobile Support", "Broadband Support",
                    "Retention", "Upgrades")),
    ("Taoyuan", ("Billing", "Mobile Support", "Broadband Support", "Device Care", "Sales")),
    ("Hsinchu", ("Business Care", "Broadband Support", "Sales")),
    ("Taichung", ("Billing", "Prepaid", "Mobile Support", "Broadband Support", "Retention",
                  "Upgrades")),
    ("Changhua", ("Billing", "Mobile Support", "Collections")),
    ("Chiayi", ("Prepaid", "Mobile Support", "Retention")),
    ("Tainan", ("Billing", "Mobile Support", "Broadband Support", "Device Care", "Sales")),
    ("Kaohsiung", ("Billing", "Collections", "Mobile Support", "Broadband Support",
                   "Business Care", "Retention")),
    ("Hualien", ("Billing", "Mobile Support")),
    ("Vendor A Kaohsiung", ("Billing", "Mobile Support", "Broadband Support", "Retention",
                            "Sales")),
    ("Vendor A Taichung", ("Prepaid", "Mobile Support", "Device Care", "Upgrades")),
    ("Vendor B Taoyuan", ("Billing", "Collections", "Mobile Support", "Sales")),
    ("Vendor B Tainan", ("Prepaid", "Broadband Support", "Retention")),
    ("Vendor C Manila", ("Billing", "Mobile Support", "Device Care", "Business Care",
                         "Sales")),
    ("Vendor C Cebu", ("Prepaid", "Mobile Support", "Broadband Support", "Upgrades")),
    ("Vendor D Kuala Lumpur", ("Billing", "Mobile Support", "Device Care", "Retention")),
    ("Vendor E Ho Chi Minh City", ("Collections", "Mobile Support", "Broadband Support",
                                   "Sales")),
)  # fmt: skip

PROGRAMS: tuple[str, ...] = tuple(f"{site} {line}" for site, lines in SITES for line in lines)
TRENDS = ("improving", "stable", "deteriorating")
TREND_COUNTS = (24, 36, 20)  # programs of each trend, assigned by the seed
VENDOR_QUALITY = -0.3  # mean quality of vendor sites (in-house centres: 0)
CHANNEL_CODES = {"voice": 0, "chat": 1, "email": 2}

# sizes per contact, from the 5,000,000-contact reference engagement
QA_PER_CONTACT = 300_000 / 5_000_000
SURVEY_PER_CONTACT = 200_000 / 5_000_000
QUEUES_PER_CONTACT = 44 / 5_000_000
MIN_QUEUES = 4
QA_PER_AGENT = 20  # monitored transactions per agent over the engagement
MIN_AGENTS = 8


slug = identifier


@dataclass(frozen=True)
class LargeSize:
    """How big each table of the large demo is for ``contacts`` contacts (scaled linearly
    from 5,000,000 contacts: 300,000 QA records, 200,000 survey responses, 44 WFM queues,
    at least 4 and at most one voice and one chat queue per program)."""

    contacts: int = DEFAULT_CONTACTS

    def __post_init__(self) -> None:
        n = self.contacts
        if isinstance(n, bool) or not isinstance(n, int | np.integer):
            raise ValueError(f"contacts must be a whole number, got {n!r}")
        if not MIN_CONTACTS <= n <= MAX_CONTACTS:
            raise ValueError(
                f"contacts must be from {MIN_CONTACTS:,} to {MAX_CONTACTS:,}, got {n:,}"
            )

    @property
    def qa(self) -> int:
        return round(self.contacts * QA_PER_CONTACT)

    @property
    def survey(self) -> int:
        return round(self.contacts * SURVEY_PER_CONTACT)

    @property
    def queues(self) -> int:
        return int(np.clip(round(self.contacts * QUEUES_PER_CONTACT), MIN_QUEUES, 2 * 80))


@dataclass(frozen=True)
class Design:
    """Per-program traits drawn from the seed, as arrays in PROGRAMS order.

    ``archetype``: the demo program each follows; ``vendor``: run by a vendor;
    ``share``: share of the contacts; ``quality``: standard-normal level (higher is
    better, vendor sites lower on average), which moves every KPI level, the repeat rate
    and the survey's satisfaction; ``trend``: index into TRENDS; ``strength``: size of
    the planned trend relative to the demo's; ``agents``: QA head count.
    """

    archetype: np.ndarray
    vendor: np.ndarray
    share: np.ndarray
    quality: np.ndarray
    trend: np.ndarray
    strength: np.ndarray
    agents: np.ndarray

    @classmethod
    def draw(cls, rng: np.random.Generator, size: LargeSize) -> Design:
        lines = [line for _, site_lines in SITES for line in site_lines]
        vendor = np.array([name.startswith("Vendor ") for name in PROGRAMS])
        share = np.exp(rng.normal(0.0, 0.6, len(PROGRAMS)))
        share = share / share.sum()
        quality = rng.normal(np.where(vendor, VENDOR_QUALITY, 0.0), 1.0)
        trend = rng.permutation(np.repeat(np.arange(len(TRENDS)), TREND_COUNTS))
        strength = rng.uniform(0.6, 1.4, len(PROGRAMS))
        qa = size.qa * share
        agents = np.maximum(MIN_AGENTS, np.round(qa / QA_PER_AGENT)).astype(np.int64)
        return cls(
            archetype=np.array([LINES[line] for line in lines], dtype=object),
            vendor=vendor,
            share=share,
            quality=quality,
            trend=trend,
            strength=strength,
            agents=agents,
        )


#: what the large demo holds that an analysis should find, by table
PLANTED: tuple[tuple[str, str], ...] = (
    (
        "kpis",
        "Each program follows the demo program of its line of business (Billing, Prepaid, "
        "Collections: Consumer Billing; the support lines: Technical Support; Retention, "
        "Sales, Upgrades: Retention Sales), its levels moved by its quality (vendor sites "
        "lower on average). 24 programs improve over the last six months as Technical "
        "Support does, 20 deteriorate as Retention Sales does, 36 stay flat (which ones "
        "is drawn from the seed; the size of a change varies by program). Three programs "
        "have no nps two months before the end.",
    ),
    (
        "qa",
        "Process accuracy follows each program's planned critical-error accuracy; agents "
        "differ in error propensity (log-normal, sd 0.5), about 20 records per agent over "
        "the year; monitoring types, codes and causes as in the demo; every program has at "
        "least 5 records.",
    ),
    (
        "contacts",
        "A year of contacts. Repeats come within the same program at its archetype's rate, "
        "lower for better programs: 7-day resolution from about 0.5 to 0.9 by program, "
        "about 0.7 overall; chat repeats more than voice, email in between.",
    ),
    (
        "survey",
        "Every response links to a voice contact of the log whose 7 days lie inside it "
        "(repeat_contact_7d is the log's); overall follows the demo's true model (same beta "
        "and theta); satisfaction also rises with the program's quality. Each driver "
        "rating has its expectation rating exp_<driver>, drawn as the demo's "
        "(copcwb.synth.expectations) within each program of each chunk of 100,000 "
        "responses: reliability missed, tangibles over-served, the other three met.",
    ),
    (
        "journeys",
        "One journey per contact of the log, drawn as the demo's (copcwb.synth.journeys) by "
        "each program's archetype: the support lines break about 45% of their callback "
        "promises (the others 6-8%); an unresolved bot session is mostly followed by a "
        "repeat contact within 7 days; a surveyed contact's IVR, queue and transfer facts "
        "are its response's, and its broken promises and unresolved bot sessions lower its "
        "rating.",
    ),
    (
        "wfm",
        "The busiest voice and chat queues (44 per 5,000,000 contacts, 4 to 160) at the "
        "client's whole volume, 51 weeks: a quarter of the forecasts biased 5-8% either "
        "way, about 12% under-forecast on Monday mornings, about 15% with actual AHT 3-8% "
        "above forecast; a network outage on a Wednesday half-way through surges every "
        "Mobile Support queue x1.6 from 10:00 to 16:00; a third of the Billing-type voice "
        "queues are sized for 95% in 20 s.",
    ),
)
