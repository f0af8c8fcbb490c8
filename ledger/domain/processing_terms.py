"""Why data was processed and on what lawful basis: purposes, Art 6 bases and Art 9
conditions, and DPA 2018 Schedule 1 conditions. ``docs/vocabulary.md`` lists every term.
"""

from __future__ import annotations

from ledger.domain.vocabulary import Vocabulary, term

# -- Purposes: why the data was accessed or shared (the privacy notice's "why"). ----------
# dpv: ids checked against DPV 2.1 (2.1/dpv/modules/purposes.csv).
PURPOSES = Vocabulary(
    "purpose",
    [
        term(
            "dpv:ServiceProvision",
            "Deliver the Troubled Families programme",
            "renamed Supporting Families in 2021; includes understanding and meeting "
            "the needs of families",
        ),
        term(
            "sl:EarlyHelpAndPrevention", "Early help and prevention", "narrows dpv:ServiceProvision"
        ),
        term(
            "sl:IdentifyFamiliesNeedingSupport",
            "Identify families who need support",
            "narrows dpv:ServiceProvision",
        ),
        term(
            "sl:Safeguarding",
            "Safeguarding children and adults at risk",
            "narrows dpv:PublicBenefit; DPV has no safeguarding or vital-interest purpose",
        ),
        term("dpv:ServiceOptimisation", "Service improvement and planning"),
        term(
            "sl:ProgrammeEvaluation",
            "Understand the difference the programme makes",
            "narrows dpv:ResearchAndDevelopment",
        ),
        term(
            "dpv:ResearchAndDevelopment",
            "Research using linked data (National Impact Study)",
            "research only, no decisions about individuals",
        ),
        term(
            "sl:AnonymisedResearch",
            "Research using anonymised data",
            "narrows dpv:ResearchAndDevelopment; the data is anonymised before use",
        ),
        term("dpv:LegalCompliance", "Comply with a legal obligation"),
        term(
            "dpv:RightsFulfillment",
            "Answer a data subject rights request",
            "DPV spells it Fulfillment here, Fulfilment elsewhere",
        ),
        term(
            "sl:CrimePrevention",
            "Prevent or detect crime",
            "narrows dpv:ProtectionOfPublicSecurity",
        ),
    ],
)

# -- Lawful bases (Art 6) and conditions (Art 9) the privacy notice relies on. ------------
# eu-gdpr: ids checked against DPV 2.1 (legal_basis.csv, legal_basis_special.csv).
LEGAL_BASES = Vocabulary(
    "legal basis",
    [
        term("eu-gdpr:A6-1-a", "Art 6(1)(a) consent"),
        term("eu-gdpr:A6-1-c", "Art 6(1)(c) legal obligation"),
        term("eu-gdpr:A6-1-d", "Art 6(1)(d) vital interests"),
        term("eu-gdpr:A6-1-e", "Art 6(1)(e) public task"),
        term("eu-gdpr:A9-2-a", "Art 9(2)(a) explicit consent"),
        term("eu-gdpr:A9-2-b", "Art 9(2)(b) employment and social protection law"),
        term("eu-gdpr:A9-2-c", "Art 9(2)(c) vital interests"),
        term("eu-gdpr:A9-2-f", "Art 9(2)(f) legal claims"),
        term(
            "eu-gdpr:A9-2-g",
            "Art 9(2)(g) substantial public interest",
            "the privacy notice's 'Article 6 Part g'",
        ),
        term("eu-gdpr:A9-2-h", "Art 9(2)(h) health or social care"),
        term("eu-gdpr:A9-2-j", "Art 9(2)(j) archiving, research or statistics"),
    ],
)

# The privacy notice cites "Article 6 Part g": Art 6(1) has no point (g) in UK GDPR; the
# notice means Art 9(2)(g). We record that reading here rather than invent a term.

# -- DPA 2018 Schedule 1 conditions (UK only, so in the sl: namespace). ----------
# No DPA 2018 Schedule 1 identifiers were found in DPV 2.1.
SCHEDULE_1_CONDITIONS = Vocabulary(
    "DPA 2018 Schedule 1 condition",
    [
        term("sl:DPA2018-S1-P1-2", "Sch 1 Pt 1 para 2: health or social care purposes"),
        term("sl:DPA2018-S1-P1-4", "Sch 1 Pt 1 para 4: research"),
        term("sl:DPA2018-S1-P2-6", "Sch 1 Pt 2 para 6: statutory and government purposes"),
        term("sl:DPA2018-S1-P2-10", "Sch 1 Pt 2 para 10: preventing or detecting unlawful acts"),
        term(
            "sl:DPA2018-S1-P2-18",
            "Sch 1 Pt 2 para 18: safeguarding children and individuals at risk",
        ),
        term(
            "sl:DPA2018-S1-P3-36",
            "Sch 1 Pt 3 para 36: extension of Pt 2 conditions to criminal offence data",
        ),
    ],
)
