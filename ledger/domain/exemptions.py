"""DPA 2018 exemptions a DPO may rely on to withhold a ledger entry from an access response.

A closed vocabulary: each term names the paragraph of the Data Protection Act
2018 (as amended) that restricts UK GDPR Art 15, and what the DPO must judge.
The paragraphs, from legislation.gov.uk (``docs/subject-access.md`` cites each):

* Sch 2 Part 1 para 2(1): crime and taxation. Art 15 does not apply to
  personal data processed for (a) the prevention or detection of crime or (b)
  the apprehension or prosecution of offenders, to the extent that applying
  it would be likely to prejudice those matters (a police enquiry, say).
* Sch 2 Part 1 para 5(3): legal proceedings. Art 15 does not apply where
  disclosure of the data is necessary for legal proceedings, legal advice or
  legal rights, to the extent that applying it would prevent that disclosure.
* Sch 2 Part 3 para 16: protection of the rights of others. Art 15 does not
  oblige disclosing information relating to another identifiable individual,
  unless they consent or it is reasonable without consent (para 16(2)-(3)).
* Sch 2 Part 4 para 19: legal professional privilege.
* Sch 3 Part 2 para 5: health data, the serious harm test of para 2(2).
* Sch 3 Part 3 para 11: social work data, the serious harm test of para 7(2):
  disclosure would be likely to prejudice carrying out social work because
  it would be likely to cause serious harm to the physical or mental health
  of the data subject or another individual.
"""

from __future__ import annotations

from ledger.domain.vocabulary import Vocabulary, term

EXEMPTIONS = Vocabulary(
    "DPA 2018 exemption",
    [
        term(
            "sl:DPA2018-S2-1-2",
            "DPA 2018 Sch 2 para 2: crime and taxation",
            "disclosure would be likely to prejudice the prevention or detection of crime "
            "or the apprehension or prosecution of offenders",
        ),
        term(
            "sl:DPA2018-S2-1-5-3",
            "DPA 2018 Sch 2 para 5(3): legal proceedings",
            "applying Art 15 would prevent a disclosure necessary for legal proceedings, "
            "legal advice or establishing, exercising or defending legal rights",
        ),
        term(
            "sl:DPA2018-S2-3-16",
            "DPA 2018 Sch 2 para 16: protection of the rights of others",
            "the entry would disclose information relating to another identifiable individual "
            "who has not consented, and disclosure without consent is not reasonable",
        ),
        term(
            "sl:DPA2018-S2-4-19",
            "DPA 2018 Sch 2 para 19: legal professional privilege",
            "the entry is subject to legal professional privilege",
        ),
        term(
            "sl:DPA2018-S3-2-5",
            "DPA 2018 Sch 3 para 5: health data, serious harm",
            "disclosure would be likely to cause serious harm to the physical or mental health "
            "of the person or another individual (para 2(2)), on a health professional's opinion",
        ),
        term(
            "sl:DPA2018-S3-3-11",
            "DPA 2018 Sch 3 para 11: social work data, serious harm",
            "disclosure would be likely to prejudice carrying out social work because it would "
            "be likely to cause serious harm to the physical or mental health of the person "
            "or another individual (para 7(2))",
        ),
    ],
)
