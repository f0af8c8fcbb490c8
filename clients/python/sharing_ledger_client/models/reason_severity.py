from enum import StrEnum

class ReasonSeverity(StrEnum):
    BREACH = "breach"
    INFO = "info"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
