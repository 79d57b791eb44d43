"""The fixed design of the demo engagement: programs, queues, metric plans and planted effects."""

from __future__ import annotations

from dataclasses import dataclass

CLIENT = "Acme Telecom (demo)"
TIMEZONE = "Asia/Taipei"
UTC_OFFSET = "+08:00"

BILLING = "Consumer Billing"
SUPPORT = "Technical Support"
SALES = "Retention Sales"
PROGRAMS: tuple[str, ...] = (BILLING, SUPPORT, SALES)

# queue -> (program, channel)
QUEUES: tuple[tuple[str, str, str], ...] = (
    ("billing_voice", BILLING, "voice"),
    ("support_voice", SUPPORT, "voice"),
    ("sales_voice", SALES, "voice"),
    ("support_chat", SUPPORT, "chat"),
)
CHANNELS: tuple[str, ...] = ("voice", "chat", "email")

#: contacts a year of each program, as the demo client states them (its WFM queues
#: annualised: about 620,000, 205,000 and 1,320,000)
DEMO_ANNUAL_VOLUME: dict[str, int] = {BILLING: 620_000, SUPPORT: 1_320_000, SALES: 205_000}
#: who owns each class of action: role -> {action class: R, A, S, I or C}
DEMO_RASIC: dict[str, dict[str, str]] = {
    "Operations manager": {"process_change": "R", "loss_control": "A", "coaching": "A"},
    "Team leaders": {"coaching": "R", "loss_control": "R", "process_change": "S"},
    "Quality manager": {"loss_control": "S", "process_change": "A", "training": "A"},
    "Training lead": {"training": "R", "coaching": "S"},
    "WFM lead": {"process_change": "C"},
    "IT and product owner": {"system_change": "R"},
    "Client sponsor": {"system_change": "A", "process_change": "I", "loss_control": "I"},
}
#: the demo's role names in the languages of a report (the client writes its own roles)
DEMO_ROLE_NAMES: dict[str, dict[str, str]] = {
    "zh-Hant": {
        "Operations manager": "營運經理",
        "Team leaders": "組長",
        "Quality manager": "品質經理",
        "Training lead": "訓練主管",
        "WFM lead": "人力規劃主管",
        "IT and product owner": "資訊與產品負責人",
        "Client sponsor": "委託單位主辦人",
    },
    "zh-Hans": {
        "Operations manager": "运营经理",
        "Team leaders": "组长",
        "Quality manager": "质量经理",
        "Training lead": "培训主管",
        "WFM lead": "人力规划主管",
        "IT and product owner": "IT 与产品负责人",
        "Client sponsor": "委托方负责人",
    },
}


def demo_rasic(language: str = "en") -> dict[str, dict[str, str]]:
    """The demo's RASIC matrix with its roles named in ``language``."""
    names = DEMO_ROLE_NAMES.get(language, {})
    return {names.get(role, role): letters for role, letters in DEMO_RASIC.items()}


DRIVERS: tuple[str, ...] = ("reliability", "responsiveness", "assurance", "empathy", "tangibles")
OPERATIONAL: tuple[str, ...] = ("ivr_seconds", "wait_seconds", "transfers", "repeat_contact_7d")
CRITICAL_ERRORS: tuple[str, ...] = ("customer_ce", "business_ce", "compliance_ce")
#: the demo survey's columns, in the order its file has them
SURVEY_COLUMNS: tuple[str, ...] = (
    "response_id",
    "program",
    "contact_id",
    "overall",
    *DRIVERS,
    *OPERATIONAL,
    *CRITICAL_ERRORS,
)

# ---------------------------------------------------------------------------------------------
# KPI plan. Each entry is (value before the last six months, value in the latest month); equal
# values mean a flat series. The change is a straight line over the last six months.
METRICS: tuple[str, ...] = (
    "service_level",
    "asa_s",
    "abandon_rate",
    "customer_ce_accuracy",
    "business_ce_accuracy",
    "compliance_ce_accuracy",
    "fcr_7d",
    "cost_per_contact",
    "aht_s",
    "occupancy",
    "shrinkage",
    "conversion_rate",
    "cross_sell_rate",
    "csat_top2",
    "dsat",
    "nps",
    "attrition_rate_annual",
    "forecast_accuracy_interval",
    "schedule_adherence",
)
#: metrics of the strategic stage that only some programs report (``STRATEGIC_PLAN``)
STRATEGIC_METRICS: tuple[str, ...] = ("employee_satisfaction", "kb_update_timeliness")

# month-to-month noise (standard deviation) of a flat series, in the metric's unit
METRIC_NOISE: dict[str, float] = {
    "service_level": 0.008,
    "asa_s": 1.5,
    "abandon_rate": 0.003,
    "customer_ce_accuracy": 0.003,
    "business_ce_accuracy": 0.003,
    "compliance_ce_accuracy": 0.001,
    "fcr_7d": 0.006,
    "cost_per_contact": 0.06,
    "aht_s": 4.0,
    "occupancy": 0.008,
    "shrinkage": 0.006,
    "conversion_rate": 0.004,
    "cross_sell_rate": 0.003,
    "csat_top2": 0.006,
    "dsat": 0.003,
    "nps": 1.2,
    "attrition_rate_annual": 0.01,
    "forecast_accuracy_interval": 0.01,
    "schedule_adherence": 0.006,
    "employee_satisfaction": 0.008,
    "kb_update_timeliness": 0.004,
}

# decimals kept for each metric (shares 4, seconds 1, currency 2, score 1)
METRIC_DECIMALS: dict[str, int] = {
    m: (1 if m in ("asa_s", "aht_s", "nps") else 2 if m == "cost_per_contact" else 4)
    for m in (*METRICS, *STRATEGIC_METRICS)
}

KPI_PLAN: dict[str, dict[str, tuple[float, float]]] = {
    # stable near (mostly above) target; service level far above target at a cost
    BILLING: {
        "service_level": (0.97, 0.97),
        "asa_s": (6.0, 6.0),
        "abandon_rate": (0.015, 0.015),
        "customer_ce_accuracy": (0.958, 0.958),
        "business_ce_accuracy": (0.966, 0.966),
        "compliance_ce_accuracy": (0.993, 0.993),
        "fcr_7d": (0.785, 0.785),
        "cost_per_contact": (5.60, 5.60),
        "aht_s": (285.0, 285.0),
        "occupancy": (0.70, 0.70),
        "shrinkage": (0.285, 0.285),
        "conversion_rate": (0.165, 0.165),
        "cross_sell_rate": (0.108, 0.108),
        "csat_top2": (0.865, 0.865),
        "dsat": (0.042, 0.042),
        "nps": (34.0, 34.0),
        "attrition_rate_annual": (0.27, 0.27),
        "forecast_accuracy_interval": (0.83, 0.83),
        "schedule_adherence": (0.925, 0.925),
    },
    # clearly improving on most metrics over the last six months
    SUPPORT: {
        "service_level": (0.66, 0.81),
        "asa_s": (75.0, 28.0),
        "abandon_rate": (0.085, 0.045),
        "customer_ce_accuracy": (0.925, 0.948),
        "business_ce_accuracy": (0.935, 0.955),
        "compliance_ce_accuracy": (0.982, 0.991),
        "fcr_7d": (0.64, 0.74),
        "cost_per_contact": (7.20, 6.10),
        "aht_s": (610.0, 520.0),
        "occupancy": (0.80, 0.86),
        "shrinkage": (0.35, 0.31),
        "conversion_rate": (0.060, 0.060),
        "cross_sell_rate": (0.050, 0.050),
        "csat_top2": (0.74, 0.83),
        "dsat": (0.100, 0.060),
        "nps": (12.0, 27.0),
        "attrition_rate_annual": (0.45, 0.36),
        "forecast_accuracy_interval": (0.70, 0.79),
        "schedule_adherence": (0.86, 0.905),
    },
    # deteriorating over the last six months (service, satisfaction, conversion, attrition)
    SALES: {
        "service_level": (0.82, 0.68),
        "asa_s": (25.0, 62.0),
        "abandon_rate": (0.045, 0.085),
        "customer_ce_accuracy": (0.900, 0.885),
        "business_ce_accuracy": (0.930, 0.930),
        "compliance_ce_accuracy": (0.976, 0.976),
        "fcr_7d": (0.72, 0.66),
        "cost_per_contact": (6.50, 6.50),
        "aht_s": (560.0, 560.0),
        "occupancy": (0.86, 0.91),
        "shrinkage": (0.30, 0.34),
        "conversion_rate": (0.19, 0.14),
        "cross_sell_rate": (0.120, 0.120),
        "csat_top2": (0.84, 0.73),
        "dsat": (0.060, 0.110),
        "nps": (25.0, 8.0),
        "attrition_rate_annual": (0.38, 0.52),
        "forecast_accuracy_interval": (0.78, 0.78),
        "schedule_adherence": (0.89, 0.89),
    },
}

# one month of one metric of one program is missing: this many months before the latest month
MISSING_KPI: tuple[str, str, int] = (BILLING, "nps", 2)

# The maturity ladder, planted: the STRATEGIC_METRICS of the programs that report them,
# drawn after every series of KPI_PLAN (so those keep their values).
STRATEGIC_PLAN: dict[str, dict[str, tuple[float, float]]] = {
    BILLING: {"employee_satisfaction": (0.80, 0.80), "kb_update_timeliness": (0.97, 0.97)},
    SALES: {"employee_satisfaction": (0.74, 0.62), "kb_update_timeliness": (0.96, 0.96)},
}
# this program measures no metric of this stage: its rows of them are dropped (its nps)
UNMEASURED_STAGE: tuple[str, str] = (SUPPORT, "strategic")

# ---------------------------------------------------------------------------------------------
# QA: critical-error codes (code, cause, weight within its error type)
ERROR_CODES: dict[str, tuple[tuple[str, str, float], ...]] = {
    "customer_ce": (
        ("CE-WRONG-INFO", "process", 0.35),
        ("CE-NOT-RESOLVED", "process", 0.25),
        ("CE-LONG-HOLD", "process", 0.15),
        ("CE-NO-FOLLOWUP", "agent", 0.15),
        ("CE-RUDE", "agent", 0.10),
    ),
    "business_ce": (
        ("BE-WRONG-CREDIT", "process", 0.40),
        ("BE-WRONG-PLAN", "process", 0.25),
        ("BE-NO-OFFER", "agent", 0.35),
    ),
    "compliance_ce": (
        ("CO-NO-DISCLOSURE", "process", 0.30),
        ("CO-NO-VERIFY", "agent", 0.50),
        ("CO-DATA-PRIVACY", "agent", 0.20),
    ),
}
QA_ACCURACY_METRIC = {
    "customer_ce": "customer_ce_accuracy",
    "business_ce": "business_ce_accuracy",
    "compliance_ce": "compliance_ce_accuracy",
}
QA_RECORDS_PER_MONTH = 300
QA_MONITORING_SHARES: tuple[tuple[str, float], ...] = (
    ("process", 0.75),
    ("individual", 0.15),
    ("targeted", 0.10),
)
# error-rate multiplier of targeted monitoring (high-risk calls); individual monitoring picks
# weak agents (weights proportional to the square of the agent's error propensity) and adds this
QA_TARGETED_FACTOR = 3.0
QA_INDIVIDUAL_FACTOR = 1.6
# process or people, planted: Consumer Billing's agents share one process rate but two,
# whose error propensity is 8 times the others'; Technical Support's agents vary as
# everywhere (log-normal spread), and three of them add a customer-critical error with
# code CE-NO-FOLLOWUP to 30% of their calls; Retention Sales only varies.
QA_ONE_RATE_PROGRAM = BILLING
QA_OUTLIERS = (2, 8.0)  # agents, propensity relative to the others
QA_CODE_PLANT = (SUPPORT, "CE-NO-FOLLOWUP", 3, 0.30)  # program, code, agents, extra rate

# ---------------------------------------------------------------------------------------------
# Survey: the true proportional-odds model, logit P(Y <= k) = theta_k - x'beta
SURVEY_BETA: tuple[tuple[str, float], ...] = (
    ("reliability", 1.00),
    ("responsiveness", 0.70),
    ("assurance", 0.25),
    ("empathy", 0.40),
    ("tangibles", 0.00),
    ("customer_ce", -1.30),
    ("business_ce", 0.00),
    ("compliance_ce", 0.00),
    ("ivr_over_120s", -0.010),  # per second of IVR time above 120 s (-0.6 per minute)
    ("wait_seconds", 0.00),  # acts only through the responsiveness rating
    ("transfers", -0.35),
    ("repeat_contact_7d", -0.50),
)
IVR_THRESHOLD_S = 120.0
SURVEY_THETA: tuple[float, ...] = (3.60, 4.80, 6.10, 8.70)
SURVEY_RESPONSES = 4000
SURVEY_LINKED_SHARE = 0.75


# ---------------------------------------------------------------------------------------------
# Calibration: process transactions of the QA file's last CALIBRATION_MONTHS months, chosen to
# hold errors of every type (CALIBRATION_SAMPLE: transactions with each flag, then clean ones),
# scored again by each evaluator. Taking the QA record as the truth, a regular evaluator flags
# an error the record has with probability CALIBRATION_DETECT (by type), one it does not have
# with CALIBRATION_FALSE_FLAG, and writes another code of the type than the record's with
# CALIBRATION_CODE_SLIP; the lenient evaluator flags an error the record has only with
# CALIBRATION_LENIENT_DETECT (it misses about half the errors the others find).
CALIBRATION_EVALUATORS: tuple[str, ...] = ("E01", "E02", "E03", "E04")
CALIBRATION_LENIENT = "E03"
CALIBRATION_MONTHS = 6
CALIBRATION_SAMPLE: tuple[tuple[str, int], ...] = (
    ("customer_ce", 14),
    ("business_ce", 12),
    ("compliance_ce", 10),
    ("clean", 20),
)
CALIBRATION_DETECT: dict[str, float] = {
    "customer_ce": 0.97,
    "business_ce": 0.97,
    "compliance_ce": 0.85,
}
CALIBRATION_LENIENT_DETECT = 0.5
CALIBRATION_FALSE_FLAG = 0.01
CALIBRATION_CODE_SLIP = 0.10


@dataclass(frozen=True)
class DemoSpec:
    """What the demo engagement contains and what an analysis of it should find."""

    client: str
    timezone: str
    programs: tuple[str, ...]
    queues: tuple[tuple[str, str, str], ...]
    channels: tuple[str, ...]
    metrics: tuple[str, ...]
    drivers: tuple[str, ...]
    operational: tuple[str, ...]
    critical_errors: tuple[str, ...]
    survey_true_beta: tuple[tuple[str, float], ...]
    survey_true_theta: tuple[float, ...]
    ivr_threshold_s: float
    planted: tuple[tuple[str, str], ...]

    def planted_in(self, table: str) -> tuple[str, ...]:
        """The planted effects of one table ("kpis", "qa", "contacts", "survey", "wfm",
        "journeys", "calibration")."""
        return tuple(text for t, text in self.planted if t == table)


PLANTED: tuple[tuple[str, str], ...] = (
    (
        "kpis",
        "Technical Support improves steadily over the last six months on 16 of its 18 "
        "metrics (service level 0.66 -> 0.81, ASA 75 -> 28 s, CSAT top-2 0.74 -> 0.83, ...); "
        "only conversion_rate and cross_sell_rate are flat. It meets few targets yet, so it "
        "is improving but not ready.",
    ),
    (
        "kpis",
        "The maturity ladder: Technical Support reports no metric of the strategic stage (no "
        "nps, employee satisfaction or knowledge-base timeliness), so it stops at refined "
        "with every strategic metric 'not measured'. Consumer Billing also reports employee "
        "satisfaction (0.80) and knowledge-base timeliness (0.97), both meeting target, and "
        "reaches strategic; Retention Sales reports them too, its employee satisfaction "
        "falling 0.74 -> 0.62, and reaches no stage.",
    ),
    (
        "kpis",
        "Retention Sales deteriorates over the last six months: service level 0.82 -> 0.68, "
        "ASA 25 -> 62 s, abandon 0.045 -> 0.085, CSAT top-2 0.84 -> 0.73, DSAT 0.06 -> 0.11, "
        "NPS 25 -> 8, conversion 0.19 -> 0.14, FCR 0.72 -> 0.66, attrition 0.38 -> 0.52, "
        "customer-critical accuracy 0.900 -> 0.885; occupancy rises 0.86 -> 0.91 (understaffing, "
        "an 'improvement' for the wrong reason).",
    ),
    (
        "kpis",
        "Consumer Billing is flat and meets almost every target; service level 0.97 against a "
        "0.80 target (ASA 6 s) with occupancy 0.70 and cost per contact 5.60 above the 5.00 "
        "target: possible over-investment in service level.",
    ),
    (
        "kpis",
        "Consumer Billing nps has no value two months before the latest month, so its trend "
        "run is broken and its trend is 'insufficient'.",
    ),
    (
        "qa",
        "About 75% process, 15% individual and 10% targeted monitoring. Individual monitoring "
        "picks weak agents and targeted monitoring high-risk calls, so both show error rates "
        "about 2.5-3 times the process rate; pooling them biases the process accuracy down.",
    ),
    (
        "qa",
        "Process accuracy follows the KPI plan: Retention Sales is worst (customer 0.900 -> "
        "0.885, business 0.93, compliance 0.976), Technical Support improves over the last six "
        "months (customer 0.925 -> 0.948), Consumer Billing is stable (customer 0.958, "
        "business 0.966, compliance 0.993).",
    ),
    (
        "qa",
        "About 75% of customer-critical error codes in process monitoring have process causes "
        "(CE-WRONG-INFO, CE-NOT-RESOLVED, CE-LONG-HOLD), 25% agent causes (CE-NO-FOLLOWUP, "
        "CE-RUDE); individual monitoring doubles the weight of agent causes (about 40%). "
        "Agents differ in error propensity (log-normal, sd 0.5). A record with several "
        "errors lists its codes joined by ';'.",
    ),
    (
        "contacts",
        "Repeat contacts by the same customer (85% about the same reason): 7-day resolution "
        "about 0.80 Consumer Billing, 0.73 Technical Support, 0.66 Retention Sales, 0.74 "
        "overall; chat clearly worse than voice (about 0.66 vs 0.78), email in between. Of "
        "the gaps to a customer's next contact about 42% are within 48 h, 33% 2-7 days, 18% "
        "8-20 days (resolved at 7 days, not at 21) and 6% longer (unrelated issues).",
    ),
    (
        "survey",
        "overall follows a true proportional-odds model logit P(Y<=k) = theta_k - x'beta with "
        "beta: reliability 1.00, responsiveness 0.70, empathy 0.40, assurance 0.25, "
        "tangibles 0; customer_ce -1.30 (customer-critical), business_ce 0, compliance_ce 0; "
        "IVR hinge -0.010 per second above 120 s (no effect below); transfers -0.35 each; "
        "repeat_contact_7d -0.50; wait_seconds 0 directly (it lowers the responsiveness "
        "rating). theta = (3.6, 4.8, 6.1, 8.7).",
    ),
    (
        "survey",
        "Reliability has the largest effect and the lowest mean rating (about 3.5 of 5: fix "
        "first); tangibles (about 4.1, no effect) and empathy rate highest. Ratings correlate "
        "about 0.45 (VIF about 1.6). Retention Sales respondents rate lower. A "
        "customer-critical error lowers the reliability rating too. overall is about 5% 1, "
        "6% 2, 11% 3, 37% 4, 41% 5; top-2 about 0.82 Consumer Billing, 0.77 Technical "
        "Support, 0.72 Retention Sales. About 30% of IVR times exceed 120 s.",
    ),
    (
        "survey",
        "Each driver rating has an expectation rating exp_<driver> (the five service-quality "
        "dimensions): a perception of the same program permuted, then moved. Reliability's "
        "expectation is 0, 1 or 2 points above it (25%, 55%, 20%; clipped at 5): expectations "
        "missed by about 0.7 points in every program; tangibles' is 1 point below it in 60% "
        "of responses: over-served by about 0.6 points; responsiveness, assurance and empathy "
        "are met (a gap of exactly 0 in every program).",
    ),
    (
        "survey",
        "About 75% of responses link to voice contacts in contacts.csv (their "
        "repeat_contact_7d is computed from the contact log); the rest answer about earlier "
        "contacts outside the extract.",
    ),
    (
        "journeys",
        "One journey per contact of contacts.csv; a surveyed contact's ivr_seconds, "
        "queue_seconds (its wait_seconds) and transfers are its survey response's, so long "
        "IVR times hurt beyond 120 s as the survey's true model says. Technical Support "
        "breaks its callback promises: about 45% are late by more than 15 minutes or never "
        "made (6-8% in the other programs), and a broken promise lowers the rating (its "
        "facts are drawn given the rating by Bayes' rule with an effect of -2.5 on the "
        "latent satisfaction).",
    ),
    (
        "journeys",
        "Bot sessions (30% of voice, 80% of chat contacts): one that did not resolve the "
        "request is mostly followed by a repeat contact within 7 days (a dead end: 60% of "
        "the contacts followed by a repeat had an unresolved session, 15% of the others) "
        "and lowers the rating (effect -1.2). Cases (10%, 25%, 6% of the contacts) have a "
        "4-hour (30%) or 24-hour SLA, about 88% met; some are still open at the end. About "
        "7% of contacts are not recorded as resolved, 20% of those followed by a repeat.",
    ),
    (
        "wfm",
        "support_voice is under-forecast by about 15% on Monday mornings (08:00-12:00).",
    ),
    (
        "wfm",
        "An unforecast outage: Wednesday of week 6 (or the last week if shorter), 10:00-16:00, "
        "actual volume x1.6 on support_voice and support_chat.",
    ),
    (
        "wfm",
        "support_chat is over-forecast by about 4% overall; sales_voice (the smallest queue) "
        "has the noisiest forecast; actual AHT on support_voice runs about 4% above forecast; "
        "actual shrinkage is higher on Mondays.",
    ),
    (
        "wfm",
        "scheduled_agents come from Erlang C sizing of the forecast (80% in 20 s; chat 80% in "
        "60 s) divided by (1 - forecast_shrinkage); billing_voice is sized for 95% in 20 s "
        "(the over-investment seen in the Consumer Billing KPIs).",
    ),
    (
        "calibration",
        "56 process transactions of the QA file's last six months (14 with a customer-critical "
        "error, 12 with a business-critical error, 10 with a compliance-critical error, 20 "
        "without any) scored again by four evaluators, E01 to E04. E03 is lenient: it flags "
        "half of the errors the QA record has, where the others flag 97% of customer- and "
        "business-critical errors and 85% of compliance-critical ones (1% false flags); 10% "
        "of the others' codes differ from the record's. The deviation from the consensus of "
        "the other evaluators finds E03 more lenient; kappa is about 0.75 for customer- and "
        "business-critical errors (trusted at 0.6), lower for compliance-critical errors and "
        "for error codes.",
    ),
)

DEMO = DemoSpec(
    client=CLIENT,
    timezone=TIMEZONE,
    programs=PROGRAMS,
    queues=QUEUES,
    channels=CHANNELS,
    metrics=METRICS,
    drivers=DRIVERS,
    operational=OPERATIONAL,
    critical_errors=CRITICAL_ERRORS,
    survey_true_beta=SURVEY_BETA,
    survey_true_theta=SURVEY_THETA,
    ivr_threshold_s=IVR_THRESHOLD_S,
    planted=PLANTED,
)
