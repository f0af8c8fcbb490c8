from enum import StrEnum

class PromiseResultOutcome(StrEnum):
    BROKEN = "broken"
    KEPT = "kept"
    NOT_EVIDENCED = "not evidenced"

    def __str__(self) -> str:
        return str(self.value)
