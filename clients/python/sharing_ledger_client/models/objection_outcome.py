from enum import StrEnum

class ObjectionOutcome(StrEnum):
    SLCOMPELLINGGROUNDS = "sl:CompellingGrounds"
    SLLEGALCLAIMS = "sl:LegalClaims"
    SLOBJECTIONUPHELD = "sl:ObjectionUpheld"

    def __str__(self) -> str:
        return str(self.value)
