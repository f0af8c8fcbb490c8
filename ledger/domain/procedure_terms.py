"""The procedures' closed vocabularies: partner kinds, Art 18 grounds and exceptions,
channels, rights request kinds, reasons not to share, objection outcomes, complaints,
and the statutes the privacy notice cites. ``docs/vocabulary.md`` lists every term.
"""

from __future__ import annotations

from ledger.domain.vocabulary import Vocabulary, term

# -- Kinds of partner the privacy notice says it shares with. ------------------------------
PARTNER_TYPES = Vocabulary(
    "partner type",
    [
        term("sl:LocalAuthority", "The council itself and its departments"),
        term("sl:Health", "Health (NHS trusts, GPs, clinical commissioning)"),
        term("sl:SocialServices", "Social services"),
        term("sl:Housing", "Housing services and providers"),
        term("sl:Police", "Police", "DPA 2018 Part 3 competent authority"),
        term("sl:FireAndRescue", "Fire and rescue services"),
        term("sl:DomesticAbuse", "Domestic abuse services"),
        term("sl:SubstanceMisuseService", "Substance misuse services"),
        term("sl:YoungPeoplesServices", "Young people's services"),
        term(
            "sl:ProbationAndPrisons",
            "Probation and HM Prison services",
            "DPA 2018 Part 3 competent authority",
        ),
        term("sl:YouthJustice", "Youth justice service"),
        term("sl:HealthVisitingAndSchoolNursing", "Health visiting and school nursing"),
        term("sl:Education", "Education services and schools"),
        term("sl:DWP", "Department for Work and Pensions"),
        term("sl:MHCLG", "Department for Communities and Local Government (now MHCLG)"),
        term("sl:PublicHealth", "Public Health and the Families Health and Wellbeing Consortium"),
        term("sl:NationalEvaluation", "National Impact Study evaluator (research only)"),
    ],
)

# -- Art 18(1): the grounds on which a person may have processing restricted. ---
# DPV 2.1 has eu-gdpr:A18 (the right) but no concept per Art 18(1) point, so these
# are sl: terms with the same local names.
RESTRICTION_GROUNDS = Vocabulary(
    "restriction ground",
    [
        term("sl:A18-1-a", "Art 18(1)(a) accuracy contested", "narrows eu-gdpr:A18"),
        term(
            "sl:A18-1-b", "Art 18(1)(b) unlawful processing, erasure opposed", "narrows eu-gdpr:A18"
        ),
        term(
            "sl:A18-1-c",
            "Art 18(1)(c) needed by the person for legal claims",
            "narrows eu-gdpr:A18",
        ),
        term("sl:A18-1-d", "Art 18(1)(d) objection pending verification", "narrows eu-gdpr:A18"),
    ],
)

# -- Art 18(2): the only processing allowed while a restriction stands. --------
RESTRICTION_EXCEPTIONS = Vocabulary(
    "Art 18(2) exception",
    [
        term("sl:A18-2-Storage", "Storage only"),
        term("sl:A18-2-Consent", "With the person's consent"),
        term("sl:A18-2-LegalClaims", "Establishment, exercise or defence of legal claims"),
        term("sl:A18-2-OtherPersonsRights", "Protection of the rights of another person"),
        term("sl:A18-2-PublicInterest", "Important reasons of public interest"),
    ],
)

# -- How data travelled to a recipient. ----------------------------------------
CHANNELS = Vocabulary(
    "channel",
    [
        term("sl:SecureEmail", "Secure email"),
        term("sl:SecurePortal", "Secure file transfer portal"),
        term("sl:SystemToSystem", "System-to-system interface"),
        term("sl:Meeting", "Multi-agency meeting (e.g. MASH)"),
        term("sl:Telephone", "Telephone"),
        term("sl:Post", "Post"),
    ],
)

# -- Data subject rights requests the ledger tracks. ----------------------------
# eu-gdpr: ids checked against DPV 2.1 (2.1/legal/eu/gdpr/modules/rights.csv).
REQUEST_KINDS = Vocabulary(
    "rights request kind",
    [
        term("eu-gdpr:A15", "Art 15 right of access"),
        term("eu-gdpr:A16", "Art 16 right to rectification"),
        term("eu-gdpr:A17", "Art 17 right to erasure"),
        term("eu-gdpr:A18", "Art 18 right to restriction of processing"),
        term("eu-gdpr:A21", "Art 21 right to object"),
    ],
)

# -- Reasons recorded with a decision not to share (ICO Data Sharing Code). ----
DECLINE_REASONS = Vocabulary(
    "reason not to share",
    [
        term("sl:NoLawfulBasis", "No lawful basis for the share"),
        term("sl:NotNecessary", "Not necessary or proportionate for the purpose"),
        term("sl:NoAgreement", "No information sharing agreement covers it"),
        term("sl:RestrictionInForce", "A restriction of processing is in force"),
        term("sl:ObjectionUpheld", "The person's objection was upheld"),
        term("sl:RiskOfHarm", "Sharing would put someone at risk"),
        term("sl:RecipientNotVerified", "The recipient's identity could not be verified"),
    ],
)

# -- Outcomes of an Art 21 objection. -------------------------------------------
OBJECTION_OUTCOMES = Vocabulary(
    "objection outcome",
    [
        term("sl:ObjectionUpheld", "Upheld: processing for that purpose stops"),
        term(
            "sl:CompellingGrounds", "Rejected: compelling legitimate grounds override (Art 21(1))"
        ),
        term("sl:LegalClaims", "Rejected: needed for legal claims (Art 21(1))"),
    ],
)

# -- Complaints about the council's handling of personal data (UK GDPR Art 77, DPA 2018
# s.164A as the Data (Use and Access) Act 2025 s.103 inserted it: a controller must
# facilitate complaints, acknowledge them within 30 days and tell the complainant the
# outcome; docs/complaints.md). DPV 2.1 has no concepts for these: sl: terms.
COMPLAINANTS = Vocabulary(
    "complainant",
    [
        term("sl:ComplainantDataSubject", "The person the data is about"),
        term(
            "sl:ComplainantRepresentative",
            "Someone acting for the person (Art 80, or with consent)",
        ),
        term(
            "sl:ComplainantICO", "The Information Commissioner's Office (with its case reference)"
        ),
    ],
)

COMPLAINT_ISSUES = Vocabulary(
    "complaint issue",
    [
        term("sl:IssueLateResponse", "A rights request was answered late (Art 12(3))"),
        term("sl:IssueRequestRefused", "A rights request was refused"),
        term("sl:IssueInaccurateData", "The data held is inaccurate or incomplete (Art 16)"),
        term("sl:IssueUnlawfulSharing", "Data was shared without a lawful basis"),
        term("sl:IssueRestrictionNotHonoured", "A restriction of processing was not honoured"),
        term("sl:IssueSecurity", "Data was lost, exposed or not kept secure (Art 5(1)(f))"),
        term("sl:IssueOther", "Another data protection concern"),
    ],
)

COMPLAINT_OUTCOMES = Vocabulary(
    "complaint outcome",
    [
        term("sl:ComplaintUpheld", "Upheld"),
        term("sl:ComplaintPartlyUpheld", "Partly upheld"),
        term("sl:ComplaintNotUpheld", "Not upheld"),
    ],
)

# What the ICO told the council at the end of its case: the outcomes the ICO lists for
# a data protection complaint ("What are the possible outcomes of my complaint?", ico.org.uk).
ICO_DECISIONS = Vocabulary(
    "ICO decision",
    [
        term("sl:ICONoInfringement", "No infringement found: no further action"),
        term("sl:ICOInfringementAdvice", "Infringement: advice or recommendations to the council"),
        term("sl:ICOInfringementAction", "Infringement: the council must take steps"),
        term("sl:ICORegulatoryAction", "Referred for regulatory action"),
        term("sl:ICONotPursued", "Logged by the ICO for intelligence: no further action"),
    ],
)

# -- Statutes the privacy notice lists under "What allows you to use my information?". ---
# UK legislation, so sl: terms: no DPV 2.1 identifiers were found. The label is
# the instrument's proper title; the note records where the privacy notice words it
# differently.
STATUTORY_GATEWAYS = Vocabulary(
    "statutory gateway",
    [
        term("sl:DigitalEconomyAct2017", "Digital Economy Act 2017"),
        term(
            "sl:ChildrenAct2004", "Children Act 2004", "the notice says: 'The Children's Act 2004'"
        ),
        term(
            "sl:NationalHealthServiceAct2006",
            "National Health Service Act 2006",
            "the notice says: 'The NHS Act 2006'",
        ),
        term(
            "sl:ChildrenAndFamiliesAct2014",
            "Children and Families Act 2014",
            "the notice says: 'The Children's and Families Act 2014'",
        ),
        term("sl:CrimeAndDisorderAct1998", "Crime and Disorder Act 1998"),
        term("sl:EducationAct2002", "Education Act 2002"),
        term("sl:LocalismAct2011", "Localism Act 2011"),
        term("sl:LocalGovernmentAct2000", "Local Government Act 2000"),
        term(
            "sl:CriminalJusticeAct2003",
            "Criminal Justice Act 2003",
            "the notice says: 'Criminal Justice Act 2002', which does not exist; read as the 2003 "
            "Act (s325 MAPPA co-operation). To confirm with the council's DPO",
        ),
        term("sl:SexualOffencesAct2003", "Sexual Offences Act 2003"),
        term("sl:PoliceAndCriminalEvidenceAct1984", "Police and Criminal Evidence Act 1984"),
        term("sl:ChildrenLeavingCareAct2000", "Children (Leaving Care) Act 2000"),
        term(
            "sl:SENDRegulations2014",
            "Special Educational Needs and Disability Regulations 2014",
            "the notice says: '... Regulations Act 2014'; a statutory instrument (SI 2014/1530) "
            "made under the Children and Families Act 2014, not an Act",
        ),
        term("sl:ImmigrationAndAsylumAct1999", "Immigration and Asylum Act 1999"),
        term("sl:EducationAndSkillsAct2008", "Education and Skills Act 2008"),
        term(
            "sl:ProtectionOfChildrenAct1999",
            "Protection of Children Act 1999",
            "the notice says: 'Protection of Children Act 1998', which does not exist; read as the "
            "1999 Act (the 1978 Act is the other candidate). To confirm with the DPO",
        ),
    ],
)
