from enum import StrEnum

class DeclineReason(StrEnum):
    SLNOAGREEMENT = "sl:NoAgreement"
    SLNOLAWFULBASIS = "sl:NoLawfulBasis"
    SLNOTNECESSARY = "sl:NotNecessary"
    SLOBJECTIONUPHELD = "sl:ObjectionUpheld"
    SLRECIPIENTNOTVERIFIED = "sl:RecipientNotVerified"
    SLRESTRICTIONINFORCE = "sl:RestrictionInForce"
    SLRISKOFHARM = "sl:RiskOfHarm"

    def __str__(self) -> str:
        return str(self.value)
