from enum import StrEnum

class RestrictionReportVerdict(StrEnum):
    BREACHED = "breached"
    HONOURED = "honoured"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
