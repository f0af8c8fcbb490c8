from enum import StrEnum

class ComplaintOutcome(StrEnum):
    SLCOMPLAINTNOTUPHELD = "sl:ComplaintNotUpheld"
    SLCOMPLAINTPARTLYUPHELD = "sl:ComplaintPartlyUpheld"
    SLCOMPLAINTUPHELD = "sl:ComplaintUpheld"

    def __str__(self) -> str:
        return str(self.value)
