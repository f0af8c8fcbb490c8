from enum import StrEnum

class RestrictionException(StrEnum):
    SLA18_2_CONSENT = "sl:A18-2-Consent"
    SLA18_2_LEGALCLAIMS = "sl:A18-2-LegalClaims"
    SLA18_2_OTHERPERSONSRIGHTS = "sl:A18-2-OtherPersonsRights"
    SLA18_2_PUBLICINTEREST = "sl:A18-2-PublicInterest"
    SLA18_2_STORAGE = "sl:A18-2-Storage"

    def __str__(self) -> str:
        return str(self.value)
