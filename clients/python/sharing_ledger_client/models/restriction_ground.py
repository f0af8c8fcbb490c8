from enum import StrEnum

class RestrictionGround(StrEnum):
    SLA18_1_A = "sl:A18-1-a"
    SLA18_1_B = "sl:A18-1-b"
    SLA18_1_C = "sl:A18-1-c"
    SLA18_1_D = "sl:A18-1-d"

    def __str__(self) -> str:
        return str(self.value)
