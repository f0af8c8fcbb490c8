from enum import StrEnum

class Kind(StrEnum):
    CASE = "case"
    NHS = "nhs"
    NINO = "nino"
    UPN = "upn"

    def __str__(self) -> str:
        return str(self.value)
